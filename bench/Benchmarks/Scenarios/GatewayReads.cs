using System.Globalization;
using Intelligence.Benchmarks.Harness;
using Intelligence.TestSupport;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>gateway-reads</c>: the four services and the gateway hosted here on Kestrel, loaded with the bundled data; then
/// one model card read N times straight from the releases service, the same read through the gateway (YARP, API key,
/// rate limiter), and the model's dossier (the gateway calling four services in parallel), alternating, each with
/// a fixed number of concurrent clients. Reports requests/s and p50/p99 latency of each. (<c>reads</c> does the same
/// at 16 clients, with the landscape, against the targets.)
/// </summary>
public sealed class GatewayReads : IScenario
{
    private const int Clients = 8;

    public string Name => "gateway-reads";

    public string Summary =>
        "GET of a model card through the gateway vs straight to the releases service, and the composed dossier of the same model; requests/s and p50/p99.";

    public int DefaultRows => 2_000;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var system = await ScratchSystem.StartAsync(cancellationToken);
        using var throughGateway = system.Gateway.NewClient(TestApiKeys.Reader);
        using var direct = system.Releases.Host.NewClient(TestApiKeys.Reader);
        var modelId = system.ModelId;

        var requests = options.Rows;
        var latencies = new Dictionary<string, List<TimeSpan>>();
        Contender Reads(string name, HttpClient client, string path)
        {
            latencies[name] = [];
            return new Contender(name, requests, async token =>
            {
                var (elapsed, each) = await ReadLoad.RunAsync(client, path, requests, Clients, token);
                latencies[name].AddRange(each);
                return elapsed;
            });
        }

        var reads = new (string Name, HttpClient Client, string Path)[]
        {
            ("through the gateway", throughGateway, $"/api/releases/models/{modelId}"),
            ("direct to releases", direct, $"/models/{modelId}"),
            ("dossier (gateway, 4 services)", throughGateway, $"/api/models/{modelId}/dossier?asOf={ScratchSystem.AsOf}"),
        };

        // Warm-up: JIT, connection pools, Marten's compiled queries.
        foreach (var read in reads)
        {
            await ReadLoad.RunAsync(read.Client, read.Path, Math.Min(200, requests), Clients, cancellationToken);
        }

        var contenders = reads.Select(read => Reads(read.Name, read.Client, read.Path)).ToList();
        var measured = await Alternating.RunAsync(options.Runs, contenders, cancellationToken);
        var (gatewayRun, directRun, dossierRun) = (measured[0], measured[1], measured[2]);
        return new ScenarioResult(
            gatewayRun,
            directRun,
            [
                Invariant($"{Clients} concurrent clients, {requests:N0} requests per run, {options.Runs} runs each, alternating; model `{modelId}` of the bundled data."),
                .. measured.Select(m => Invariant(
                    $"{m.Contender}: {m.EventsPerSecond:N0} requests/s (median run), p50 {Latencies.Percentile(latencies[m.Contender], 0.50)} ms, p99 {Latencies.Percentile(latencies[m.Contender], 0.99)} ms over all runs.")),
                Invariant($"dossier / direct read: {dossierRun.EventsPerSecond / directRun.EventsPerSecond:0.00} of the requests/s; the dossier makes 6 to 8 service calls (model first, then prices, cuts, adoption, measures per origin country in parallel)."),
                Invariant($"gateway / direct p50 latency: {Latencies.Percentile(latencies[gatewayRun.Contender], 0.50) / Math.Max(0.001, Latencies.Percentile(latencies[directRun.Contender], 0.50)):0.00}x."),
            ],
            Unit: "requests");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
