using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// Where a scenario's servers are: a PostgreSQL and one or more RabbitMQ nodes of the fault suite's own
/// (the Site of <see cref="PrivateServers"/> or of <see cref="PrivateRabbitCluster"/>). With more than one node, services
/// list every node and declare quorum queues.
/// </summary>
/// <param name="ManagementPorts">Each node's management API port, node 1 first (any running node answers for all).</param>
public sealed record ServerSite(int PostgresPort, IReadOnlyList<int> AmqpPorts, IReadOnlyList<int> ManagementPorts)
{
    public bool IsCluster => AmqpPorts.Count > 1;

    /// <summary>Every node as <c>host:port</c>, node 1 first: what a service's <c>RabbitMq:Hosts</c> lists.</summary>
    public IReadOnlyList<string> Hosts => [.. AmqpPorts.Select(port => $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}")];

    /// <param name="port">Where the service reaches the server: another port when it goes through a <see cref="TestSupport.TcpFaultProxy"/>.</param>
    /// <param name="pooling">
    /// Off for the test's own connections: a pooled connection would be a dead one after the suite restarts the server.
    /// </param>
    public string ConnectionString(string database, int? port = null, bool pooling = true) =>
        $"Host=127.0.0.1;Port={(port ?? PostgresPort).ToString(CultureInfo.InvariantCulture)};Database={database};Username=postgres;Password=postgres;Pooling={(pooling ? "true" : "false")}";

    /// <summary>A database of its own for one scenario's service.</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A virtual host of its own for one scenario (cluster-wide), so its queues and exchanges start empty.</summary>
    public async Task<string> CreateVirtualHostAsync(string name)
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

    /// <summary>The management API of node <paramref name="node"/> (1-based), as the guest user.</summary>
    public HttpClient ManagementClient(int node = 1)
    {
        var client = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{ManagementPorts[node - 1].ToString(CultureInfo.InvariantCulture)}/"),
            Timeout = TimeSpan.FromSeconds(15),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }
}
