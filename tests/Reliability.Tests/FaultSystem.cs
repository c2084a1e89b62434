using System.Globalization;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;
using Npgsql;
using RabbitMQ.Client;

namespace Intelligence.Reliability.Tests;

/// <summary>What the management API says of one queue of a scenario's virtual host.</summary>
public sealed record QueueReplicas(string Name, string Type, string? Leader, IReadOnlyList<string> Members);

/// <summary>How far a set of written models got: into the releases store, onto the broker, into each consumer's store.</summary>
/// <param name="BrokerTraces">The trace id each model's message carried (its W3C <c>traceparent</c> header), by model.</param>
public sealed record Delivery(
    IReadOnlySet<string> Stored,
    IReadOnlyDictionary<string, int> BrokerCopies,
    IReadOnlySet<string> InPricing,
    IReadOnlySet<string> InAdoption,
    IReadOnlyDictionary<string, string> BrokerTraces)
{
    /// <summary>Models that reached the broker and both consumers' stores.</summary>
    public IReadOnlySet<string> DeliveredEverywhere => Stored.Where(id => BrokerCopies.ContainsKey(id) && InPricing.Contains(id) && InAdoption.Contains(id)).ToHashSet();

    /// <summary>Copies beyond the first that the broker carried: at-least-once delivery showing.</summary>
    public int DuplicateCopies => BrokerCopies.Values.Sum(copies => copies - 1);
}

/// <summary>
/// One scenario's system on the private servers: releases (one or more instances) and its two consumers, pricing and
/// adoption, as processes, each with a database of its own, in a virtual host of their own. A durable queue (the tap)
/// bound to releases' <c>ModelReleased</c> exchange keeps every copy the broker carried, through a broker restart.
/// </summary>
public sealed class FaultSystem : IAsyncDisposable
{
    private const string ModelReleasedExchange = "intelligence.releases.model-released";
    private const string TapQueue = "reliability-tap";

    private readonly ServerSite _site;
    private readonly string _virtualHost;
    private readonly Dictionary<string, string> _connectionStrings;
    private readonly Dictionary<string, string> _testConnectionStrings;
    private readonly List<ServiceProcess> _releases = [];
    private readonly List<ServiceProcess> _consumers = [];

    /// <param name="connectionStrings">What each service connects with.</param>
    /// <param name="testConnectionStrings">What the test reads each store with: straight to the server, never cut off.</param>
    private FaultSystem(ServerSite site, string virtualHost, Dictionary<string, string> connectionStrings, Dictionary<string, string> testConnectionStrings)
    {
        _site = site;
        _virtualHost = virtualHost;
        _connectionStrings = connectionStrings;
        _testConnectionStrings = testConnectionStrings;
    }

    /// <summary>The link between one service and its database, when the scenario asked for one.</summary>
    public TcpFaultProxy? DatabaseLink { get; private init; }

    public IReadOnlyList<ServiceProcess> Releases => _releases;

    /// <summary>Pricing's first instance.</summary>
    public ServiceProcess Pricing => _consumers.First(process => process.Instance.Contains("-pricing", StringComparison.Ordinal));

    /// <summary>Adoption's first instance.</summary>
    public ServiceProcess Adoption => _consumers.First(process => process.Instance.Contains("-adoption", StringComparison.Ordinal));

    /// <summary>Every instance of pricing and adoption, the consumers of releases' events.</summary>
    public IReadOnlyList<ServiceProcess> Consumers => _consumers;

    /// <summary>The gateway, once <see cref="StartGatewayAsync"/> started it.</summary>
    public ServiceProcess? Gateway { get; private set; }

    /// <param name="releasesSettings">Settings for the first releases instance beyond <see cref="SettingsOf"/>.</param>
    /// <param name="linkedDatabase">
    /// A service that reaches its database through a <see cref="TcpFaultProxy"/> (<see cref="DatabaseLink"/>), so a
    /// test can cut that one service off its database while the others keep theirs.
    /// </param>
    /// <param name="site">Which of the suite's servers: the Site of <see cref="PrivateServers"/> or of <see cref="PrivateRabbitCluster"/>.</param>
    /// <param name="consumerInstances">Instances of pricing and of adoption each.</param>
    public static async Task<FaultSystem> StartAsync(
        ServerSite site,
        string scenario,
        int releasesInstances = 1,
        IReadOnlyDictionary<string, string>? releasesSettings = null,
        string? linkedDatabase = null,
        int consumerInstances = 1)
    {
        var name = scenario.Replace('-', '_');
        var link = linkedDatabase is null ? null : TcpFaultProxy.Start("127.0.0.1", site.PostgresPort);
        var connectionStrings = new Dictionary<string, string>();
        var ownConnectionStrings = new Dictionary<string, string>();
        foreach (var service in new[] { "releases", "pricing", "adoption" })
        {
            var database = $"{name}_{service}";
            await site.CreateDatabaseAsync(database);
            ownConnectionStrings[service] = site.ConnectionString(database, pooling: false);
            connectionStrings[service] = site.ConnectionString(database, service == linkedDatabase ? link!.Port : null);
        }

        var system = new FaultSystem(site, await site.CreateVirtualHostAsync(scenario), connectionStrings, ownConnectionStrings) { DatabaseLink = link };
        await system.DeclareTapAsync();
        system._releases.AddRange(Enumerable.Range(1, releasesInstances)
            .Select(n => ServiceProcess.Launch("releases", $"{scenario}-releases-{n}", n == 1 ? system.SettingsOf("releases", releasesSettings) : system.SettingsOf("releases"))));
        system._consumers.AddRange(new[] { "pricing", "adoption" }
            .SelectMany(service => Enumerable.Range(1, consumerInstances).Select(n =>
                ServiceProcess.Launch(service, consumerInstances == 1 ? $"{scenario}-{service}" : $"{scenario}-{service}-{n}", system.SettingsOf(service)))));
        try
        {
            await Task.WhenAll(system._releases.Concat(system._consumers).Select(process => process.WaitUntilReadyAsync()));
        }
        catch
        {
            // One that never got ready must not leave the others running: they would hold this scenario's database
            // (and its daemon's locks) in every later run against the same servers.
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    /// <summary>What <paramref name="service"/>'s database is doing: its sessions and the advisory locks held, for a test's failure message.</summary>
    public async Task<string> DatabaseActivityAsync(string service)
    {
        await using var connection = new NpgsqlConnection(_testConnectionStrings[service]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select string_agg(format('%s %s %s/%s %s', a.pid, a.state, a.wait_event_type, a.wait_event, left(a.query, 100)), E'\n')
                || E'\nadvisory: ' || coalesce((select string_agg(format('%s:%s granted=%s by %s', l.classid, l.objid, l.granted, l.pid), ', ') from pg_locks l where l.locktype = 'advisory'), 'none')
            from pg_stat_activity a where a.datname = current_database() and a.pid <> pg_backend_pid()
            """,
            connection);
        return (string?)await command.ExecuteScalarAsync() ?? "no session";
    }

    /// <summary>
    /// The configuration an instance of <paramref name="service"/> runs with here: on a cluster, every node listed
    /// (node 1 first), which turns quorum queues on.
    /// </summary>
    public IReadOnlyDictionary<string, string> SettingsOf(string service, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Marten"] = _connectionStrings[service],
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:Port"] = _site.AmqpPorts[0].ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = _virtualHost,
            ["Observability:SampleSeconds"] = "1",
        };
        if (service == "pricing")
        {
            // The faults are about model events: 1,383 reference FX rates recorded and relayed on every fresh store
            // would only load the machine while a cluster boots beside them.
            settings["Pricing:ShippedFxRates"] = "false";
        }

        if (service == "releases")
        {
            // The scenarios announce models of their own, never the reference ones the shipped benchmark scores are of:
            // the pass that looks for those models would only query a database the faults take away.
            settings["Releases:ShippedScores"] = "false";
        }

        if (_site.IsCluster)
        {
            // Listing several nodes is cluster mode: the services declare quorum queues without being told.
            for (var i = 0; i < _site.Hosts.Count; i++)
            {
                settings[$"RabbitMq:Hosts:{i.ToString(CultureInfo.InvariantCulture)}"] = _site.Hosts[i];
            }
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// Starts the gateway in front of every instance of releases, pricing and adoption (one YARP destination each,
    /// health-checked every second), on the scenario's broker for its event feed.
    /// </summary>
    public async Task<ServiceProcess> StartGatewayAsync(string instance)
    {
        var settings = new Dictionary<string, string>
        {
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:Port"] = _site.AmqpPorts[0].ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = _virtualHost,
        };
        foreach (var (service, instances) in new[] { ("releases", _releases), ("pricing", _consumers.Where(p => p.Instance.Contains("-pricing", StringComparison.Ordinal)).ToList()), ("adoption", _consumers.Where(p => p.Instance.Contains("-adoption", StringComparison.Ordinal)).ToList()) })
        {
            settings[$"ReverseProxy:Clusters:{service}:HealthCheck:Active:Interval"] = "00:00:01";
            for (var i = 0; i < instances.Count; i++)
            {
                settings[$"ReverseProxy:Clusters:{service}:Destinations:{service}-{(i + 1).ToString(CultureInfo.InvariantCulture)}:Address"] = instances[i].BaseAddress.ToString();
            }
        }

        Gateway = await ServiceProcess.StartAsync("gateway", instance, settings);
        return Gateway;
    }

    /// <summary>Launches one more instance of releases on the same store and broker, without waiting for it.</summary>
    public ServiceProcess LaunchReleasesInstance(string instance)
    {
        var process = ServiceProcess.Launch("releases", instance, SettingsOf("releases"));
        _releases.Add(process);
        return process;
    }

    /// <summary>Event positions: the last event stored and the relay's committed position.</summary>
    public async Task<(long LastEvent, long Relay)> RelayProgressAsync()
    {
        await using var connection = new NpgsqlConnection(_testConnectionStrings["releases"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT coalesce(max(seq_id), 0) FROM releases.mt_events), " +
            "(SELECT coalesce(max(last_seq_id), 0) FROM releases.mt_event_progression WHERE name LIKE 'IntegrationEventRelay%')",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>How far each model whose id starts with <paramref name="prefix"/> got.</summary>
    public async Task<Delivery> DeliveryAsync(string prefix)
    {
        var (copies, traces) = await TapCopiesAsync(prefix);
        return new(
            await IdsAsync("releases", "SELECT stream_id FROM releases.mt_events WHERE type = 'model_announced' AND stream_id LIKE @prefix", prefix),
            copies,
            await IdsAsync("pricing", "SELECT id FROM pricing.mt_doc_catalogmodel WHERE id LIKE @prefix", prefix),
            await IdsAsync("adoption", "SELECT id FROM adoption.mt_doc_catalogmodel WHERE id LIKE @prefix", prefix),
            traces);
    }

    /// <summary>
    /// Waits until every model stored under <paramref name="prefix"/> reached the broker and both consumers. A timeout
    /// says how far each part got, which processes still run and what the queues hold, since CI keeps only the message.
    /// </summary>
    public async Task<Delivery> WaitForDeliveryAsync(string prefix, TimeSpan timeout)
    {
        try
        {
            return await Eventually.Until(
                () => DeliveryAsync(prefix),
                delivery => delivery.Stored.Count > 0 && delivery.DeliveredEverywhere.Count == delivery.Stored.Count,
                timeout,
                $"every model stored under {prefix} to reach the broker, pricing and adoption",
                delivery => $"{delivery.Stored.Count} stored, {delivery.Stored.Count(delivery.BrokerCopies.ContainsKey)} at the broker, "
                    + $"{delivery.Stored.Count(delivery.InPricing.Contains)} in pricing, {delivery.Stored.Count(delivery.InAdoption.Contains)} in adoption; "
                    + $"first missing: {string.Join(", ", delivery.Stored.Except(delivery.DeliveredEverywhere).Order(StringComparer.Ordinal).Take(5))}");
        }
        catch (TimeoutException waited)
        {
            throw new TimeoutException($"{waited.Message} {await DescribeAsync()}", waited);
        }
    }

    /// <summary>Which processes run, and each queue's ready and unacknowledged messages and consumers: for a failure's message.</summary>
    public async Task<string> DescribeAsync()
    {
        var processes = string.Join(", ", _releases.Concat(_consumers).Select(process => $"{process.Instance} {(process.ProcessId is null ? "exited" : "running")}"));
        try
        {
            using var queues = await QueuesDocumentAsync();
            var depths = string.Join(", ", queues.RootElement.EnumerateArray().Select(queue =>
                $"{queue.GetProperty("name").GetString()} {Count(queue, "messages_ready")} ready/{Count(queue, "messages_unacknowledged")} unacked/{Count(queue, "consumers")} consumers"));
            return $"Processes: {processes}. Queues: {depths}.";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return $"Processes: {processes}. Queues unreadable: {exception.Message}.";
        }

        static int Count(JsonElement queue, string property) => queue.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
    }

    /// <summary>Copies the consumers dropped as already handled (their <c>duplicate</c> outcome), summed over pricing and adoption.</summary>
    public async Task<double> DuplicatesDroppedByConsumersAsync()
    {
        var total = 0d;
        foreach (var consumer in _consumers.Where(process => process.ProcessId is not null))
        {
            var metrics = await MetricsText.ScrapeAsync(consumer.BaseAddress);
            total += metrics.Sum("intelligence_consumer_messages_consumed_total", ("outcome", "duplicate"));
        }

        return total;
    }

    /// <summary>Messages waiting in the scenario's error queues (<c>*_error</c>), read through the management API.</summary>
    public async Task<int> ErrorQueueMessagesAsync()
    {
        using var queues = await QueuesDocumentAsync();
        return queues.RootElement.EnumerateArray()
            .Where(queue => queue.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal))
            .Sum(queue => queue.TryGetProperty("messages", out var messages) ? messages.GetInt32() : 0);
    }

    /// <summary>The scenario's queues, their type and where their replicas are, read through node <paramref name="node"/>.</summary>
    public async Task<IReadOnlyList<QueueReplicas>> QueuesAsync(int node = 1)
    {
        using var queues = await QueuesDocumentAsync(node);
        return [.. queues.RootElement.EnumerateArray().Select(queue => new QueueReplicas(
            queue.GetProperty("name").GetString()!,
            queue.GetProperty("type").GetString()!,
            queue.TryGetProperty("leader", out var leader) ? leader.GetString() : null,
            queue.TryGetProperty("members", out var members) ? [.. members.EnumerateArray().Select(member => member.GetString()!)] : []))];
    }

    /// <summary>The scenario's queues as the management API of node <paramref name="node"/> lists them.</summary>
    private async Task<JsonDocument> QueuesDocumentAsync(int node = 1)
    {
        using var management = _site.ManagementClient(node);
        return JsonDocument.Parse(await management.GetStringAsync(new Uri($"api/queues/{_virtualHost}", UriKind.Relative)));
    }

    /// <summary>Which node holds each of the scenario's client connections (the services' and the test's), by client name.</summary>
    public async Task<IReadOnlyList<(string Client, string Node)>> ConnectionsAsync(int node = 1)
    {
        using var management = _site.ManagementClient(node);
        using var connections = JsonDocument.Parse(await management.GetStringAsync(new Uri($"api/vhosts/{_virtualHost}/connections", UriKind.Relative)));
        return [.. connections.RootElement.EnumerateArray().Select(connection => (
            connection.TryGetProperty("client_properties", out var client) && client.TryGetProperty("connection_name", out var name) ? name.GetString() ?? "?" : "?",
            connection.GetProperty("node").GetString()!))];
    }

    /// <summary>
    /// Sends one raw message straight to <paramref name="queue"/> (default exchange), as a faulty producer would: a
    /// body that is not JSON goes to the queue's <c>_error</c> queue, a message type no consumer there handles to its
    /// <c>_skipped</c> queue, so the test sees what kind of queue MassTransit declares for each.
    /// </summary>
    public async Task SendRawAsync(string queue, string body, string messageType)
    {
        await using var connection = await ConnectAsync("reliability-raw");
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
        foreach (var process in _releases.Concat(_consumers).Append(Gateway).OfType<ServiceProcess>())
        {
            await process.DisposeAsync();
        }

        if (DatabaseLink is not null)
        {
            await DatabaseLink.DisposeAsync();
        }
    }

    /// <summary>A connection of the test's own, to whichever node answers first: on a cluster it outlives a stopped node.</summary>
    private Task<IConnection> ConnectAsync(string name) =>
        new ConnectionFactory { VirtualHost = _virtualHost, UserName = "guest", Password = "guest" }
            .CreateConnectionAsync([.. _site.AmqpPorts.Select(port => new AmqpTcpEndpoint("127.0.0.1", port))], name);

    private async Task DeclareTapAsync()
    {
        await using var connection = await ConnectAsync("reliability-tap");
        await using var channel = await connection.CreateChannelAsync();

        // The same exchange MassTransit declares, so whichever side comes first, the binding holds. On a cluster the
        // tap is a quorum queue like the services' own, so a stopped node takes none of its copies with it.
        await channel.ExchangeDeclareAsync(ModelReleasedExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(
            TapQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: _site.IsCluster ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null);
        await channel.QueueBindAsync(TapQueue, ModelReleasedExchange, routingKey: string.Empty);
    }

    /// <summary>
    /// Reads every copy in the tap without taking it (each is returned to the queue unacknowledged when the channel
    /// closes), so the count can be taken again later.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, int> Copies, IReadOnlyDictionary<string, string> Traces)> TapCopiesAsync(string prefix)
    {
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        var traces = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await ConnectAsync("reliability-tap-reader");
        await using var channel = await connection.CreateChannelAsync();
        while (await channel.BasicGetAsync(TapQueue, autoAck: false) is { } copy)
        {
            using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(copy.Body.Span));
            var modelId = envelope.RootElement.GetProperty("message").GetProperty("modelId").GetString() ?? string.Empty;
            if (modelId.StartsWith(prefix, StringComparison.Ordinal))
            {
                copies[modelId] = copies.GetValueOrDefault(modelId) + 1;
                if (envelope.RootElement.TryGetProperty("headers", out var headers)
                    && headers.TryGetProperty("traceparent", out var parent)
                    && System.Diagnostics.ActivityContext.TryParse(parent.GetString(), null, out var context))
                {
                    traces.TryAdd(modelId, context.TraceId.ToString());
                }
            }
        }

        return (copies, traces);
    }

    private async Task<IReadOnlySet<string>> IdsAsync(string service, string sql, string prefix)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(_testConnectionStrings[service]);
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
