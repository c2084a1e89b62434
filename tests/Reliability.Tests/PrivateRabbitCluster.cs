using System.Globalization;
using Intelligence.TestSupport;
using Npgsql;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// A three-node RabbitMQ cluster and a PostgreSQL of the cluster scenario's own, started by the project's script
/// (<c>INTEL_RABBIT_NODES=3 infra/local/servers.sh start</c>) with their own folder, node names, epmd and ports, so a
/// test can stop one node while the shared servers and <see cref="PrivateServers"/> (another collection's fixture,
/// which may be in use by another run of the suite) go on untouched.
/// </summary>
public sealed class PrivateRabbitCluster : IAsyncLifetime
{
    public const int Nodes = 3;

    public const int PostgresPort = 5632;

    // Node i takes each base port + i - 1. The CLI talking to node i listens on its dist port + 10000..10010
    // (35872-35884 here): clear of every port below, of the shared node's (5672, 15672, 15692, 25672, 4371) and of
    // PrivateServers' (5532, 5772, 15772, 15792, 25772, 4471).
    private const int AmqpBase = 5872;
    private const int ManagementBase = 15872;

    private static readonly string Folder = RepositoryFiles.PathOf(".local/reliability-cluster");

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["INTEL_LOCAL_DIR"] = Folder,
        ["INTEL_PG_PORT"] = PostgresPort.ToString(CultureInfo.InvariantCulture),
        ["INTEL_PG_FAST"] = "1",
        ["INTEL_RABBIT_NODES"] = Nodes.ToString(CultureInfo.InvariantCulture),
        ["INTEL_RABBIT_PORT"] = AmqpBase.ToString(CultureInfo.InvariantCulture),
        ["INTEL_RABBIT_MGMT_PORT"] = ManagementBase.ToString(CultureInfo.InvariantCulture),
        ["INTEL_RABBIT_PROMETHEUS_PORT"] = "15892",
        ["INTEL_RABBIT_DIST_PORT"] = "25872",
        ["INTEL_RABBIT_NODE"] = "reliability-cluster@localhost",
        ["ERL_EPMD_PORT"] = "4571",
    };

    /// <summary>How long the script took to start PostgreSQL and the cluster from nothing.</summary>
    public TimeSpan StartedIn { get; private set; }

    public static IEnumerable<int> NodeNumbers => Enumerable.Range(1, Nodes);

    public static int AmqpPort(int node) => AmqpBase + node - 1;

    /// <summary>The Erlang node name of node <paramref name="node"/>, as the management API reports it.</summary>
    public static string NodeName(int node) => $"reliability-cluster-{node.ToString(CultureInfo.InvariantCulture)}@localhost";

    /// <summary>Where these servers are, for a <see cref="FaultSystem"/>.</summary>
    public ServerSite Site { get; } = new(PostgresPort, [.. NodeNumbers.Select(AmqpPort)], [.. NodeNumbers.Select(node => ManagementBase + node - 1)]);

    public async Task InitializeAsync()
    {
        await ScriptAsync("stop");
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        var started = DateTime.UtcNow;
        await ScriptAsync("start");
        StartedIn = DateTime.UtcNow - started;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ScriptAsync("stop");
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary><c>rabbitmqctl shutdown</c> of one node: its connections drop; the other two keep the cluster's majority.</summary>
    public Task StopNodeAsync(int node) => ScriptAsync("stop-node", node.ToString(CultureInfo.InvariantCulture));

    /// <summary>Starts one node again; it rejoins the cluster and its quorum queue members catch up.</summary>
    public Task StartNodeAsync(int node) => ScriptAsync("start-node", node.ToString(CultureInfo.InvariantCulture));

    private static async Task ScriptAsync(params string[] arguments)
    {
        var run = await ProcessRun.RunAsync(
            "bash",
            [RepositoryFiles.PathOf("infra/local/servers.sh"), .. arguments],
            // Three Erlang nodes booting and joining take about 35 s alone; far longer beside the other suites on two cores.
            timeout: TimeSpan.FromMinutes(6),
            environment: Environment);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"servers.sh {string.Join(' ', arguments)} failed ({run.ExitCode}):\n{run.Output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RabbitClusterGroup : ICollectionFixture<PrivateRabbitCluster>
{
    public const string Name = "private rabbit cluster";
}
