namespace Intelligence.TestSupport;

/// <summary>
/// Where the real servers of the test run are. The test script starts them (infra/local/servers.sh) and may move
/// them with the same environment variables; the defaults match the script's.
/// </summary>
public static class TestServers
{
    public static string PostgresHost => Env("INTEL_PG_HOST", "127.0.0.1");

    public static int PostgresPort => int.Parse(Env("INTEL_PG_PORT", "5432"), System.Globalization.CultureInfo.InvariantCulture);

    public static string RabbitHost => Env("INTEL_RABBIT_HOST", "127.0.0.1");

    public static int RabbitPort => int.Parse(Env("INTEL_RABBIT_PORT", "5672"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Where RabbitMQ takes AMQP over TLS: the AMQP port - 1 (infra/local/servers.sh), or INTEL_RABBIT_TLS_PORT.</summary>
    public static int RabbitTlsPort => Environment.GetEnvironmentVariable("INTEL_RABBIT_TLS_PORT") is { Length: > 0 } port
        ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)
        : RabbitPort - 1;

    /// <summary>The CA that signed the broker's TLS certificate (infra/local/servers.sh makes it), or INTEL_RABBIT_CA_FILE.</summary>
    public static string RabbitCaFile => Env("INTEL_RABBIT_CA_FILE", RepositoryFiles.PathOf(".local/rabbitmq/tls/ca.pem"));

    /// <summary>Where RabbitMQ's own Prometheus plugin serves its metrics (infra/local/servers.sh).</summary>
    public static int RabbitPrometheusPort => int.Parse(Env("INTEL_RABBIT_PROMETHEUS_PORT", "15692"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Where RabbitMQ's management API listens (infra/local/servers.sh); tests use it to make their virtual host.</summary>
    public static int RabbitManagementPort => int.Parse(Env("INTEL_RABBIT_MGMT_PORT", "15672"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Each test project publishes in a virtual host of its own (<c>tests-gateway</c>, <c>tests-pricing</c>, ...), made
    /// on first use: a system running beside the tests hears nothing of them, and test projects running in parallel
    /// never receive each other's events, so a test may count exactly what its system consumed.
    /// </summary>
    public static string RabbitVirtualHost => Environment.GetEnvironmentVariable("INTEL_TEST_RABBIT_VHOST") is { Length: > 0 } fixedHost
        ? fixedHost
        : ProjectVirtualHost.Value;

    private static readonly Lazy<string> ProjectVirtualHost = new(() =>
    {
        // The test binaries live in tests/<Project>.Tests/bin/...: the project names the virtual host.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && directory.Name != "bin")
        {
            directory = directory.Parent;
        }

        var project = directory?.Parent?.Name ?? "tests";
        var name = "tests-" + (project.EndsWith(".Tests", StringComparison.Ordinal) ? project[..^".Tests".Length] : project).ToLowerInvariant();
        // Off any synchronization context: the lazy value is first read from test code that may hold one.
        Task.Run(() => EnsureVirtualHostAsync(name)).GetAwaiter().GetResult();
        return name;
    });

    /// <summary>A client of RabbitMQ's management API, as the guest user.</summary>
    public static HttpClient RabbitManagementClient()
    {
        var management = new HttpClient
        {
            BaseAddress = new Uri($"http://{RabbitHost}:{RabbitManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return management;
    }

    /// <summary>
    /// A virtual host for one fixture alone, made now: its hosts hear no event of the project's other test classes
    /// (a test that needs its store to stand still while others announce models). Delete it with <see cref="DeleteVirtualHostAsync"/>.
    /// </summary>
    public static async Task<string> PrivateVirtualHostAsync(string fixture)
    {
        var name = $"{RabbitVirtualHost}-{fixture}-{Guid.NewGuid():N}"[..(RabbitVirtualHost.Length + fixture.Length + 10)];
        await EnsureVirtualHostAsync(name);
        return name;
    }

    public static async Task DeleteVirtualHostAsync(string name)
    {
        using var management = RabbitManagementClient();
        using var deleted = await management.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(name)}", UriKind.Relative));
    }

    private static async Task EnsureVirtualHostAsync(string name)
    {
        using var management = RabbitManagementClient();
        var vhost = Uri.EscapeDataString(name);
        using var created = await management.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        using var permitted = await management.PutAsync(
            new Uri($"api/permissions/{vhost}/guest", UriKind.Relative),
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", System.Text.Encoding.UTF8, "application/json"));
        permitted.EnsureSuccessStatusCode();
    }

    public static string PostgresConnectionString(string database) =>
        $"Host={PostgresHost};Port={PostgresPort};Database={database};Username=postgres;Password=postgres;Pooling=true;Maximum Pool Size=30";

    /// <summary>Configuration keys a service host needs to reach the broker of the test run.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> RabbitSettings() =>
    [
        new("RabbitMq:Host", RabbitHost),
        new("RabbitMq:Port", RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("RabbitMq:VirtualHost", RabbitVirtualHost),
        new("RabbitMq:Username", "guest"),
        new("RabbitMq:Password", "guest"),
    ];

    /// <summary>
    /// Settings that give one service host queues of its own, deleted with it, so hosts of the same service in
    /// parallel test classes never take each other's messages.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> PrivateQueues(string service) =>
    [
        new("RabbitMq:QueuePrefix", $"{service}-test-{Guid.NewGuid():N}"[..(service.Length + 14)]),
        new("RabbitMq:TemporaryQueues", "true"),
    ];

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
