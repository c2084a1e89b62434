using System.Globalization;
using Intelligence.Platform.Security;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// The four services and the gateway, each on its own Kestrel socket, against real PostgreSQL (a database per
/// service) and RabbitMQ. The gateway reaches each service through a <see cref="TcpFaultProxy"/>, so a test can take
/// one service away (<see cref="Outage"/>) and see how the gateway copes.
/// </summary>
public sealed class WholeSystem : IAsyncLifetime
{
    public static readonly string[] ServiceNames = ["releases", "pricing", "regulation", "adoption"];

    /// <summary>A reader key the gateway holds to one request a second (a burst of two), to see the rate limit.</summary>
    public const string ThrottledKey = "throttled-test-key";
    private const string ThrottledKeyName = "throttled";

    /// <summary>Every app holds the same keys, as a deployment would configure them.</summary>
    private static readonly KeyValuePair<string, string?>[] SharedKeys =
    [
        new($"Auth:ApiKeys:{ThrottledKeyName}:Sha256", ApiKeyRegistry.Hash(ThrottledKey)),
        new($"Auth:ApiKeys:{ThrottledKeyName}:Roles:0", ApiRoles.Reader),
        new($"Auth:ApiKeys:{ThrottledKeyName}:RequestsPerSecond", "1"),
    ];

    private readonly List<TestDatabase> _databases = [];
    private readonly Dictionary<string, TcpFaultProxy> _links = [];

    public ServiceHost<Releases.Program> Releases { get; private set; } = null!;

    public ServiceHost<Pricing.Program> Pricing { get; private set; } = null!;

    public ServiceHost<Regulation.Program> Regulation { get; private set; } = null!;

    public ServiceHost<Adoption.Program> Adoption { get; private set; } = null!;

    public ServiceHost<Program> Gateway { get; private set; } = null!;

    /// <summary>A client of the gateway, as product staff and internal teams use it.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Releases = await StartServiceAsync<Releases.Program>("releases");
        Pricing = await StartServiceAsync<Pricing.Program>("pricing");
        Regulation = await StartServiceAsync<Regulation.Program>("regulation");
        Adoption = await StartServiceAsync<Adoption.Program>("adoption");

        Gateway = new ServiceHost<Program>(
            [
                .. ServiceNames.Select(name => new KeyValuePair<string, string?>(
                    $"ReverseProxy:Clusters:{name}:Destinations:{name}-1:Address",
                    $"http://127.0.0.1:{_links[name].Port.ToString(CultureInfo.InvariantCulture)}/")),
                .. ServiceNames.Select(name => new KeyValuePair<string, string?>(
                    $"ReverseProxy:Clusters:{name}:HealthCheck:Active:Interval", "00:00:01")),
                .. SharedKeys,
                .. TestServers.RabbitSettings(),
            ]);
        Gateway.Start();
        Client = Gateway.NewClient();
    }

    /// <summary>Cuts the gateway's link to one service until the returned scope is disposed.</summary>
    public IDisposable Outage(string service)
    {
        var link = _links[service];
        link.Cut();
        return new Restore(link);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Adoption.DisposeAsync();
        await Regulation.DisposeAsync();
        await Pricing.DisposeAsync();
        await Releases.DisposeAsync();
        foreach (var link in _links.Values)
        {
            await link.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private async Task<ServiceHost<TProgram>> StartServiceAsync<TProgram>(string name)
        where TProgram : class
    {
        var database = await TestDatabase.CreateAsync($"gw_{name}");
        _databases.Add(database);
        var host = new ServiceHost<TProgram>(
            [
                new("ConnectionStrings:Marten", database.ConnectionString),

                // The lag gauges are sampled every second rather than every five, so the observability tests wait less.
                new("Observability:SampleSeconds", "1"),
                .. TestServers.RabbitSettings(),
                .. TestServers.PrivateQueues(name),
                .. SharedKeys,
            ]);
        var address = host.Start();
        _links[name] = TcpFaultProxy.Start("127.0.0.1", address.Port);
        return host;
    }

    private sealed class Restore(TcpFaultProxy link) : IDisposable
    {
        public void Dispose() => link.Restore();
    }
}

[CollectionDefinition(Name)]
public sealed class WholeSystemGroup : ICollectionFixture<WholeSystem>
{
    public const string Name = "whole system";
}
