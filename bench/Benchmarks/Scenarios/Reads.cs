using System.Globalization;
using System.Text;
using Intelligence.Benchmarks.Harness;
using Intelligence.TestSupport;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>reads</c>: the whole system hosted here (<see cref="ScratchSystem"/>), then, at a fixed
/// <see cref="Clients"/> concurrent clients, alternating: one model card read straight from the releases service
/// and through the gateway, the model's dossier (the gateway composing four services) and the landscape (the
/// gateway composing four services' figures per bloc). Requests/s and p50/p95/p99 of each, against the issue's
/// targets: the gateway at least half the direct throughput, the dossier's p99 at most 50 ms.
/// </summary>
public sealed class Reads : IScenario
{
    public const int Clients = 16;

    private const double DossierP99Milliseconds = 50;

    /// <summary>What a whole composed answer holds: no part missing.</summary>
    private const string Whole = "\"degraded\":[]";

    public string Name => "reads";

    public string Summary =>
        $"At {Clients} concurrent clients: a model card straight to the releases service vs through the gateway, and the composed dossier and landscape through the gateway; requests/s and p50/p95/p99.";

    public int DefaultRows => 2_000;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var system = await ScratchSystem.StartAsync(cancellationToken);
        using var throughGateway = system.Gateway.NewClient(TestApiKeys.Reader);
        using var direct = system.Releases.Host.NewClient(TestApiKeys.Reader);
        var modelId = system.ModelId;
        var requests = options.Rows;
        var reads = new (string Name, HttpClient Client, string Path, string? Check)[]
        {
            ("model card through the gateway", throughGateway, $"/api/releases/models/{modelId}", null),
            ("model card straight to releases", direct, $"/models/{modelId}", null),
            ("dossier (gateway, 4 services)", throughGateway, $"/api/models/{modelId}/dossier?asOf={ScratchSystem.AsOf}", Whole),
            ("landscape (gateway, 4 services)", throughGateway, $"/api/landscape?asOf={ScratchSystem.AsOf}", Whole),
        };

        // Warm-up: JIT, connection pools, Marten's compiled queries.
        foreach (var read in reads)
        {
            await ReadLoad.RunAsync(read.Client, read.Path, Math.Min(200, requests), Clients, cancellationToken, read.Check);
        }

        var latencies = reads.ToDictionary(read => read.Name, _ => new List<TimeSpan>());
        var measured = await Alternating.RunAsync(
            options.Runs,
            [
                .. reads.Select(read => new Contender(read.Name, requests, async token =>
                {
                    var (elapsed, each) = await ReadLoad.RunAsync(read.Client, read.Path, requests, Clients, token, read.Check);
                    latencies[read.Name].AddRange(each);
                    return elapsed;
                })),
            ],
            cancellationToken);
        var (gateway, straight, dossier, landscape) = (measured[0], measured[1], measured[2], measured[3]);
        var table = new StringBuilder();
        table.AppendLine("| read | requests/s (median run) | p50 (ms) | p95 (ms) | p99 (ms) |");
        table.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var run in measured)
        {
            var each = latencies[run.Contender];
            table.AppendLine(Invariant($"| {run.Contender} | {run.EventsPerSecond:N0} | {Latencies.Percentile(each, 0.50):0.00} | {Latencies.Percentile(each, 0.95):0.00} | {Latencies.Percentile(each, 0.99):0.00} |"));
        }

        var ratio = gateway.EventsPerSecond / straight.EventsPerSecond;
        var dossierP99 = Latencies.Percentile(latencies[dossier.Contender], 0.99);
        return new ScenarioResult(
            gateway,
            straight,
            [
                Invariant($"The four services and the gateway hosted in-process on Kestrel (fresh databases, relays on, the gateway's rate limiter out of reach), loaded with the bundled data through the gateway's imports, and settled (the model's dossier lists its prices, which pricing links once ModelReleased arrives); model `{modelId}`, as of {ScratchSystem.AsOf}."),
                Invariant($"{Clients} concurrent closed-loop clients (each sends its next request when the last one's body has arrived) sharing {requests:N0} requests per run, {options.Runs} runs of each read, alternating, after a warm-up of {Math.Min(200, requests)} each; latencies are over all runs. Any answer but a success stops the run, and every dossier and landscape answer is checked to be whole (no part degraded)."),
                "The dossier makes 6 to 8 service calls (model first, then prices, cuts, adoption, and measures per origin country in parallel); the landscape four (models of the trailing year, API offerings, latest adoption, regulation status), composing them per bloc.",
            ],
            Unit: "requests")
        {
            Others = [new(dossier, straight), new(landscape, straight)],
            Tables = [table.ToString()],
            Findings =
            [
                new(
                    Invariant($"model card through the gateway, {Clients} clients (requests/s)"),
                    Invariant($"{gateway.EventsPerSecond:N0} requests/s (p99 {Latencies.Percentile(latencies[gateway.Contender], 0.99):0.0} ms)"),
                    Invariant($"straight to releases, {straight.EventsPerSecond:N0} requests/s (p99 {Latencies.Percentile(latencies[straight.Contender], 0.99):0.0} ms)"),
                    ratio,
                    "≥ 50 %",
                    ratio >= 0.50),
                new(
                    Invariant($"dossier through the gateway, p99 at {Clients} clients"),
                    Invariant($"{dossierP99:0.0} ms (p50 {Latencies.Percentile(latencies[dossier.Contender], 0.50):0.0}, {dossier.EventsPerSecond:N0} requests/s)"),
                    Invariant($"model card straight to releases, p99 {Latencies.Percentile(latencies[straight.Contender], 0.99):0.0} ms"),
                    null,
                    Invariant($"p99 ≤ {DossierP99Milliseconds:0} ms"),
                    dossierP99 <= DossierP99Milliseconds),
                new(
                    Invariant($"landscape through the gateway, p99 at {Clients} clients"),
                    Invariant($"{Latencies.Percentile(latencies[landscape.Contender], 0.99):0.0} ms (p50 {Latencies.Percentile(latencies[landscape.Contender], 0.50):0.0}, {landscape.EventsPerSecond:N0} requests/s)"),
                    Invariant($"model card straight to releases, {straight.EventsPerSecond:N0} requests/s"),
                    landscape.EventsPerSecond / straight.EventsPerSecond,
                    "— (no target)",
                    null),
            ],
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
