using System.Globalization;
using System.Text;
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

    // The CLI's own distribution ports are the node's plus 10,000 (35772-35782 here): clear of the shared node's.
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

    /// <param name="port">Where the service reaches the server: another port when it goes through a <see cref="TcpFaultProxy"/>.</param>
    /// <param name="pooling">
    /// Off for the test's own connections: a pooled connection would be a dead one after the suite restarts the server.
    /// </param>
    public static string ConnectionString(string database, int port = PostgresPort, bool pooling = true) =>
        $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Database={database};Username=postgres;Password=postgres;Pooling={(pooling ? "true" : "false")}";

    /// <summary>A database of its own for one scenario's service.</summary>
    public static async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A virtual host of its own for one scenario, so its queues and exchanges start empty.</summary>
    public static async Task<string> CreateVirtualHostAsync(string name)
    {
        using var management = ManagementClient();
        using var created = await management.PutAsync(new Uri($"api/vhosts/{name}", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        using var permitted = await management.PutAsync(
            new Uri($"api/permissions/{name}/guest", UriKind.Relative),
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"));
        permitted.EnsureSuccessStatusCode();
        return name;
    }

    public static HttpClient ManagementClient()
    {
        var client = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{RabbitManagementPort.ToString(CultureInfo.InvariantCulture)}/"),
            Timeout = TimeSpan.FromSeconds(15),
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }

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
