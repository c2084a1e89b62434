using System.Globalization;
using Intelligence.Benchmarks.Harness;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>import-gateway</c>: the releases import of <c>import-releases</c>, the same file, sent through the gateway
/// (YARP, the editor's API key, the import route's body limit and timeout) vs straight to the service, with the
/// raw batched Marten append of the same events beside them; alternating, each run on a fresh service and database.
/// </summary>
public sealed class ImportGateway : IScenario
{
    private const string Gateway = "import through the gateway";
    private const string Direct = "import straight to the service";
    private const string Raw = "raw Marten append";

    public string Name => "import-gateway";

    public string Summary =>
        "POST /api/releases/imports through the gateway vs POST /imports straight to the releases service (same file as import-releases), beside a raw batched Marten append of the same events.";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var import = new ImportReleases();
        var (warmUp, file, _) = await import.FilesAsync(options.Rows, cancellationToken);
        var units = import.UnitsOf(file);
        Console.WriteLine($"{file.Rows:N0} rows: {file.Events:N0} events; {options.Runs} runs each, alternating");
        var measured = await Alternating.RunAsync(
            options.Runs,
            [
                new(Gateway, units, token => import.ImportAsync(warmUp, file, throughGateway: true, token)),
                new(Direct, units, token => import.ImportAsync(warmUp, file, throughGateway: false, token)),
                new(Raw, units, token => import.AppendAsync(warmUp, file, token)),
            ],
            cancellationToken);
        var (gateway, direct, raw) = (measured[0], measured[1], measured[2]);
        var throughGateway = new Comparison(gateway, direct);
        var againstRaw = new Comparison(gateway, raw);
        return new ScenarioResult(
            gateway,
            direct,
            [
                Invariant($"Both imports: the releases service hosted in-process on Kestrel as import-releases hosts it (fresh database, relay on), the same file of {file.Rows:N0} rows, each row a new model, warmed up with a small file sent the same way; wall time of the one request. Every run checks the report (every row accepted) and the {file.Events:N0} events stored, counted in the database."),
                "Through the gateway: the gateway hosted in-process on Kestrel in front of that service (its rate limiter set out of reach), POST /api/releases/imports with the development editor key; the route streams the CSV to the service and its report back (route timeout 10 minutes, body limit 64 MiB). The gateway is started afresh with each run's service.",
                Invariant($"Raw: the same events appended by {ScratchStore.Description}, in the importer's batches, as import-releases measures it."),
            ],
            Unit: "events")
        {
            Others = [againstRaw],
            Findings =
            [
                new(
                    "bulk import through the gateway (events/s)",
                    Invariant($"{gateway.EventsPerSecond:N0} events/s"),
                    Invariant($"the same import straight to the service, {direct.EventsPerSecond:N0} events/s"),
                    throughGateway.Ratio,
                    "— (no target; the proxy's cost)",
                    null),
                new(
                    "bulk import through the gateway vs raw (events/s)",
                    Invariant($"{gateway.EventsPerSecond:N0} events/s"),
                    Invariant($"raw batched Marten append, {raw.EventsPerSecond:N0} events/s"),
                    againstRaw.Ratio,
                    "≥ 70 %",
                    againstRaw.Ratio >= 0.70),
            ],
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
