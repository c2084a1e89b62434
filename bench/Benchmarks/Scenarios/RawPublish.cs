using System.Diagnostics;
using System.Globalization;
using Intelligence.Benchmarks.Harness;
using Intelligence.Releases.Domain;
using Intelligence.TestSupport;
using RabbitMQ.Client;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>raw-publish</c>: the broker's own limit, as the relay is measured against it. RabbitMQ.Client publishes N
/// ModelReleased envelopes (the size and shape the releases relay sends) as persistent messages to a durable
/// fanout exchange bound to a durable queue, with publisher confirms, many in flight; beside it, the same with one
/// message awaited at a time, which is what in-flight confirms buy. Scratch exchange and queue, deleted after
/// each run; every run checks that the queue holds every message it published.
/// </summary>
public sealed class RawPublish : IScenario
{
    /// <summary>Publishes awaiting their confirm at once, at most: the relay's page is 500, the client's default limit 128.</summary>
    public const int InFlight = 256;

    public const string InFlightContender = "confirmed publish, 256 in flight";

    private const string OneAtATime = "confirmed publish, one at a time";

    public string Name => "raw-publish";

    public string Summary =>
        $"RabbitMQ.Client publishing ModelReleased-sized persistent messages with publisher confirms, {InFlight} in flight, vs one confirm awaited at a time; messages/s.";

    public int DefaultRows => 20_000;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var body = await SampleBodyAsync(cancellationToken);
        var alone = Math.Max(100, options.Rows / 10);
        Console.WriteLine($"{options.Rows:N0} messages of {body.Length:N0} bytes {InFlight} in flight, {alone:N0} one at a time; {options.Runs} runs each, alternating");
        await PublishAsync(body, Math.Min(1_000, options.Rows), InFlight, cancellationToken);
        var measured = await Alternating.RunAsync(
            options.Runs,
            [
                new(InFlightContender, options.Rows, token => PublishAsync(body, options.Rows, InFlight, token)),
                new(OneAtATime, alone, token => PublishAsync(body, alone, 1, token)),
            ],
            cancellationToken);
        var (many, single) = (measured[0], measured[1]);
        return new ScenarioResult(
            many,
            single,
            [
                Invariant($"Both: RabbitMQ.Client {Broker.ClientVersion}, one connection and one channel with publisher confirms and confirm tracking on (each BasicPublishAsync completes when the broker confirms it), to a scratch durable fanout exchange bound to one durable classic queue with no consumer, in virtual host `{TestServers.RabbitVirtualHost}`; persistent delivery, content type {Broker.ContentType}, a message id each; body {body.Length:N0} bytes, a ModelReleased of the reference file in MassTransit's envelope, as the relay sends it."),
                Invariant($"In flight: a sliding window of {InFlight} publishes awaiting their confirms (the oldest awaited before the next is sent), no rate limiter; one at a time: each publish awaited before the next, {alone:N0} messages a run (a tenth, as it is that much slower)."),
                "Every run declares its exchange and queue, checks after the last confirm that the queue holds every message published, and deletes both; a warm-up run of 1,000 messages comes first.",
            ],
            Unit: "messages")
        {
            Findings =
            [
                new(
                    "raw confirmed publishing (the relay's raw limit)",
                    Invariant($"{many.EventsPerSecond:N0} messages/s"),
                    Invariant($"one confirm awaited at a time, {single.EventsPerSecond:N0} messages/s"),
                    many.EventsPerSecond / single.EventsPerSecond,
                    "— (a raw limit)",
                    null),
            ],
        };
    }

    /// <summary>A ModelReleased envelope of the reference file's first model, as the relay sends it.</summary>
    public static async Task<byte[]> SampleBodyAsync(CancellationToken cancellationToken)
    {
        var announced = (ModelAnnounced)(await ImportReleases.AnnouncementsAsync(await ImportReleases.ReleasesFileAsync(1, "p", cancellationToken), cancellationToken))[0].Events[0];
        return Broker.ModelReleasedEnvelope(announced, Guid.NewGuid(), TestServers.RabbitVirtualHost);
    }

    /// <summary>
    /// One measured run: <paramref name="messages"/> confirmed publishes of <paramref name="body"/>, at most
    /// <paramref name="inFlight"/> awaiting their confirm, to an exchange and queue of its own; checked and deleted.
    /// </summary>
    public static async Task<TimeSpan> PublishAsync(byte[] body, int messages, int inFlight, CancellationToken cancellationToken)
    {
        await using var connection = await Broker.ConnectAsync("bench raw-publish", cancellationToken);
        var name = $"bench.raw-publish.{Guid.NewGuid():N}"[..30];
        await using var setup = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await setup.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        try
        {
            await setup.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await setup.QueueBindAsync(name, name, routingKey: string.Empty, cancellationToken: cancellationToken);
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
                cancellationToken);

            var pending = new Queue<Task>(inFlight);
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < messages; i++)
            {
                if (pending.Count == inFlight)
                {
                    await pending.Dequeue();
                }

                var properties = new BasicProperties { Persistent = true, ContentType = Broker.ContentType, MessageId = Guid.NewGuid().ToString() };
                pending.Enqueue(channel.BasicPublishAsync(name, string.Empty, mandatory: false, properties, body, cancellationToken).AsTask());
            }

            while (pending.Count > 0)
            {
                await pending.Dequeue();
            }

            stopwatch.Stop();
            var queued = await setup.MessageCountAsync(name, cancellationToken);
            if (queued != messages)
            {
                throw new InvalidOperationException($"{messages} publishes were confirmed, but the queue holds {queued} messages.");
            }

            return stopwatch.Elapsed;
        }
        finally
        {
            await setup.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false, cancellationToken: CancellationToken.None);
            await setup.ExchangeDeleteAsync(name, ifUnused: false, cancellationToken: CancellationToken.None);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
