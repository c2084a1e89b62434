using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Messaging;
using Intelligence.Releases.Domain;
using Intelligence.TestSupport;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Contract = Intelligence.Contracts.Releases;
using PricingProgram = Intelligence.Pricing.Program;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>relay</c>: store → broker and store → a consumer's store. N ModelAnnounced events are appended to a fresh
/// releases database while no relay runs; then the releases service is started with its relay, and the clock runs
/// from the moment its host has started until the relay has recorded every event as published (its progression in
/// <c>mt_event_progression</c> at the store's high-water mark). A second kind of run does the same with the pricing
/// service (fresh database, consuming ModelReleased) started and ready first, and runs the clock until pricing's
/// consumer has stored every one (its HandledMessage documents). Beside them, in the same run, alternating: raw
/// confirmed publishing of N messages of the same size (<c>raw-publish</c>'s in-flight contender) and a raw
/// batched Marten append of the same N events.
/// </summary>
public sealed class Relay : IScenario
{
    private const string RelayContender = "relay: store → broker";
    private const string ConsumerContender = "store → pricing's store (consumer)";
    private const string RawAppend = "raw Marten append";
    private const int BatchSize = 500;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public string Name => "relay";

    public string Summary =>
        "Events/s from the releases store to the broker (the relay, started on a backlog of N events) and on to the pricing service's store (its ModelReleased consumer), vs raw confirmed publishing and a raw batched Marten append of the same N, in the same run.";

    /// <summary>Enough that the relay's start (about half a second before its first page) does not dominate its time.</summary>
    public int DefaultRows => 30_000;

    public int DefaultRuns => 2;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var events = options.Rows;
        var streams = await ImportReleases.AnnouncementsAsync(await ImportReleases.ReleasesFileAsync(events, "r", cancellationToken), cancellationToken);
        var warmUpStreams = await ImportReleases.AnnouncementsAsync(await ImportReleases.ReleasesFileAsync(Math.Min(1_000, events), "w", cancellationToken), cancellationToken);
        var batches = ScratchStore.Batches(streams, BatchSize).ToList();
        var warmUpBatches = ScratchStore.Batches(warmUpStreams, BatchSize).ToList();
        var body = await RawPublish.SampleBodyAsync(cancellationToken);
        Console.WriteLine($"{events:N0} ModelAnnounced events in {batches.Count} batches; {options.Runs} runs each, alternating; warm-up relay run of {warmUpStreams.Count:N0}");

        var warmUp = await RelayAsync(warmUpBatches, consumer: true, cancellationToken);
        Console.WriteLine($"  warm-up: relay {warmUp.Relay.TotalSeconds:0.00} s, consumer {warmUp.Consumer?.TotalSeconds:0.00} s");
        var alone = new List<RelayRun>();
        var withConsumer = new List<RelayRun>();
        var measured = await Alternating.RunAsync(
            options.Runs,
            [
                new(RelayContender, events, async token =>
                {
                    var run = await RelayAsync(batches, consumer: false, token);
                    alone.Add(run);
                    Console.WriteLine($"  (relay's first page {run.FirstPage.TotalSeconds:0.00} s after its host started)");
                    return run.Relay;
                }),
                new(ConsumerContender, events, async token =>
                {
                    var run = await RelayAsync(batches, consumer: true, token);
                    withConsumer.Add(run);
                    Console.WriteLine($"  (relay {run.Relay.TotalSeconds:0.00} s with pricing consuming beside it)");
                    return run.Consumer!.Value;
                }),
                new(RawPublish.InFlightContender, events, token => RawPublish.PublishAsync(body, events, RawPublish.InFlight, token)),
                new(RawAppend, events, async token =>
                {
                    await using var store = await ScratchStore.CreateAsync(store => store.Events.AddEventType<ModelAnnounced>());
                    await store.AppendAsync(warmUpBatches, token);
                    return await store.AppendAsync(batches, token);
                }),
            ],
            cancellationToken);
        var (relay, consumer, publish, append) = (measured[0], measured[1], measured[2], measured[3]);
        var toBroker = new Comparison(relay, publish);
        var toConsumer = new Comparison(consumer, append);
        var steady = alone.Select(run => (events - run.FirstPageEvents) / (run.Relay - run.FirstPage).TotalSeconds).Order().ToList();
        var relayBesideConsumer = withConsumer.Select(run => events / run.Relay.TotalSeconds).Order().ToList();
        return new ScenarioResult(
            relay,
            publish,
            [
                Invariant($"Each relay and consumer run: a fresh releases database, its schema made by the service's own host started with no daemon, then {events:N0} ModelAnnounced events (the reference file repeated, one new model each, as import-releases builds them) appended through the service's store in {batches.Count} transactions of {BatchSize} streams, inline CatalogEntry and ReleaseStats projections included (not timed); that host stopped. Then (consumer runs only) the pricing service on a fresh database, waited for until its bus is ready (queues bound); then the releases service on the loaded database with its relay; all hosted in-process on Kestrel, relay and consumers as their Programs build them. A warm-up run of {warmUpStreams.Count:N0} events comes first."),
                Invariant($"Relay time (relay runs, no consumer running, so that the relay has the machine to itself as the raw publisher does): from the moment the releases host has started until its IntegrationEventRelay progression reaches the store's high-water mark (polled every {Poll.TotalMilliseconds:0} ms), so it includes the daemon taking its lock and starting the subscription: the relay's first page of {BatchSize} was recorded {Median(alone.Select(run => run.FirstPage)):0.00} s after the host started (median); from then on it ran at {steady[steady.Count / 2]:N0} events/s (median). Beside pricing's consumer (consumer runs) the relay ran at {relayBesideConsumer[relayBesideConsumer.Count / 2]:N0} events/s (median). Every run checks that a queue bound to {IntegrationEventEntityNames.For(typeof(Contract.ModelReleased))} before the relay started received exactly {events:N0} messages."),
                Invariant($"Consumer time (consumer runs): from the same moment until pricing's store holds {events:N0} HandledMessage documents of its ModelReleasedConsumer (one per message, written in the consumer's transaction with its catalog replica and the relinking of its offerings), checked to be exactly {events:N0}; pricing's consumer took the messages with prefetch {withConsumer[^1].Prefetch} (as read from RabbitMQ's management API)."),
                Invariant($"Raw publish: raw-publish's in-flight contender ({RawPublish.InFlight} confirms outstanding, persistent, durable queue) with a body of {body.Length:N0} bytes; the relay's messages, as the counting queue received them, were {alone[^1].RelayBodyBytes:N0} bytes (one sampled)."),
                Invariant($"Raw append: {ScratchStore.Description}, no projections, the same {events:N0} events in the same {batches.Count} batches, after a warm-up of {warmUpStreams.Count:N0}, each run on a fresh database."),
            ],
            Unit: "events")
        {
            Others = [toConsumer],
            Findings =
            [
                new(
                    "relay, store → broker (events/s)",
                    Invariant($"{relay.EventsPerSecond:N0} events/s"),
                    Invariant($"raw confirmed publishing, {RawPublish.InFlight} in flight, {publish.EventsPerSecond:N0} messages/s"),
                    toBroker.Ratio,
                    "≥ 50 %",
                    toBroker.Ratio >= 0.50),
                new(
                    "store → consumer's store (events/s)",
                    Invariant($"{consumer.EventsPerSecond:N0} events/s"),
                    Invariant($"raw batched Marten append, {append.EventsPerSecond:N0} events/s"),
                    toConsumer.Ratio,
                    "≥ 30 %",
                    toConsumer.Ratio >= 0.30),
            ],
        };
    }

    /// <summary>What one relay run measured: both times from the releases host's start, and what was checked.</summary>
    private sealed record RelayRun(TimeSpan Relay, TimeSpan? Consumer, TimeSpan FirstPage, long FirstPageEvents, long Queued, int RelayBodyBytes, string Prefetch);

    /// <param name="consumer">Run pricing, consuming ModelReleased, and time it too.</param>
    private static async Task<RelayRun> RelayAsync(IReadOnlyList<IReadOnlyList<StreamEvents>> batches, bool consumer, CancellationToken cancellationToken)
    {
        var events = batches.Sum(batch => batch.Sum(stream => stream.Events.Count));
        await using var database = await TestDatabase.CreateAsync("bench_releases");
        await using (var loading = await ScratchService<ReleasesProgram>.StartAsync("releases", relay: false, database))
        {
            var store = loading.Host.Services.GetRequiredService<IDocumentStore>();
            foreach (var batch in batches)
            {
                await using var session = store.LightweightSession();
                foreach (var stream in batch)
                {
                    session.Events.StartStream(stream.Id, [.. stream.Events]);
                }

                await session.SaveChangesAsync(cancellationToken);
            }

            var stored = await loading.StoredEventsAsync(cancellationToken);
            if (stored != events)
            {
                throw new InvalidOperationException($"{events} events were appended, but the releases store holds {stored}.");
            }
        }

        await using var pricing = consumer ? await ScratchService<PricingProgram>.StartAsync("pricing", relay: true) : null;
        if (pricing is not null)
        {
            var bus = pricing.Host.Services.GetRequiredService<IBusControl>();
            await Eventually.Until(() => Task.FromResult(bus.CheckHealth().Status), status => status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(60), "pricing's bus ready");
        }

        await using var connection = await Broker.ConnectAsync("bench relay counter", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var exchange = IntegrationEventEntityNames.For(typeof(Contract.ModelReleased));
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var counter = await channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(counter.QueueName, exchange, routingKey: string.Empty, cancellationToken: cancellationToken);

        var highWater = await CountAsync(database, "SELECT coalesce(max(seq_id), 0) FROM releases.mt_events", cancellationToken);
        var timeout = TimeSpan.FromSeconds(60 + (events / 25.0));
        await using var releases = await ScratchService<ReleasesProgram>.StartAsync("releases", relay: true, database);
        var clock = Stopwatch.StartNew();
        TimeSpan? relayed = null, consumed = null, firstPage = null;
        long firstPageEvents = 0;
        while (relayed is null || (pricing is not null && consumed is null))
        {
            if (clock.Elapsed > timeout)
            {
                throw new InvalidOperationException(
                    $"After {timeout.TotalSeconds:0} s the relay had published up to sequence {await ProgressAsync(database, cancellationToken)} of {highWater}, and pricing had handled {(pricing is null ? "(not running)" : await HandledAsync(pricing, cancellationToken))} of {events} ModelReleased.");
            }

            await Task.Delay(Poll, cancellationToken);
            var progress = await ProgressAsync(database, cancellationToken);
            if (firstPage is null && progress > 0)
            {
                (firstPage, firstPageEvents) = (clock.Elapsed, progress);
            }

            if (relayed is null && progress >= highWater)
            {
                relayed = clock.Elapsed;
            }

            if (pricing is not null && consumed is null && await HandledAsync(pricing, cancellationToken) >= events)
            {
                consumed = clock.Elapsed;
            }
        }

        var queued = await channel.MessageCountAsync(counter.QueueName, cancellationToken);
        var handled = pricing is null ? events : await HandledAsync(pricing, cancellationToken);
        if (queued != events || handled != events)
        {
            throw new InvalidOperationException($"The relay published {events} events, but the counting queue received {queued} messages and pricing handled {handled}.");
        }

        var sample = await channel.BasicGetAsync(counter.QueueName, autoAck: true, cancellationToken);
        return new RelayRun(
            relayed.Value, consumed, firstPage ?? relayed.Value, firstPageEvents, queued, sample?.Body.Length ?? 0, pricing is null ? string.Empty : await PrefetchAsync(cancellationToken));
    }

    private static Task<long> ProgressAsync(TestDatabase releases, CancellationToken cancellationToken) =>
        CountAsync(releases, $"SELECT coalesce(max(last_seq_id), 0) FROM releases.mt_event_progression WHERE name = '{IntegrationEventRelay.SubscriptionName}:All'", cancellationToken);

    private static Task<long> HandledAsync(ScratchService<PricingProgram> pricing, CancellationToken cancellationToken) =>
        pricing.CountAsync("SELECT count(*) FROM {schema}.mt_doc_handledmessage WHERE data ->> 'consumer' = 'ModelReleasedConsumer'", cancellationToken);

    private static async Task<long> CountAsync(TestDatabase database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>The prefetch of the consumers of ModelReleased queues in the benchmark's virtual host, from the management API.</summary>
    private static async Task<string> PrefetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var management = new HttpClient { BaseAddress = new Uri($"http://{TestServers.RabbitHost}:{TestServers.RabbitManagementPort.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(10) };
            management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
            using var consumers = JsonDocument.Parse(await management.GetStringAsync(new Uri($"api/consumers/{Uri.EscapeDataString(TestServers.RabbitVirtualHost)}", UriKind.Relative), cancellationToken));
            var prefetches = consumers.RootElement.EnumerateArray()
                .Where(consumer => consumer.GetProperty("queue").GetProperty("name").GetString() is { } queue && queue.StartsWith("pricing", StringComparison.Ordinal) && queue.Contains("model-released", StringComparison.Ordinal))
                .Select(consumer => consumer.GetProperty("prefetch_count").GetInt32().ToString(CultureInfo.InvariantCulture))
                .Distinct()
                .ToList();
            return prefetches.Count > 0 ? string.Join("/", prefetches) : "unknown (no such consumer listed)";
        }
        catch (HttpRequestException exception)
        {
            return $"unknown ({exception.Message})";
        }
    }

    private static double Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Select(time => time.TotalSeconds).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
