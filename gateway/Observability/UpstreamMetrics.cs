using System.Diagnostics;
using Yarp.ReverseProxy.Forwarder;

namespace Intelligence.Gateway.Observability;

/// <summary>Times the gateway's calls to the services and counts the ones that got no usable answer.</summary>
public static class UpstreamMetrics
{
    /// <summary>The service (YARP cluster) a request to a service is for; set by whoever builds the request.</summary>
    public static readonly HttpRequestOptionsKey<string> Service = new("intelligence.upstream-service");

    /// <summary>Marks <paramref name="request"/> as a call to <paramref name="service"/> for the metrics.</summary>
    public static HttpRequestMessage For(this HttpRequestMessage request, string service)
    {
        request.Options.Set(Service, service);
        return request;
    }

    /// <summary>The first step of YARP's pipeline: the whole forwarding to a service, timed, and its failures counted by reason.</summary>
    public static IReverseProxyApplicationBuilder UseUpstreamMetrics(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next();
            var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            GatewayMetrics.UpstreamDuration.WithLabels(service, GatewayMetrics.Proxy).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            var reason = context.GetForwarderErrorFeature()?.Error is { } error
                ? ReasonOf(error)
                : context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? "status" : null;
            if (reason is not null)
            {
                GatewayMetrics.UpstreamFailures.WithLabels(service, GatewayMetrics.Proxy, reason).Inc();
            }
        });
        return proxy;
    }

    /// <summary>The caller going away is not the service's failure: those are not counted.</summary>
    private static string? ReasonOf(ForwarderError error) => error switch
    {
        ForwarderError.NoAvailableDestinations => "no-destination",
        ForwarderError.RequestTimedOut => "timeout",
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled => null,
        ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient or ForwarderError.UpgradeRequestClient
            or ForwarderError.UpgradeResponseClient => null,
        _ => "unreachable",
    };
}

/// <summary>Times calls made by an <see cref="HttpClient"/> of the gateway to the services (composition, event feed).</summary>
public sealed class UpstreamMetricsHandler(string caller, IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var service = request.Options.TryGetValue(UpstreamMetrics.Service, out var name) ? name : "unknown";
        var started = Stopwatch.GetTimestamp();
        string? failure = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            failure = (int)response.StatusCode >= StatusCodes.Status500InternalServerError ? "status" : null;
            return response;
        }
        catch (OperationCanceledException) when (accessor.HttpContext?.RequestAborted.IsCancellationRequested != true)
        {
            failure = "timeout";
            throw;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            failure = "unreachable";
            throw;
        }
        finally
        {
            GatewayMetrics.UpstreamDuration.WithLabels(service, caller).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (failure is not null)
            {
                GatewayMetrics.UpstreamFailures.WithLabels(service, caller, failure).Inc();
            }
        }
    }
}
