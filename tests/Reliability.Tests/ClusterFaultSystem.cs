using System.Globalization;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;
using Npgsql;
using RabbitMQ.Client;

namespace Intelligence.Reliability.Tests;

/// <summary>What the management API says of one queue of a scenario's virtual host.</summary>
public sealed record QueueReplicas(string Name, string Type, string? Leader, IReadOnlyList<string> Members);

/// <summary>
/// <see cref="FaultSystem"/>'s scenario on <see cref="PrivateRabbitCluster"/>: releases, pricing and adoption as
/// processes with <c>RabbitMq:Hosts</c> listing the three nodes and <c>RabbitMq:QuorumQueues=true</c>, stores on
/// the cluster fixture's PostgreSQL, and a durable quorum tap queue on releases' <c>ModelReleased</c> exchange
/// that keeps every copy the broker carried. The test's own broker connections list every node too, so they outlive
/// the one that stops.
/// </summary>
public sealed class ClusterFaultSystem : IAsyncDisposable
{
    private const string ModelReleasedExchange = "intelligence.releases.model-released";
    private const string TapQueue = "reliability-tap";

    private readonly string _virtualHost;
    private readonly Dictionary<string, string> _databases = [];

    private ClusterFaultSystem(string virtualHost) => _virtualHost = virtualHost;

    public ServiceProcess Releases { get; private set; } = null!;

    public ServiceProcess Pricing { get; private set; } = null!;

    public ServiceProcess Adoption { get; private set; } = null!;

    public string VirtualHost => _virtualHost;

    public static async Task<ClusterFaultSystem> StartAsync(string scenario)
    {
        var system = new ClusterFaultSystem(await PrivateRabbitCluster.CreateVirtualHostAsync(scenario));
        foreach (var service in new[] { "releases", "pricing", "adoption" })
        {
            var database = $"{scenario.Replace('-', '_')}_{service}";
            await PrivateRabbitCluster.CreateDatabaseAsync(database);
            system._databases[service] = database;
        }

        await system.DeclareTapAsync();
        var releases = ServiceProcess.StartAsync("releases", $"{scenario}-releases", system.SettingsOf("releases"));
        var pricing = ServiceProcess.StartAsync("pricing", $"{scenario}-pricing", system.SettingsOf("pricing"));
        var adoption = ServiceProcess.StartAsync("adoption", $"{scenario}-adoption", system.SettingsOf("adoption"));
        system.Releases = await releases;
        system.Pricing = await pricing;
        system.Adoption = await adoption;
        return system;
    }

    /// <summary>The configuration each service runs with here: every node listed, quorum queues on.</summary>
    public IReadOnlyDictionary<string, string> SettingsOf(string service)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Marten"] = PrivateRabbitCluster.ConnectionString(_databases[service]),
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:Port"] = PrivateRabbitCluster.AmqpPort(1).ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = _virtualHost,
            ["RabbitMq:QuorumQueues"] = "true",
            ["Observability:SampleSeconds"] = "1",
        };
        for (var i = 0; i < PrivateRabbitCluster.Hosts.Count; i++)
        {
            settings[$"RabbitMq:Hosts:{i.ToString(CultureInfo.InvariantCulture)}"] = PrivateRabbitCluster.Hosts[i];
        }

        return settings;
    }

    /// <summary>The scenario's queues, their type and where their replicas are, read through node <paramref name="node"/>.</summary>
    public async Task<IReadOnlyList<QueueReplicas>> QueuesAsync(int node)
    {
        using var management = PrivateRabbitCluster.ManagementClient(node);
        using var queues = JsonDocument.Parse(await management.GetStringAsync(new Uri($"api/queues/{_virtualHost}", UriKind.Relative)));
        return [.. queues.RootElement.EnumerateArray().Select(queue => new QueueReplicas(
            queue.GetProperty("name").GetString()!,
            queue.GetProperty("type").GetString()!,
            queue.TryGetProperty("leader", out var leader) ? leader.GetString() : null,
            queue.TryGetProperty("members", out var members) ? [.. members.EnumerateArray().Select(member => member.GetString()!)] : []))];
    }

    /// <summary>Which node holds each of the scenario's client connections (the services' and the test's), by client name.</summary>
    public async Task<IReadOnlyList<(string Client, string Node)>> ConnectionsAsync(int node)
    {
        using var management = PrivateRabbitCluster.ManagementClient(node);
        using var connections = JsonDocument.Parse(await management.GetStringAsync(new Uri($"api/vhosts/{_virtualHost}/connections", UriKind.Relative)));
        return [.. connections.RootElement.EnumerateArray().Select(connection => (
            connection.TryGetProperty("client_properties", out var client) && client.TryGetProperty("connection_name", out var name) ? name.GetString() ?? "?" : "?",
            connection.GetProperty("node").GetString()!))];
    }

    /// <summary>How far each model whose id starts with <paramref name="prefix"/> got.</summary>
    public async Task<Delivery> DeliveryAsync(string prefix) => new(
        await IdsAsync("releases", "SELECT stream_id FROM releases.mt_events WHERE type = 'model_announced' AND stream_id LIKE @prefix", prefix),
        await TapCopiesAsync(prefix),
        await IdsAsync("pricing", "SELECT id FROM pricing.mt_doc_catalogmodel WHERE id LIKE @prefix", prefix),
        await IdsAsync("adoption", "SELECT id FROM adoption.mt_doc_catalogmodel WHERE id LIKE @prefix", prefix));

    public Task<Delivery> WaitForDeliveryAsync(string prefix, TimeSpan timeout) => Eventually.Until(
        () => DeliveryAsync(prefix),
        delivery => delivery.Stored.Count > 0 && delivery.DeliveredEverywhere.Count == delivery.Stored.Count,
        timeout,
        $"every model stored under {prefix} to reach the broker, pricing and adoption");

    /// <summary>Copies the consumers dropped as already handled (their <c>duplicate</c> outcome), summed over pricing and adoption.</summary>
    public async Task<double> DuplicatesDroppedByConsumersAsync()
    {
        var total = 0d;
        foreach (var consumer in new[] { Pricing, Adoption })
        {
            var metrics = await MetricsText.ScrapeAsync(consumer.BaseAddress);
            total += metrics.Sum("intelligence_consumer_messages_consumed_total", ("outcome", "duplicate"));
        }

        return total;
    }

    /// <summary>
    /// Sends one raw message straight to <paramref name="queue"/> (default exchange), as a faulty producer would: a
    /// body that is not JSON goes to the queue's <c>_error</c> queue, a message type no consumer there handles to its
    /// <c>_skipped</c> queue, so the test sees what kind of queue MassTransit declares for each.
    /// </summary>
    public async Task SendRawAsync(string queue, string body, string messageType)
    {
        await using var connection = await BrokerConnection().CreateConnectionAsync(Endpoints(), "reliability-cluster-raw");
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            MessageId = Guid.NewGuid().ToString(),
            ContentType = "application/vnd.masstransit+json",
            Persistent = true,
            Headers = new Dictionary<string, object?> { ["MT-MessageType"] = messageType },
        };
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, Encoding.UTF8.GetBytes(body));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { Releases, Pricing, Adoption }.Where(process => process is not null))
        {
            await process.DisposeAsync();
        }
    }

    private static IList<AmqpTcpEndpoint> Endpoints() =>
        [.. PrivateRabbitCluster.NodeNumbers.Select(node => new AmqpTcpEndpoint("127.0.0.1", PrivateRabbitCluster.AmqpPort(node)))];

    private ConnectionFactory BrokerConnection() => new()
    {
        VirtualHost = _virtualHost,
        UserName = "guest",
        Password = "guest",
    };

    private async Task DeclareTapAsync()
    {
        await using var connection = await BrokerConnection().CreateConnectionAsync(Endpoints(), "reliability-cluster-tap");
        await using var channel = await connection.CreateChannelAsync();

        // The same exchange MassTransit declares; the tap is a quorum queue like the services' own, so a stopped
        // node takes none of its copies with it.
        await channel.ExchangeDeclareAsync(ModelReleasedExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(TapQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.QueueBindAsync(TapQueue, ModelReleasedExchange, routingKey: string.Empty);
    }

    /// <summary>Reads every copy in the tap without taking it (each returns to the queue when the channel closes).</summary>
    private async Task<IReadOnlyDictionary<string, int>> TapCopiesAsync(string prefix)
    {
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = await BrokerConnection().CreateConnectionAsync(Endpoints(), "reliability-cluster-tap-reader");
        await using var channel = await connection.CreateChannelAsync();
        while (await channel.BasicGetAsync(TapQueue, autoAck: false) is { } copy)
        {
            using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(copy.Body.Span));
            var modelId = envelope.RootElement.GetProperty("message").GetProperty("modelId").GetString() ?? string.Empty;
            if (modelId.StartsWith(prefix, StringComparison.Ordinal))
            {
                copies[modelId] = copies.GetValueOrDefault(modelId) + 1;
            }
        }

        return copies;
    }

    private async Task<IReadOnlySet<string>> IdsAsync(string service, string sql, string prefix)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(PrivateRabbitCluster.ConnectionString(_databases[service], pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("prefix", prefix + "%");
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }
        catch (PostgresException missing) when (missing.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A consumer makes its replica table when it first starts; until then it holds nothing.
        }

        return ids;
    }
}
