using System.Globalization;
using System.Text;
using Intelligence.Benchmarks.Harness;
using Intelligence.TestSupport;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>reads-scale</c>: read throughput through the gateway with one and with two instances of the releases service,
/// in one run. The whole system hosted here (<see cref="ScratchSystem"/>), a second releases instance on the same
/// store (its daemon cold: HotCold leaves the relay to the first), and a second gateway whose releases cluster lists
/// both instances; then, alternating at <see cref="Reads.Clients"/> clients, the model card and the dossier through
/// the one-instance gateway and through the two-instance one. Each run also records where the CPU went.
/// </summary>
public sealed class ReadsScale : IScenario
{
    private const string ModelRoute = "/models/{id}";

    /// <summary>What a whole composed answer holds: no part missing.</summary>
    private const string Whole = "\"degraded\":[]";

    public string Name => "reads-scale";

    public string Summary =>
        $"At {Reads.Clients} concurrent clients: the model card and the dossier through the gateway with one releases instance vs two on the same store, in one run; requests/s, the ratio, and CPU in cores.";

    public int DefaultRows => 6_000;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var system = await ScratchSystem.StartAsync(cancellationToken);
        await using var second = await ScratchService<ReleasesProgram>.StartAsync("releases", relay: true, database: system.Releases.Database);
        await using var scaledGateway = ScratchGateway.Start(system.Services.ToDictionary(
            pair => pair.Key,
            pair => pair.Key == "releases" ? (IReadOnlyList<Uri>)[pair.Value, second.Address] : [pair.Value]));
        using var oneInstance = system.Gateway.NewClient(TestApiKeys.Reader);
        using var twoInstances = scaledGateway.NewClient(TestApiKeys.Reader);
        using var servedByFirst = new ServedRequests(system.Releases.Host.Services);
        using var servedBySecond = new ServedRequests(second.Host.Services);

        var modelId = system.ModelId;
        var requests = options.Rows;
        var card = $"/api/releases/models/{modelId}";
        var dossier = $"/api/models/{modelId}/dossier?asOf={ScratchSystem.AsOf}";
        var reads = new (string Name, HttpClient Client, string Path, string? Check)[]
        {
            ("model card, 1 releases instance", oneInstance, card, null),
            ("model card, 2 releases instances", twoInstances, card, null),
            ("dossier, 1 releases instance", oneInstance, dossier, Whole),
            ("dossier, 2 releases instances", twoInstances, dossier, Whole),
        };

        foreach (var read in reads)
        {
            await ReadLoad.RunAsync(read.Client, read.Path, Math.Min(500, requests), Reads.Clients, cancellationToken, read.Check);
        }

        var latencies = reads.ToDictionary(read => read.Name, _ => new List<TimeSpan>());
        var cpu = reads.ToDictionary(read => read.Name, _ => new List<(double Process, double Others, double Machine)>());
        var firstBefore = servedByFirst.Of(ModelRoute);
        var secondBefore = servedBySecond.Of(ModelRoute);
        var measured = await Alternating.RunAsync(
            options.Runs,
            [
                .. reads.Select(read => new Contender(read.Name, requests, async token =>
                {
                    var use = new CpuUse();
                    var (elapsed, each) = await ReadLoad.RunAsync(read.Client, read.Path, requests, Reads.Clients, token, read.Check);
                    cpu[read.Name].Add(use.Since());
                    latencies[read.Name].AddRange(each);
                    return elapsed;
                })),
            ],
            cancellationToken);

        // Every model card and dossier asks releases for the card once: the second instance's share of all of them.
        var firstServed = servedByFirst.Of(ModelRoute) - firstBefore;
        var secondServed = servedBySecond.Of(ModelRoute) - secondBefore;
        var (cardOne, cardTwo, dossierOne, dossierTwo) = (measured[0], measured[1], measured[2], measured[3]);
        var scaledCardReads = (cardTwo.Events * cardTwo.Runs.Count) + (dossierTwo.Events * dossierTwo.Runs.Count);

        var table = new StringBuilder();
        table.AppendLine("| read | requests/s (median run) | p50 (ms) | p99 (ms) | CPU, this process (cores) | CPU, rest of the machine (cores) | CPU, machine (cores of " + Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + ") |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var run in measured)
        {
            var each = latencies[run.Contender];
            var use = cpu[run.Contender];
            table.AppendLine(Invariant(
                $"| {run.Contender} | {run.EventsPerSecond:N0} | {Latencies.Percentile(each, 0.50):0.00} | {Latencies.Percentile(each, 0.99):0.00} | {use.Average(u => u.Process):0.00} | {use.Average(u => u.Others):0.00} | {use.Average(u => u.Machine):0.00} |"));
        }

        var cardRatio = cardTwo.EventsPerSecond / cardOne.EventsPerSecond;
        var dossierRatio = dossierTwo.EventsPerSecond / dossierOne.EventsPerSecond;
        var machineBusy = cpu[cardTwo.Contender].Average(u => u.Machine);
        return new ScenarioResult(
            cardTwo,
            cardOne,
            [
                Invariant($"The four services and a gateway hosted in-process on Kestrel as in `reads`, loaded with the bundled data; then a second releases instance on the same store (HotCold: its daemon stays cold while the first holds the lock) and a second gateway whose releases cluster lists both (PowerOfTwoChoices with health checks, as configured); model `{modelId}`, as of {ScratchSystem.AsOf}."),
                Invariant($"{Reads.Clients} concurrent closed-loop clients sharing {requests:N0} requests per run, {options.Runs} runs of each read, alternating, after a warm-up of {Math.Min(500, requests)} each; the one-instance gateway and the two-instance one are measured side by side, the second instance idle while the first gateway is measured."),
                Invariant($"Spread: of the {scaledCardReads:N0} card reads the two-instance gateway sent in the measured runs (one per proxied card, one per dossier), the second instance served {secondServed:N0} ({secondServed / (double)scaledCardReads:P0}); the first served {firstServed:N0} in all, the one-instance gateway's included."),
                Invariant($"What limits the ratio here: the gateway, both instances, the load generator (this process) and PostgreSQL share the machine's {Environment.ProcessorCount} cores, and with one instance they were already {cpu[cardOne.Contender].Average(u => u.Machine):0.00} cores busy ({machineBusy:0.00} with two). A second instance (a second host in this same process) adds no core, only a second thread pool's and connection pool's worth of concurrency on the same cores, so read throughput cannot double; the CPU not in this process is PostgreSQL's, RabbitMQ's and whatever else runs on the shared machine at the time. Instances scale reads only where each instance (and the store) gets cores of its own."),
            ],
            Unit: "requests")
        {
            Others = [new(dossierTwo, dossierOne)],
            Tables = [table.ToString()],
            Findings =
            [
                new(
                    Invariant($"model card through the gateway, 2 releases instances, {Reads.Clients} clients (requests/s)"),
                    Invariant($"{cardTwo.EventsPerSecond:N0} requests/s (p99 {Latencies.Percentile(latencies[cardTwo.Contender], 0.99):0.0} ms)"),
                    Invariant($"1 instance, {cardOne.EventsPerSecond:N0} requests/s (p99 {Latencies.Percentile(latencies[cardOne.Contender], 0.99):0.0} ms); machine {machineBusy:0.00} of {Environment.ProcessorCount} cores busy"),
                    cardRatio,
                    "— (issue 13: reported; bound by the shared cores)",
                    null),
                new(
                    Invariant($"dossier through the gateway, 2 releases instances, {Reads.Clients} clients (requests/s)"),
                    Invariant($"{dossierTwo.EventsPerSecond:N0} requests/s (p99 {Latencies.Percentile(latencies[dossierTwo.Contender], 0.99):0.0} ms)"),
                    Invariant($"1 instance, {dossierOne.EventsPerSecond:N0} requests/s (p99 {Latencies.Percentile(latencies[dossierOne.Contender], 0.99):0.0} ms)"),
                    dossierRatio,
                    "— (no target; only releases is scaled)",
                    null),
            ],
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
