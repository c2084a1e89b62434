using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Benchmarks.Harness;
using Intelligence.TestSupport;
using AdoptionProgram = Intelligence.Adoption.Program;
using GatewayProgram = Intelligence.Gateway.Program;
using PricingProgram = Intelligence.Pricing.Program;
using RegulationProgram = Intelligence.Regulation.Program;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>gateway-reads</c>: the four services and the gateway hosted here on Kestrel, loaded with the bundled data; then
/// one model card read N times straight from the releases service, the same read through the gateway (YARP, API key,
/// rate limiter), and the model's dossier (the gateway calling four services in parallel), alternating, each with
/// a fixed number of concurrent clients. Reports requests/s and p50/p99 latency of each.
/// </summary>
public sealed class GatewayReads : IScenario
{
    private const int Clients = 8;
    private const string ModelName = "DeepSeek-R1";

    /// <summary>A date when the model's API price was in force (the bundled data ends it on 2025-09-29).</summary>
    private const string AsOf = "2025-06-01";

    public string Name => "gateway-reads";

    public string Summary =>
        "GET of a model card through the gateway vs straight to the releases service, and the composed dossier of the same model; requests/s and p50/p99.";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var releases = await ScratchService<ReleasesProgram>.StartAsync("releases", relay: true);
        await using var pricing = await ScratchService<PricingProgram>.StartAsync("pricing", relay: true);
        await using var regulation = await ScratchService<RegulationProgram>.StartAsync("regulation", relay: true);
        await using var adoption = await ScratchService<AdoptionProgram>.StartAsync("adoption", relay: true);
        var addresses = new Dictionary<string, Uri>
        {
            ["releases"] = releases.Address,
            ["pricing"] = pricing.Address,
            ["regulation"] = regulation.Address,
            ["adoption"] = adoption.Address,
        };
        await using var gateway = new ServiceHost<GatewayProgram>(
            [
                .. addresses.Select(pair => new KeyValuePair<string, string?>($"ReverseProxy:Clusters:{pair.Key}:Destinations:{pair.Key}-1:Address", pair.Value.ToString())),
                .. TestServers.RabbitSettings(),
                // The benchmark measures the path, not the limiter's refusals.
                new("RateLimits:RequestsPerSecond", "1000000"),
                new("Logging:LogLevel:Default", "Warning"),
            ]);
        gateway.Start();
        using var throughGateway = gateway.NewClient(TestApiKeys.Reader);
        using var direct = releases.Host.NewClient(TestApiKeys.Reader);
        using var importer = gateway.NewClient(TestApiKeys.Editor);

        foreach (var (service, file) in new[] { ("releases", "releases"), ("pricing", "prices"), ("regulation", "regulations"), ("adoption", "adoption") })
        {
            using var csv = new StringContent(await File.ReadAllTextAsync(Repository.File("data", $"{file}.csv"), cancellationToken), Encoding.UTF8, "text/csv");
            using var imported = await importer.PostAsync(new Uri($"/api/{service}/imports", UriKind.Relative), csv, cancellationToken);
            imported.EnsureSuccessStatusCode();
        }

        var models = await direct.GetFromJsonAsync<JsonElement>(new Uri($"/models?q={Uri.EscapeDataString(ModelName)}", UriKind.Relative), cancellationToken);
        var modelId = models.GetProperty("items")[0].GetProperty("id").GetString()!;

        // Pricing and adoption link their rows to the model once its ModelReleased arrives over the broker.
        await Eventually.Until(
            () => throughGateway.GetFromJsonAsync<JsonElement>(new Uri($"/api/models/{modelId}/dossier?asOf={AsOf}", UriKind.Relative), cancellationToken),
            dossier => dossier.GetProperty("prices").ValueKind == JsonValueKind.Array && dossier.GetProperty("prices").GetArrayLength() > 0,
            TimeSpan.FromSeconds(60),
            $"the dossier of {modelId} with its prices");

        var requests = options.Rows;
        var latencies = new Dictionary<string, List<TimeSpan>>();
        Contender Reads(string name, HttpClient client, string path)
        {
            latencies[name] = [];
            return new Contender(name, requests, async token =>
            {
                var (elapsed, each) = await LoadAsync(client, path, requests, token);
                latencies[name].AddRange(each);
                return elapsed;
            });
        }

        var reads = new (string Name, HttpClient Client, string Path)[]
        {
            ("through the gateway", throughGateway, $"/api/releases/models/{modelId}"),
            ("direct to releases", direct, $"/models/{modelId}"),
            ("dossier (gateway, 4 services)", throughGateway, $"/api/models/{modelId}/dossier?asOf={AsOf}"),
        };

        // Warm-up: JIT, connection pools, Marten's compiled queries.
        foreach (var read in reads)
        {
            await LoadAsync(read.Client, read.Path, Math.Min(200, requests), cancellationToken);
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
                    $"{m.Contender}: {m.EventsPerSecond:N0} requests/s (median run), p50 {Percentile(latencies[m.Contender], 0.50)} ms, p99 {Percentile(latencies[m.Contender], 0.99)} ms over all runs.")),
                Invariant($"dossier / direct read: {dossierRun.EventsPerSecond / directRun.EventsPerSecond:0.00} of the requests/s; the dossier makes 6 to 8 service calls (model first, then prices, cuts, adoption, measures per origin country in parallel)."),
                Invariant($"gateway / direct p50 latency: {Percentile(latencies[gatewayRun.Contender], 0.50) / Math.Max(0.001, Percentile(latencies[directRun.Contender], 0.50)):0.00}x."),
            ],
            Unit: "requests");
    }

    /// <summary><paramref name="requests"/> GETs shared by <see cref="Clients"/> concurrent loops; any failure stops the run.</summary>
    private static async Task<(TimeSpan Elapsed, List<TimeSpan> Latencies)> LoadAsync(HttpClient client, string path, int requests, CancellationToken cancellationToken)
    {
        var uri = new Uri(path, UriKind.Relative);
        var remaining = requests;
        var latencies = new List<TimeSpan>[Clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async worker =>
        {
            latencies[worker] = [];
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(uri, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }

                await response.Content.LoadIntoBufferAsync(cancellationToken);
                latencies[worker].Add(Stopwatch.GetElapsedTime(started));
            }
        }));
        return (clock.Elapsed, [.. latencies.SelectMany(each => each)]);
    }

    private static double Percentile(List<TimeSpan> latencies, double quantile)
    {
        var sorted = latencies.Select(latency => latency.TotalMilliseconds).Order().ToList();
        return Math.Round(sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)], 2);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
