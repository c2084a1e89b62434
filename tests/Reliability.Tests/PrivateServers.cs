using System.Globalization;
using Intelligence.TestSupport;
using Npgsql;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// A PostgreSQL and a RabbitMQ node of the fault suite's own, started by the project's script
/// (<c>infra/local/servers.sh</c>) with other ports and folders: the suite stops and restarts them as faults while the
/// other test projects keep using the shared servers. Ports are fixed (below) so a leftover of an aborted run is found
/// and stopped by the same script.
/// </summary>
public sealed class PrivateServers : IAsyncLifetime
{
    public const int PostgresPort = 5532;
    public const int RabbitPort = 5772;
    public const int RabbitManagementPort = 15772;

    private static readonly string Folder = RepositoryFiles.PathOf(".local/reliability");

    // No port here may fall in 35672-35682, where the RabbitMQ CLI (rabbitmqctl) listens for its own distribution.
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["INTEL_LOCAL_DIR"] = Folder,
        ["INTEL_PG_PORT"] = PostgresPort.ToString(CultureInfo.InvariantCulture),
        ["INTEL_PG_FAST"] = "1",
        ["INTEL_RABBIT_PORT"] = RabbitPort.ToString(CultureInfo.InvariantCulture),
        ["INTEL_RABBIT_MGMT_PORT"] = RabbitManagementPort.ToString(CultureInfo.InvariantCulture),
        ["INTEL_RABBIT_PROMETHEUS_PORT"] = "15792",
        ["INTEL_RABBIT_DIST_PORT"] = "25772",
        ["INTEL_RABBIT_NODE"] = "reliability@localhost",
        ["ERL_EPMD_PORT"] = "4471",
    };

    public async Task InitializeAsync()
    {
        await ScriptAsync("stop");
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        await ScriptAsync("start");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ScriptAsync("stop");
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>A clean shutdown of the broker (<c>rabbitmqctl shutdown</c>): every connection drops, durable queues stay.</summary>
    public Task StopRabbitAsync() => ScriptAsync("stop", "rabbitmq");

    public Task StartRabbitAsync() => ScriptAsync("start", "rabbitmq");

    /// <summary>A fast shutdown of the database (<c>pg_ctl stop -m fast</c>): open transactions roll back, sessions end.</summary>
    public Task StopPostgresAsync() => ScriptAsync("stop", "postgres");

    public Task StartPostgresAsync() => ScriptAsync("start", "postgres");

    /// <summary>Where these servers are, for a <see cref="FaultSystem"/>.</summary>
    public ServerSite Site { get; } = new(PostgresPort, [RabbitPort], [RabbitManagementPort]);

    private static async Task ScriptAsync(params string[] arguments)
    {
        var run = await ProcessRun.RunAsync(
            "bash",
            [RepositoryFiles.PathOf("infra/local/servers.sh"), .. arguments],
            timeout: TimeSpan.FromMinutes(2),
            environment: Environment);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"servers.sh {string.Join(' ', arguments)} failed ({run.ExitCode}):\n{run.Output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PrivateServersGroup : ICollectionFixture<PrivateServers>
{
    /// <summary>One collection: the scenarios stop and start the same servers, so they run one at a time.</summary>
    public const string Name = "private servers";
}
