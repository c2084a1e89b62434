using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.EndToEnd.Tests;

/// <summary>The releases service and the gateway in front of it, on real sockets, PostgreSQL and RabbitMQ.</summary>
public sealed class SkeletonSystem : IAsyncLifetime
{
    private TestDatabase? _database;

    public ServiceHost<Releases.Program> Releases { get; private set; } = null!;

    public ServiceHost<Gateway.Program> Gateway { get; private set; } = null!;

    public HttpClient ThroughGateway { get; private set; } = null!;

    /// <summary>The releases service reaches RabbitMQ through this link, which a test may cut to make an outage.</summary>
    public TcpFaultProxy BrokerLink { get; private set; } = null!;

    public IDocumentStore ReleasesStore => Releases.Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("e2e_releases");
        BrokerLink = TcpFaultProxy.Start(TestServers.RabbitHost, TestServers.RabbitPort);
        Releases = new ServiceHost<Releases.Program>(
            [
                new("ConnectionStrings:Marten", _database.ConnectionString),
                .. TestServers.RabbitSettings(),
                new("RabbitMq:Port", BrokerLink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]);
        var releasesAddress = Releases.Start();

        Gateway = new ServiceHost<Gateway.Program>(
            [
                new("ReverseProxy:Clusters:releases:Destinations:releases-1:Address", releasesAddress.ToString()),
            ]);
        Gateway.Start();
        ThroughGateway = Gateway.NewClient();
    }

    public async Task DisposeAsync()
    {
        ThroughGateway.Dispose();
        await Gateway.DisposeAsync();
        await Releases.DisposeAsync();
        await BrokerLink.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
