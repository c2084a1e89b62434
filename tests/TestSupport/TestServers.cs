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

    /// <summary>Tests publish in their own virtual host, so a system running beside them hears nothing of it.</summary>
    public static string RabbitVirtualHost => Env("INTEL_TEST_RABBIT_VHOST", "tests");

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
