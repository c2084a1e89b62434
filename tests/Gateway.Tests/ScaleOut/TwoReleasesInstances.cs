using System.Globalization;
using Intelligence.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Intelligence.Gateway.Tests.ScaleOut;

/// <summary>
/// Two instances of the releases service on one store (as <c>infra/run.sh</c> with <c>INTEL_INSTANCES_RELEASES=2</c>
/// runs them), each behind its own <see cref="TcpFaultProxy"/>, a pricing service, and a gateway whose releases cluster
/// lists both instances. A system of its own, not <see cref="WholeSystem"/>: requests are counted per instance, and an
/// instance is cut off, without other tests' traffic or outages in the way.
/// </summary>
public sealed class TwoReleasesInstances : IAsyncLifetime
{
    /// <summary>The YARP destination ids of the two instances, as infra/run.sh names them.</summary>
    public static readonly string[] DestinationIds = ["releases-1", "releases-2"];

    private readonly List<TcpFaultProxy> _links = [];
    private TestDatabase _releasesDatabase = null!;
    private TestDatabase _pricingDatabase = null!;

    /// <summary>The two releases instances, in the order of <see cref="DestinationIds"/>.</summary>
    public IReadOnlyList<ServiceHost<Releases.Program>> Instances { get; private set; } = [];

    /// <summary>How many requests each instance served, by route; in the order of <see cref="Instances"/>.</summary>
    public IReadOnlyList<ServedRequests> Served { get; private set; } = [];

    public ServiceHost<Pricing.Program> Pricing { get; private set; } = null!;

    public ServiceHost<Program> Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _releasesDatabase = await TestDatabase.CreateAsync("gw_scale_releases");
        _pricingDatabase = await TestDatabase.CreateAsync("gw_scale_pricing");

        // One after the other: the first applies the store's schema, the second finds it there, as a rolling start does.
        var first = StartReleases();
        var second = StartReleases();
        Instances = [first, second];
        Served = [new ServedRequests(first.Services), new ServedRequests(second.Services)];
        Pricing = new ServiceHost<Pricing.Program>(
            [
                new("ConnectionStrings:Marten", _pricingDatabase.ConnectionString),
                .. TestServers.RabbitSettings(),
                .. TestServers.PrivateQueues("pricing"),
            ]);
        var pricingLink = Link(Pricing.Start());

        Gateway = new ServiceHost<Program>(
            [
                .. Instances.Select((_, i) => new KeyValuePair<string, string?>(
                    $"ReverseProxy:Clusters:releases:Destinations:{DestinationIds[i]}:Address", Address(_links[i]))),
                new("ReverseProxy:Clusters:pricing:Destinations:pricing-1:Address", Address(pricingLink)),

                // Not hosted here: a port nobody listens on, so their parts fail at once instead of reaching whatever
                // a developer runs on the default ports. The tests read nothing of theirs.
                new("ReverseProxy:Clusters:regulation:Destinations:regulation-1:Address", "http://127.0.0.1:1/"),
                new("ReverseProxy:Clusters:adoption:Destinations:adoption-1:Address", "http://127.0.0.1:1/"),

                // Checked every second rather than every five, so an instance cut off is marked down sooner.
                new("ReverseProxy:Clusters:releases:HealthCheck:Active:Interval", "00:00:01"),
                new("Logging:LogLevel:Yarp", "Error"),
                .. TestServers.RabbitSettings(),
            ]);
        Gateway.Start();
        Client = Gateway.NewClient();
    }

    /// <summary>Cuts the gateway's link to one releases instance until the returned scope is disposed.</summary>
    public IDisposable CutOff(int instance)
    {
        var link = _links[instance];
        link.Cut();
        return new Restore(link);
    }

    /// <summary>What the gateway's YARP thinks of one releases instance right now.</summary>
    public DestinationHealth ActiveHealth(int instance)
    {
        var lookup = Gateway.Services.GetRequiredService<IProxyStateLookup>();
        return lookup.TryGetCluster("releases", out var cluster) && cluster.Destinations.TryGetValue(DestinationIds[instance], out var destination)
            ? destination.Health.Active
            : DestinationHealth.Unknown;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Pricing.DisposeAsync();
        foreach (var served in Served)
        {
            served.Dispose();
        }

        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }

        await _pricingDatabase.DisposeAsync();
        await _releasesDatabase.DisposeAsync();
    }

    private ServiceHost<Releases.Program> StartReleases()
    {
        var host = new ServiceHost<Releases.Program>(
            [
                new("ConnectionStrings:Marten", _releasesDatabase.ConnectionString),
                new("Marten:DaemonMode", "HotCold"),
                .. TestServers.RabbitSettings(),
            ]);
        Link(host.Start());
        return host;
    }

    private TcpFaultProxy Link(Uri address)
    {
        var link = TcpFaultProxy.Start("127.0.0.1", address.Port);
        _links.Add(link);
        return link;
    }

    private static string Address(TcpFaultProxy link) => $"http://127.0.0.1:{link.Port.ToString(CultureInfo.InvariantCulture)}/";

    private sealed class Restore(TcpFaultProxy link) : IDisposable
    {
        public void Dispose() => link.Restore();
    }
}

/// <summary>
/// Runs alone, as the bad-input corpus does: its relays publish to the exchanges the whole system's consumers are bound
/// to, and its hosts count into the process's one Prometheus registry, which the whole system's tests compare.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TwoReleasesInstancesGroup : ICollectionFixture<TwoReleasesInstances>
{
    public const string Name = "two releases instances";
}
