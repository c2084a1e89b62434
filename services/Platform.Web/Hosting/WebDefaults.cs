using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Intelligence.Platform.Http;
using Intelligence.Platform.Metrics;
using Intelligence.Platform.Security;
using Intelligence.Platform.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using Prometheus;

namespace Intelligence.Platform;

/// <summary>What every HTTP app of the system does the same way: problems, health, metrics, OpenAPI.</summary>
public static class WebDefaults
{
    /// <summary>Health checks tagged so are part of <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public const string MetricsPortSetting = "Metrics:Port";

    public static WebApplicationBuilder AddWebDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        WebMetrics.SuppressDuplicateDefaultMetrics();
        WebMetrics.StartAtZero(serviceName);

        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.AddTelemetry(serviceName);

        // JSON lines for log shippers (the framework's formatter) unless configuration names another
        // (Logging:Console:FormatterName=simple). The scopes carry the trace and span ids (the host's default activity
        // tracking) and the request's correlation id, which join a line to its trace.
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

            // Log lines go to files and shippers, never into HTML: '+', '<' and non-ASCII letters stay as they are.
            options.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName ??= ConsoleFormatterNames.Json);
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);

            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
            {
                WebMetrics.CountRejected(context.HttpContext, "body-size-limit");
            }

            // The framework answers some requests itself (an oversized body, a body that is not JSON, a path no
            // endpoint maps), without an exception to describe them: name the rule broken, as every problem does.
            if (!context.ProblemDetails.Extensions.ContainsKey("rule") && FrameworkProblems.Describe(context.ProblemDetails.Status) is var (rule, detail))
            {
                context.ProblemDetails.Type = $"https://intelligence.local/problems/{rule}";
                context.ProblemDetails.Detail = detail ?? context.ProblemDetails.Detail;
                context.ProblemDetails.Extensions["rule"] = rule;
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Unreadable bodies throw, so the exception handler can answer with a problem that names the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowTrailingCommas = false;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
            options.SerializerOptions.Converters.Add(new TextWithoutNul());
        });

        // Commands are small JSON documents; the CSV import endpoints allow more (CsvImports.MaxBodyBytes).
        var maxBodyBytes = builder.Configuration.GetValue<long>("Limits:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBodyBytes);

        // Read once here so that a bad value stops the app at start, naming the setting.
        MetricsPort(builder.Configuration);
        builder.AddApiKeySecurity();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<ApiKeyDocumentTransformer>());

        // Behind a proxy an app learns the client's address (X-Forwarded-For: per-address rate limits), the scheme
        // (HSTS on HTTPS) and, behind the gateway, the public path prefix and host its OpenAPI document names. Only
        // from the proxies configured (ForwardedHeaders:KnownProxies, :KnownNetworks), which replace the default of
        // loopback: any other peer could claim any address.
        var proxies = builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedPrefix | ForwardedHeaders.XForwardedHost
                | ForwardedHeaders.XForwardedProto;
            if (proxies.Length + networks.Length > 0)
            {
                // The proxies configured replace loopback: only they are believed.
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }

            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/8)."));
            }
        });
        return builder;
    }

    /// <param name="pages">Pages served without a key (before authentication), with their content security policy; none for an API.</param>
    public static WebApplication UseWebDefaults(this WebApplication app, PublicPages? pages = null)
    {
        // Outermost, so the recorded status is the one the exception handler finally wrote.
        app.UseHttpMetrics();
        app.UseForwardedHeaders();
        app.UseResponseSecurityHeaders(pages);

        // With a port of its own, /metrics answers only on it (the library filters by the connection's local port,
        // which a client cannot choose as it can a Host header), so an ingress routing to the app's port never
        // exposes it; Prometheus scrapes the pod on that port.
        if (MetricsPort(app.Configuration) is { } metricsPort)
        {
            app.UseMetricServer(metricsPort);
        }

        pages?.Use(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCorrelationId();
        app.UseAuthentication();
        if (app.Services.GetService<RateLimitSettings>() is not null)
        {
            app.UseRateLimiter();
        }

        app.UseAuthorization();
        app.UseIdempotencyKeys();
        return app;
    }

    public static WebApplication MapWebDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteHealth,
        }).AllowAnonymous();
        if (MetricsPort(app.Configuration) is null)
        {
            app.MapMetrics().AllowAnonymous();
        }

        app.MapOpenApi().AllowAnonymous();

        // What the app's host adds: every event-sourced service serves its integration events by position (the
        // gateway merges them), and its admin endpoints (Platform's EventSourcedService).
        foreach (var endpoints in app.Services.GetServices<IDefaultEndpoints>())
        {
            endpoints.Map(app);
        }

        return app;
    }

    /// <summary><c>Metrics:Port</c>: a port of its own for <c>/metrics</c>; unset, it is served on the app's port.</summary>
    public static int? MetricsPort(IConfiguration configuration) =>
        configuration.GetValue<int?>(MetricsPortSetting) switch
        {
            null => null,
            >= 1 and <= 65535 and var port => port,
            var port => throw new InvalidOperationException($"{MetricsPortSetting} must be a TCP port from 1 to 65535, not {port}."),
        };

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        });
    }
}
