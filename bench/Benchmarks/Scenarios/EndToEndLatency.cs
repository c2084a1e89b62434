using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Intelligence.Benchmarks.Harness;
using Intelligence.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PricingProgram = Intelligence.Pricing.Program;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>e2e-latency</c>: open-loop commands at fixed offered rates. <c>POST /models</c> straight to the releases service
/// (no gateway) on a schedule, whatever the answers, with at most <see cref="MaxInFlight"/> requests outstanding,
/// for a bounded time; each 201's arrival is recorded, then when pricing's consumer stored the resulting
/// ModelReleased (its HandledMessage's HandledAt, matched to the command by the stored event's id, which is the
/// message id). Same process, same clock. Reports the achieved rate, p50/p95/p99 of stored − 201, and errors.
/// </summary>
public sealed class EndToEndLatency : IScenario
{
    /// <summary>Requests outstanding at once, at most: a send due while this many wait for their answer waits for one.</summary>
    public const int MaxInFlight = 256;

    private static readonly int[] Rates = [200, 500];

    private const int TargetRate = 500;
    private const double TargetP99Milliseconds = 250;

    public string Name => "e2e-latency";

    public string Summary =>
        $"Commands at fixed offered rates ({string.Join(" and ", Rates)}/s, open loop, POST /models straight to the releases service): latency from each 201 to pricing's consumer storing the resulting ModelReleased, p50/p95/p99, achieved rate and errors.";

    /// <summary>Not a count of commands: those are the rate times --seconds.</summary>
    public int DefaultRuns => 1;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{string.Join(" and ", Rates)} commands/s offered for {options.Seconds} s each, {options.Runs} run(s) each, alternating; at most {MaxInFlight} in flight");
        var runs = Rates.ToDictionary(rate => rate, _ => new List<RateRun>());
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var rate in Rates)
            {
                var result = await RateAsync(rate, options.Seconds, cancellationToken);
                runs[rate].Add(result);
                Console.WriteLine(Invariant(
                    $"  run {run}: {rate}/s offered: {result.Answered:N0} of {result.Commands:N0} answered 201 in {result.LastAnswer.TotalSeconds:0.00} s, {result.Errors.Count} errors, stored by pricing {result.Stored.Count:N0} in {result.LastStored.TotalSeconds:0.00} s, p99 {Latencies.Percentile(result.Stored, 0.99):0} ms"));
            }
        }

        Comparison Pair(int rate) => new(
            new Measurement(Invariant($"stored by pricing, {rate}/s offered"), runs[rate][0].Commands, [.. runs[rate].Select(run => run.LastStored)]),
            new Measurement(Invariant($"answered 201, {rate}/s offered"), runs[rate][0].Commands, [.. runs[rate].Select(run => run.LastAnswer)]));
        var target = Pair(TargetRate);
        var stored = runs[TargetRate].SelectMany(run => run.Stored).ToList();
        var p99 = Latencies.Percentile(stored, 0.99);
        var table = new StringBuilder();
        table.AppendLine("| offered | commands | answered 201 | errors | sends held by the cap | achieved (201/s) | 201 latency p50 / p99 (ms) | stored − 201 p50 | p95 | p99 | max (ms) |");
        table.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in Rates)
        {
            var all = runs[rate];
            var latencies = all.SelectMany(run => run.Stored).ToList();
            var answers = all.SelectMany(run => run.AnswerLatencies).ToList();
            table.AppendLine(Invariant(
                $"| {rate}/s | {all.Sum(run => run.Commands):N0} | {all.Sum(run => run.Answered):N0} | {all.Sum(run => run.Errors.Count):N0} | {all.Sum(run => run.Held):N0} | {all.Sum(run => run.Answered) / all.Sum(run => run.LastAnswer.TotalSeconds):N0} | {Latencies.Percentile(answers, 0.50):0.0} / {Latencies.Percentile(answers, 0.99):0.0} | {Latencies.Percentile(latencies, 0.50):0.0} | {Latencies.Percentile(latencies, 0.95):0.0} | {Latencies.Percentile(latencies, 0.99):0.0} | {Latencies.Percentile(latencies, 1.0):0.0} |"));
        }

        var errors = Rates.SelectMany(rate => runs[rate].SelectMany(run => run.Errors)).CountBy(error => error).Select(error => $"{error.Value} × {error.Key}").ToList();
        return new ScenarioResult(
            target.Measured,
            target.Baseline,
            [
                Invariant($"Each rate's run: a fresh releases service (relay on) and a fresh pricing service (consuming ModelReleased), hosted in-process on Kestrel on fresh databases, pricing's bus ready before the first command; a warm-up of {WarmUpSeconds} s at a quarter of the rate, waited for until pricing stored it all. Then {options.Seconds} s of POST /models straight to the releases service (no gateway: the gateway's cost is in import-gateway and reads), each a new model, sent on a fixed schedule whether or not earlier ones were answered, at most {MaxInFlight} outstanding (a send due when that many wait is held until one answers, and counted)."),
                "Latency: the 201's arrival at the client, and pricing's HandledMessage.HandledAt for the ModelReleased the command caused (the message id is the stored event's id, looked up in the releases store by the model's stream); both DateTimeOffset.UtcNow in this process. It spans the commit's notification to the relay's daemon, the relay's page, the publish and its confirm, the broker, and the consumer's transaction. A negative figure would mean the consumer stored it before the client read the 201.",
                "Table: 'answered 201' and 'stored by pricing' rows are commands over the time from the first send to the last 201 and to the last stored event, so their ratio says whether the consumer side kept pace with the commands. Every run checks that every command answered 201 was stored by pricing, exactly once.",
                errors.Count == 0 ? "Errors: none." : $"Errors (answers other than 201, or no answer within the client's 30 s): {string.Join("; ", errors)}.",
            ],
            Unit: "commands")
        {
            Others = [Pair(200)],
            Tables = [table.ToString()],
            Findings =
            [
                .. Rates.Select(rate =>
                {
                    var latencies = runs[rate].SelectMany(run => run.Stored).ToList();
                    var achieved = runs[rate].Sum(run => run.Answered) / runs[rate].Sum(run => run.LastAnswer.TotalSeconds);
                    var ratePercentile = Latencies.Percentile(latencies, 0.99);
                    return new Finding(
                        Invariant($"end-to-end 201 → stored by pricing, p99, {rate} commands/s offered"),
                        Invariant($"{ratePercentile:N0} ms (p50 {Latencies.Percentile(latencies, 0.50):N0}, p95 {Latencies.Percentile(latencies, 0.95):N0})"),
                        Invariant($"achieved {achieved:N0} commands/s, {runs[rate].Sum(run => run.Errors.Count)} errors"),
                        null,
                        rate == TargetRate ? Invariant($"p99 ≤ {TargetP99Milliseconds:0} ms at {TargetRate}/s") : "—",
                        rate == TargetRate ? ratePercentile <= TargetP99Milliseconds && achieved >= 0.95 * rate : null);
                }),
            ],
        };
    }

    private const int WarmUpSeconds = 2;

    /// <summary>One rate's run: what was sent and answered, and each stored command's latency from its 201.</summary>
    private sealed record RateRun(
        int Commands, int Answered, int Held, IReadOnlyList<string> Errors, TimeSpan LastAnswer, TimeSpan LastStored,
        IReadOnlyList<TimeSpan> Stored, IReadOnlyList<TimeSpan> AnswerLatencies);

    private static async Task<RateRun> RateAsync(int rate, int seconds, CancellationToken cancellationToken)
    {
        await using var pricing = await ScratchService<PricingProgram>.StartAsync("pricing", relay: true);
        var bus = pricing.Host.Services.GetRequiredService<IBusControl>();
        await Eventually.Until(() => Task.FromResult(bus.CheckHealth().Status), status => status == BusHealthStatus.Healthy, TimeSpan.FromSeconds(60), "pricing's bus ready");
        await using var releases = await ScratchService<ReleasesProgram>.StartAsync("releases", relay: true);
        using var client = releases.Host.NewClient(TestApiKeys.Editor);

        var warmUp = await SendAsync(client, "warm", Math.Max(1, rate / 4), WarmUpSeconds, cancellationToken);
        await WaitStoredAsync(pricing, warmUp.Answers.Count, cancellationToken);
        var handledBefore = await HandledAsync(pricing, cancellationToken);

        var load = await SendAsync(client, "e2e", rate, seconds, cancellationToken);
        await WaitStoredAsync(pricing, handledBefore + load.Answers.Count, cancellationToken);

        var messageIds = await PairsAsync(releases.Database.ConnectionString, "SELECT stream_id, id::text FROM releases.mt_events", cancellationToken);
        var handledAt = (await PairsAsync(pricing.Database.ConnectionString, "SELECT data ->> 'messageId', data ->> 'handledAt' FROM pricing.mt_doc_handledmessage WHERE data ->> 'consumer' = 'ModelReleasedConsumer'", cancellationToken))
            .GroupBy(pair => pair.Key)
            .ToDictionary(group => Guid.Parse(group.Key), group => group.Select(pair => DateTimeOffset.Parse(pair.Value, CultureInfo.InvariantCulture)).ToList());
        var byModel = messageIds.ToDictionary(pair => pair.Key, pair => Guid.Parse(pair.Value), StringComparer.Ordinal);
        var stored = new List<TimeSpan>(load.Answers.Count);
        var lastStoredAt = load.Started;
        foreach (var (modelId, answeredAt) in load.Answers)
        {
            if (!byModel.TryGetValue(modelId, out var messageId) || !handledAt.TryGetValue(messageId, out var handled) || handled.Count != 1)
            {
                throw new InvalidOperationException($"Model {modelId} was answered 201, but pricing stored its ModelReleased {(handledAt.TryGetValue(byModel.GetValueOrDefault(modelId), out var times) ? times.Count : 0)} times.");
            }

            stored.Add(handled[0] - answeredAt);
            lastStoredAt = handled[0] > lastStoredAt ? handled[0] : lastStoredAt;
        }

        return new RateRun(
            load.Commands, load.Answers.Count, load.Held, load.Errors, load.LastAnswer, lastStoredAt - load.Started, stored, load.AnswerLatencies);
    }

    /// <summary>What a timed load sent: the wall-clock time of each 201 by model id, and what went wrong.</summary>
    private sealed record Load(
        int Commands, IReadOnlyDictionary<string, DateTimeOffset> Answers, IReadOnlyList<TimeSpan> AnswerLatencies, IReadOnlyList<string> Errors,
        int Held, DateTimeOffset Started, TimeSpan LastAnswer);

    /// <summary><paramref name="rate"/> POST /models a second for <paramref name="seconds"/>, on schedule, at most <see cref="MaxInFlight"/> outstanding.</summary>
    private static async Task<Load> SendAsync(HttpClient client, string tag, int rate, int seconds, CancellationToken cancellationToken)
    {
        var commands = rate * seconds;
        var answers = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var answerLatencies = new ConcurrentBag<TimeSpan>();
        var errors = new ConcurrentBag<string>();
        using var slots = new SemaphoreSlim(MaxInFlight);
        var requests = new List<Task>(commands);
        var held = 0;
        var lastAnswer = TimeSpan.Zero;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < commands; i++)
        {
            var wait = TimeSpan.FromSeconds(i / (double)rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (!await slots.WaitAsync(0, cancellationToken))
            {
                held++;
                await slots.WaitAsync(cancellationToken);
            }

            var modelId = Invariant($"bench-{tag}-{rate}-{i:000000}");
            requests.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        var sent = Stopwatch.GetTimestamp();
                        using var response = await client.PostAsJsonAsync(new Uri("/models", UriKind.Relative), Body(modelId), cancellationToken);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            answers[modelId] = DateTimeOffset.UtcNow;
                            answerLatencies.Add(Stopwatch.GetElapsedTime(sent));
                            var at = clock.Elapsed;
                            lock (answers)
                            {
                                lastAnswer = at > lastAnswer ? at : lastAnswer;
                            }
                        }
                        else
                        {
                            var error = Invariant($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                            errors.Add(error.Length > 120 ? error[..120] : error);
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        errors.Add(exception.GetType().Name);
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(requests);
        return new Load(commands, answers, [.. answerLatencies], [.. errors], held, started, lastAnswer);
    }

    /// <summary>A new model, as a client announces it.</summary>
    private static object Body(string modelId) => new
    {
        id = modelId,
        name = $"Bench {modelId}",
        organization = new { name = "Bench Lab" },
        originCountries = new[] { "FR" },
        releaseDate = "2025-06-01",
        openWeights = true,
        freeAccess = "yes",
        licence = "Apache-2.0",
        sourceUrl = "https://example.org/announcement",
    };

    /// <summary>Waits (bounded) until pricing has handled <paramref name="count"/> ModelReleased.</summary>
    private static async Task WaitStoredAsync(ScratchService<PricingProgram> pricing, long count, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(60 + (count / 50.0));
        while (true)
        {
            var handled = await HandledAsync(pricing, cancellationToken);
            if (handled >= count)
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"After {timeout.TotalSeconds:0} s pricing had handled {handled} of the {count} ModelReleased the commands answered 201 should cause.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static Task<long> HandledAsync(ScratchService<PricingProgram> pricing, CancellationToken cancellationToken) =>
        pricing.CountAsync("SELECT count(*) FROM {schema}.mt_doc_handledmessage WHERE data ->> 'consumer' = 'ModelReleasedConsumer'", cancellationToken);

    private static async Task<List<KeyValuePair<string, string>>> PairsAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new List<KeyValuePair<string, string>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
