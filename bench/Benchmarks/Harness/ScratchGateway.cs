using Intelligence.TestSupport;
using GatewayProgram = Intelligence.Gateway.Program;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// The gateway hosted in-process on Kestrel exactly as its Program builds it (YARP, API keys, composition), its
/// clusters pointed at scratch services; the rate limiter set out of reach, since a benchmark measures the path,
/// not the limiter's refusals.
/// </summary>
public sealed class ScratchGateway : IAsyncDisposable
{
    private readonly ServiceHost<GatewayProgram> _host;

    private ScratchGateway(ServiceHost<GatewayProgram> host) => _host = host;

    public ServiceHost<GatewayProgram> Host => _host;

    /// <param name="services">Each cluster's one destination: "releases" and the address of a scratch releases service.</param>
    public static ScratchGateway Start(IReadOnlyDictionary<string, Uri> services) =>
        Start(services.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Uri>)[pair.Value]));

    /// <param name="services">Each cluster's destinations, named <c>releases-1</c>, <c>releases-2</c>... as infra/run.sh names instances.</param>
    public static ScratchGateway Start(IReadOnlyDictionary<string, IReadOnlyList<Uri>> services)
    {
        var host = new ServiceHost<GatewayProgram>(
            [
                .. services.SelectMany(pair => pair.Value.Select((address, i) => new KeyValuePair<string, string?>(
                    $"ReverseProxy:Clusters:{pair.Key}:Destinations:{pair.Key}-{i + 1}:Address", address.ToString()))),
                .. TestServers.RabbitSettings(),
                new("RateLimits:RequestsPerSecond", "1000000"),
                new("Logging:LogLevel:Default", "Warning"),
                // A cluster the benchmark does not host fails YARP's active health checks: noise, not findings.
                new("Logging:LogLevel:Yarp", "Error"),
                new("Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel", "Error"),
            ]);
        try
        {
            host.Start();
            return new ScratchGateway(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A client to the gateway with <paramref name="apiKey"/>, patient enough for an import.</summary>
    public HttpClient NewClient(string apiKey)
    {
        var client = _host.NewClient(apiKey);
        client.Timeout = TimeSpan.FromMinutes(10);
        return client;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
