using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Http;
using Intelligence.TestSupport;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>scale</c>: the whole system hosted here (<see cref="ScratchSystem"/>) seeded at market size through the services'
/// own bulk imports (CSV, 50,000 rows a request, straight to each service): <c>--rows</c> models, a tenth as many API
/// offerings with five dated prices each, a hundredth as many measures and a tenth as many adoption observations.
/// Then, at <see cref="Reads.Clients"/> clients, alternating, the reads the dashboard and the composites serve: p50
/// and p99 of each, against the issue's goal (p99 ≤ 50 ms, the landscape never degraded). Seeding prints its progress.
/// </summary>
public sealed class Scale : IScenario
{
    private const double P99GoalMilliseconds = 50;

    private const int RowsPerImport = 50_000;

    /// <summary>How long no service's data may move before the reads are measured.</summary>
    private static readonly TimeSpan StillFor = TimeSpan.FromSeconds(5);

    private const string Whole = "\"degraded\":[]";

    private static readonly string[] Countries = ["US", "CN", "FR", "DE", "GB", "JP", "KR", "IN", "AE", "CA"];

    private static readonly DateOnly FirstDay = new(2022, 1, 1);

    private const int Days = 1_460;

    public string Name => "scale";

    public string Summary =>
        $"Reads at market size: the system seeded with --rows models (a tenth as many offerings with 5 prices each, a hundredth as many measures, a tenth as many observations) through the services' bulk imports, then p50/p99 of each read at {Reads.Clients} clients.";

    public int DefaultRows => 1_000_000;

    public int DefaultRuns => 2;

    /// <summary>The market's size (a million models) and each smaller size keep a section of their own, to read side by side.</summary>
    public string SectionFor(BenchOptions options) =>
        options.Measures is not null || options.ReadsMatching is not null ? $"{Name}-focused"
        : options.Rows == DefaultRows ? Name
        : string.Create(CultureInfo.InvariantCulture, $"{Name}-{options.Rows}");

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var models = options.Rows;
        var offerings = Math.Max(10, models / 10);
        var measures = options.Measures ?? Math.Max(10, models / 100);
        var observations = Math.Max(10, models / 10);
        await using var system = await ScratchSystem.StartAsync(cancellationToken);
        using var editor = system.Gateway.NewClient(TestApiKeys.Editor);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(editor, "releases", models, i => ModelRow(i), ReleasesHeader, cancellationToken);
        await SeedAsync(editor, "pricing", offerings * 5, i => PriceRow(i / 5, i % 5, offerings), PricesHeader, cancellationToken);
        await SeedAsync(editor, "regulation", measures, MeasureRow, RegulationsHeader, cancellationToken);
        await SeedAsync(editor, "adoption", observations, i => ObservationRow(i, models), AdoptionHeader, cancellationToken);
        var seeded = seeding.Elapsed;

        using var reader = system.Gateway.NewClient(TestApiKeys.Reader);
        using var direct = system.Releases.Host.NewClient(TestApiKeys.Reader);
        var scaleModel = $"scale-model-{models / 2 / 10 * 10}";
        await Eventually.Until(
            () => reader.GetFromJsonAsync<JsonElement>(new Uri($"/api/models/{scaleModel}/dossier?asOf=2025-12-31", UriKind.Relative), cancellationToken),
            dossier => dossier.GetProperty("prices").ValueKind == JsonValueKind.Array && dossier.GetProperty("prices").GetArrayLength() > 0,
            TimeSpan.FromMinutes(30),
            $"the dossier of {scaleModel} with its prices (pricing links it once ModelReleased arrives)");
        // The dossier shows its prices while the replicas still take the rest of the ModelReleased in; reads measured
        // then would measure that work. Settled is when no service's data version has moved for a few seconds.
        await StandStillAsync(reader, cancellationToken);
        var settled = seeding.Elapsed;

        var deepCursor = new PageCursor("-releasedOn", FirstDay.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "scale-model-0").Encode();
        var reads = new (string Name, HttpClient Client, string Path, string? Check)[]
        {
            ("model card straight to releases", direct, $"/models/{scaleModel}", null),
            ("landscape by bloc", reader, "/api/landscape?asOf=2025-06-30", Whole),
            ("landscape by country", reader, "/api/landscape?asOf=2025-06-30&groupBy=country", Whole),
            ("dossier", reader, $"/api/models/{scaleModel}/dossier?asOf=2025-06-30", Whole),
            ("timeline, one month", reader, "/api/timeline?from=2025-03-01&to=2025-03-31", Whole),
            ("price index, 24 months", reader, "/api/pricing/price-index?from=2024-01&to=2025-12", null),
            ("price levels by bloc", reader, "/api/pricing/price-levels?asOf=2025-06-30", null),
            ("release counts, trailing year", reader, "/api/releases/stats/window?from=2024-07-01&to=2025-06-30", null),
            ("search by name", reader, "/api/releases/models?q=Model%20424242&pageSize=20", null),
            ("model list, offset page 10,000 in", reader, "/api/releases/models?page=51&pageSize=196", null),
            ("model list, cursor page near the end", reader, $"/api/releases/models?pageSize=200&after={deepCursor}", null),
            ("offerings, cheapest first", reader, "/api/pricing/offerings?asOf=2025-06-30&pageSize=50", null),
            ("offerings, offset page halfway", reader, $"/api/pricing/offerings?asOf=2025-06-30&pageSize=50&page={PageHalfway(offerings, 50)}", null),
            ("price comparison, plans", reader, "/api/pricing/price-comparison?asOf=2025-06-30&kind=subscription&pageSize=60", null),
            ("cheapest per bloc", reader, "/api/pricing/cheapest?asOf=2025-06-30&top=5", null),
            ("adoption series, first page", reader, "/api/adoption/series?pageSize=50", null),
            ("leaderboard, first page", reader, "/api/adoption/leaderboard?metric=monthly-active-users&region=global&asOf=2025-06-30&pageSize=50", null),
            ("share by bloc", reader, "/api/adoption/share-by-bloc?metric=monthly-active-users&region=global&asOf=2025-06-30", null),
            ("subjects, first page", reader, "/api/adoption/subjects?limit=50", null),
            ("measures in force, first page", reader, "/api/regulation/measures?status=in-force&asOf=2025-06-30&pageSize=50", null),
            ("status counts and first page", reader, "/api/regulation/status?asOf=2025-06-30&pageSize=50", null),
        };
        reads = [.. reads.Where(read => options.ReadsMatching is not { } wanted || wanted.Split(',').Any(text => read.Name.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)))];

        var requests = Math.Max(50, Math.Min(400, options.Seconds * 20));
        var latencies = reads.ToDictionary(read => read.Name, _ => new List<TimeSpan>());
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var read in reads)
        {
            try
            {
                await ReadLoad.RunAsync(read.Client, read.Path, 20, Reads.Clients, cancellationToken, read.Check);
            }
            catch (InvalidOperationException failure)
            {
                failures[read.Name] = Reason(failure);
            }
        }

        var profile = new List<string>();
        if (options.Profile)
        {
            Console.WriteLine("profile:");
            using var metrics = system.Gateway.NewClient(TestApiKeys.Reader);
            foreach (var read in reads.Where(read => !failures.ContainsKey(read.Name)))
            {
                var lines = await ReadProfile.RunAsync(read.Client, metrics, read.Name, read.Path, requests, Reads.Clients, cancellationToken);
                lines.ToList().ForEach(Console.WriteLine);
                profile.Add(string.Join("; ", lines.Select(line => line.Trim())));
            }
        }

        var measured = await Alternating.RunAsync(
            options.Runs,
            [
                .. reads.Where(read => !failures.ContainsKey(read.Name)).Select(read => new Contender(read.Name, requests, async token =>
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        var (elapsed, each) = await ReadLoad.RunAsync(read.Client, read.Path, requests, Reads.Clients, token, read.Check);
                        latencies[read.Name].AddRange(each);
                        return elapsed;
                    }
                    catch (InvalidOperationException failure)
                    {
                        // Under load a composed answer may go without a part: the read failed its goal, the run goes on.
                        failures.TryAdd(read.Name, Reason(failure));
                        return clock.Elapsed;
                    }
                })),
            ],
            cancellationToken);

        var table = new StringBuilder();
        table.AppendLine("| read | requests/s (median run) | p50 (ms) | p99 (ms) | p99 ≤ 50 ms |");
        table.AppendLine("|---|---:|---:|---:|---|");
        foreach (var run in measured.Where(run => !failures.ContainsKey(run.Contender)))
        {
            var each = latencies[run.Contender];
            var p99 = Latencies.Percentile(each, 0.99);
            table.AppendLine(Invariant($"| {run.Contender} | {run.EventsPerSecond:N0} | {Latencies.Percentile(each, 0.50):0.0} | {p99:0.0} | {(p99 <= P99GoalMilliseconds ? "met" : "not met")} |"));
        }

        foreach (var (name, failure) in failures)
        {
            table.AppendLine(Invariant($"| {name} | failed: {failure.ReplaceLineEndings(" ").Replace('|', '/')} | — | — | not met |"));
        }

        var card = measured[0];
        var landscape = measured.FirstOrDefault(run => run.Contender == "landscape by bloc") ?? card;
        return new ScenarioResult(
            landscape,
            card,
            [
                Invariant($"Seeded {models:N0} models, {offerings:N0} API offerings with 5 prices each ({offerings * 5:N0} rows), {measures:N0} measures and {observations:N0} adoption observations, beside the bundled data, through each service's CSV import ({RowsPerImport:N0} rows a request): {seeded.TotalSeconds:N0} s; the replicas had caught up (the dossier of `{scaleModel}` lists its prices, and no service's data version moved for {StillFor.TotalSeconds:0} s) after {settled.TotalSeconds:N0} s."),
                Invariant($"{Reads.Clients} closed-loop clients, {requests} requests per run, {options.Runs} runs of each read alternating, after a warm-up of 20 each; latencies over all runs. Composed answers are checked whole (no part degraded); a read that failed in its warm-up is listed as failed with its answer."),
                .. profile.Select(line => $"Profile (--profile, one more run of each read at {Reads.Clients} clients, the means of the metrics and SQL of the whole system in this process): {line}"),
            ],
            Unit: "requests")
        {
            Tables = [table.ToString()],
            Findings =
            [
                .. measured.Skip(1).Where(run => !failures.ContainsKey(run.Contender)).Select(run =>
                {
                    var p99 = Latencies.Percentile(latencies[run.Contender], 0.99);
                    return new Finding(
                        Invariant($"{run.Contender} at {models:N0} models, p99 at {Reads.Clients} clients"),
                        Invariant($"{p99:0.0} ms (p50 {Latencies.Percentile(latencies[run.Contender], 0.50):0.0}, {run.EventsPerSecond:N0} requests/s)"),
                        Invariant($"model card straight to releases, {card.EventsPerSecond:N0} requests/s"),
                        run.EventsPerSecond / card.EventsPerSecond,
                        Invariant($"p99 ≤ {P99GoalMilliseconds:0} ms"),
                        p99 <= P99GoalMilliseconds);
                }),
                .. failures.Keys.Select(name => new Finding(Invariant($"{name} at {models:N0} models"), "failed", "—", null, Invariant($"p99 ≤ {P99GoalMilliseconds:0} ms"), false)),
            ],
        };
    }

    private const string ReleasesHeader = "release_id,model,organization,org_country,release_date,date_basis,open_weights,licence,consumer_free_access,consumer_access_note,epoch_feb2025_accessibility,epoch_feb2025_date,notes,source,confidence";

    private const string PricesHeader = "price_id,model,provider,provider_country,price_kind,currency,input_per_1M,output_per_1M,input_usd_per_1M,output_usd_per_1M,monthly_fee,effective_date,end_date,change_note,source,confidence";

    private const string RegulationsHeader = "event_id,instrument_id,jurisdiction,title,instrument_type,event_type,event_date,status_as_of_2025_12,target_scope,direction,related_dates,source,confidence";

    private const string AdoptionHeader = "obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence";

    private static string Day(int offset) => FirstDay.AddDays(offset % Days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ModelRow(int i) => Invariant(
        $"S{i},Scale Model {i},Scale Lab {i % 997},{Countries[i % Countries.Length]},{Day(i)},announcement,{(i % 3 == 0 ? "yes" : "no")},{(i % 3 == 0 ? "MIT" : "proprietary")},{(i % 2 == 0 ? "yes" : "no")},,,,,https://example.org/scale,high");

    /// <summary>Offering k prices model 10k; its five prices step down a quarter apart.</summary>
    /// <summary>The offset page halfway through <paramref name="items"/>, within the offset pages' reach.</summary>
    private static int PageHalfway(int items, int pageSize) => (Math.Min(items / 2, PageCursor.MaxOffset - pageSize) / pageSize) + 1;

    private static string PriceRow(int offering, int step, int offerings)
    {
        var input = 10m - (step * 1.5m) + (offering % 7);
        return Invariant(
            $"SP{offering}-{step},Scale Model {offering * 10},Scale Cloud {offering % 211},{Countries[(offering / 3) % Countries.Length]},api_list,USD,{input},{input * 3},,,,{Day((offering % 700) + (step * 91))},,scale step {step},https://example.org/scale-prices,high");
    }

    private static string MeasureRow(int i)
    {
        string[] jurisdictions = ["US", "China", "EU", "UK", "Japan", "US-CA", "Korea", "India"];
        return Invariant(
            $"SG{i},SCALE-{i},{jurisdictions[i % jurisdictions.Length]},Scale measure {i},law,in_force,{Day(i * 7)},in force,all AI developers/deployers,{(i % 2 == 0 ? "restrictive" : "promotional")},,https://example.org/scale-rules,high");
    }

    private static string ObservationRow(int i, int models) => Invariant(
        $"SA{i},Scale Model {(i * 10) % models},Scale Lab {(i * 10) % models % 997},{Countries[(i * 10) % models % Countries.Length]},monthly active users,{1_000 + i},,users,global,{Day(i * 3)},month,company_disclosure,,https://example.org/scale-adoption,high");

    private static async Task SeedAsync(HttpClient editor, string service, int rows, Func<int, string> row, string header, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += RowsPerImport)
        {
            var csv = new StringBuilder(header).Append('\n');
            for (var i = start; i < Math.Min(rows, start + RowsPerImport); i++)
            {
                csv.Append(row(i)).Append('\n');
            }

            using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
            using var response = await editor.PostAsync(new Uri($"/api/{service}/imports", UriKind.Relative), content, cancellationToken);
            var report = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{service} import answered {(int)response.StatusCode}: {report[..Math.Min(500, report.Length)]}");
            }

            var rejected = JsonDocument.Parse(report).RootElement.GetProperty("rejected");
            if (rejected.GetArrayLength() > 0)
            {
                throw new InvalidOperationException($"{service} import rejected rows, first: {rejected[0]}");
            }

            Console.WriteLine(Invariant($"  seeded {service}: {Math.Min(rows, start + RowsPerImport):N0} of {rows:N0} rows, {clock.Elapsed.TotalSeconds:N0} s"));
        }
    }

    /// <summary>Until the data-version tags of the four services stood still for <see cref="StillFor"/> (at most 20 minutes).</summary>
    private static async Task StandStillAsync(HttpClient reader, CancellationToken cancellationToken)
    {
        string[] tagged =
        [
            "/api/releases/stats/window?from=2025-01-01&to=2025-06-30",
            "/api/pricing/price-levels?asOf=2025-06-30",
            "/api/regulation/in-force-counts?asOf=2025-06-30",
            "/api/adoption/headlines?asOf=2025-06-30",
        ];
        var deadline = Stopwatch.StartNew();
        var still = Stopwatch.StartNew();
        var last = string.Empty;
        while (still.Elapsed < StillFor)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(20))
            {
                throw new InvalidOperationException($"the services' data still moved after 20 minutes: {last}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            var tags = new StringBuilder();
            foreach (var path in tagged)
            {
                using var response = await reader.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
                response.EnsureSuccessStatusCode();
                tags.Append(response.Headers.ETag?.Tag ?? throw new InvalidOperationException($"{path} answered without a data-version tag")).Append(' ');
            }

            if (tags.ToString() != last)
            {
                (last, still) = (tags.ToString(), Stopwatch.StartNew());
            }
        }
    }

    /// <summary>A composed answer that came back degraded says which part was missing and why: that is kept.</summary>
    private static string Reason(InvalidOperationException failure)
    {
        var message = failure.Message;
        var degraded = message.IndexOf("\"degraded\":[{", StringComparison.Ordinal);
        return degraded >= 0 ? message[degraded..Math.Min(message.Length, degraded + 400)] : message[..Math.Min(message.Length, 300)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
