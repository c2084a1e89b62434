using System.Diagnostics;
using System.Globalization;
using System.Text;
using Intelligence.Platform.Import;
using Intelligence.TestSupport;
using Marten;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// A bulk-import file and the events its import stores, as the raw baseline appends them: in the importer's
/// transactions (batches), each holding the events it appends to each stream, in order.
/// </summary>
public sealed record ImportFile(string Csv, int Rows, IReadOnlyList<IReadOnlyList<StreamEvents>> Batches)
{
    public int Events { get; } = Batches.Sum(batch => batch.Sum(stream => stream.Events.Count));

    /// <summary>The streams written, each counted once however many batches append to it.</summary>
    public IReadOnlySet<string> StreamIds { get; } = Batches.SelectMany(batch => batch).Select(stream => stream.Id).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// A service's <c>POST /imports</c>, hosted in-process on Kestrel exactly as its Program builds it (inline
/// projections, relay to the broker), fed a file of N rows; beside it, the events that import stores, built
/// beforehand with the service's own public types and appended by a <see cref="ScratchStore"/> with no projections
/// and no relay, in batches cut as the importer cuts them, one transaction per batch. The two alternate; each
/// measured run gets a fresh database (and a fresh host), warmed up with a small file first, so every run starts
/// from the same empty store. Every import is checked: its report, and the events it stored, counted in its
/// database, against the events the baseline appends.
/// </summary>
/// <typeparam name="TProgram">The service's Program.</typeparam>
/// <typeparam name="TReport">The report its <c>POST /imports</c> answers.</typeparam>
public abstract class ImportScenario<TProgram, TReport> : IScenario
    where TProgram : class
    where TReport : class
{
    private const string Import = "import (service)";
    private const string Raw = "raw Marten append";

    public abstract string Name { get; }

    public abstract string Summary { get; }

    /// <summary>The service's name, which is also its Marten schema and the gateway's prefix of its routes.</summary>
    public abstract string Service { get; }

    /// <summary>The importers' batch size (events or rows per transaction, as <see cref="Batching"/> says); the raw append cuts its batches the same way.</summary>
    protected static int BatchSize => Platform.Import.CsvImports.BatchSize;

    /// <summary>How the importer cuts its batches, in words, for the raw side's note.</summary>
    protected virtual string Batching => $"whole streams of about {BatchSize} events as the importer cuts them";

    /// <summary>What the throughput counts: events stored (the default), or the file's rows ("observations").</summary>
    protected virtual string Unit => "events";

    /// <summary>How many <see cref="Unit"/> a run of the file handles, on either side.</summary>
    protected virtual int Units(ImportFile file) => file.Events;

    /// <summary>What the service's store maintains besides its events, in words: "inline CatalogEntry projection".</summary>
    protected abstract string Projections { get; }

    /// <summary>How the raw events are built, in words: "the service's ReleaseRow.Read".</summary>
    protected abstract string EventSource { get; }

    private static int WarmUpRows => 2 * BatchSize;

    /// <summary>A file of <paramref name="rows"/> rows; <paramref name="tag"/> keeps its ids apart from another file's.</summary>
    protected abstract Task<string> FileAsync(int rows, string tag, CancellationToken cancellationToken);

    /// <summary>
    /// The events the file's import stores, built with the service's own public types, in the importer's batches
    /// (a stream may be appended to by several).
    /// </summary>
    protected abstract Task<IReadOnlyList<IReadOnlyList<StreamEvents>>> BatchesAsync(string csv, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the report of the import of <paramref name="file"/> (every row as expected, none rejected: anything
    /// else throws) and answers how many events it says were stored, or null when the report does not count events
    /// (then only the events stored are checked against the raw side's).
    /// </summary>
    protected abstract int? EventsReported(TReport report, ImportFile file);

    /// <summary>What every import run checks, in words, for the import's note.</summary>
    protected virtual string Checks(ImportFile file) =>
        $"the report (every row accepted, none rejected) and that the {file.Events:N0} events it accounts for are the events stored, counted in the database";

    /// <summary>The raw store's event types and, when <paramref name="projections"/>, the service's inline projections.</summary>
    protected abstract void ConfigureRawStore(StoreOptions options, bool projections);

    /// <summary>What else the scenario's section should say.</summary>
    protected virtual IEnumerable<string> Notes(ImportFile file) => [];

    /// <summary>The warm-up file and a file of <paramref name="rows"/> rows, with the events their imports store; their streams never overlap.</summary>
    public async Task<(ImportFile WarmUp, ImportFile File, TimeSpan ReadTime)> FilesAsync(int rows, CancellationToken cancellationToken)
    {
        var warmUpCsv = await FileAsync(WarmUpRows, "w", cancellationToken);
        var csv = await FileAsync(rows, "r", cancellationToken);
        var warmUp = new ImportFile(warmUpCsv, WarmUpRows, await BatchesAsync(warmUpCsv, cancellationToken));
        var readTime = Stopwatch.StartNew();
        var file = new ImportFile(csv, rows, await BatchesAsync(csv, cancellationToken));
        readTime.Stop();
        if (file.StreamIds.Overlaps(warmUp.StreamIds))
        {
            throw new InvalidOperationException("The files' streams are not all distinct: every run must start them anew.");
        }

        return (warmUp, file, readTime.Elapsed);
    }

    /// <summary>How many <see cref="Unit"/> a run of the file handles, on either side.</summary>
    public int UnitsOf(ImportFile file) => Units(file);

    /// <summary>
    /// One measured import of <paramref name="file"/> as <see cref="RunAsync"/> measures it, straight to the service
    /// or, when <paramref name="throughGateway"/>, through a gateway hosted in front of it (<c>POST /api/{service}/imports</c>
    /// with the editor key), warm-up included; checked the same way.
    /// </summary>
    public Task<TimeSpan> ImportAsync(ImportFile warmUp, ImportFile file, bool throughGateway, CancellationToken cancellationToken) =>
        ImportAsync(warmUp, file, relay: true, trace: null, throughGateway, cancellationToken);

    /// <summary>One measured raw append of <paramref name="file"/>'s events, as <see cref="RunAsync"/> measures it.</summary>
    public Task<TimeSpan> AppendAsync(ImportFile warmUp, ImportFile file, CancellationToken cancellationToken) =>
        AppendAsync(warmUp, file, projections: false, cancellationToken);

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var (warmUp, file, readTime) = await FilesAsync(options.Rows, cancellationToken);
        var appends = file.Batches.Sum(batch => batch.Count);
        Console.WriteLine(
            $"{file.Rows:N0} rows ({Encoding.UTF8.GetByteCount(file.Csv) / 1024.0:N0} KiB): {file.Events:N0} events in {file.StreamIds.Count:N0} streams, {file.Batches.Count} batches; {options.Runs} runs each, alternating");
        var units = Units(file);
        var measurements = await Alternating.RunAsync(
            options.Runs,
            [
                new(Import, units, token => ImportAsync(warmUp, file, throughGateway: false, token)),
                new(Raw, units, token => AppendAsync(warmUp, file, projections: false, token)),
            ],
            cancellationToken);

        var notes = new List<string>
        {
            $"Import: the service hosted in-process on Kestrel, its own Program and settings ({Projections}, relay publishing to RabbitMQ in the background), one HTTP request of {file.Rows:N0} rows; wall time of the request. Every run checks {Checks(file)}.",
            $"Raw: {ScratchStore.Description}, no projections, no relay; the same {file.Events:N0} events in {file.StreamIds.Count:N0} streams{(appends == file.StreamIds.Count ? string.Empty : $" ({appends:N0} appends: a stream started in its first batch is appended to in later ones)")}, in {file.Batches.Count} batches of {Batching}, one SaveChangesAsync per batch; events built beforehand with {EventSource} (building them from all {file.Rows:N0} rows took {readTime.TotalSeconds:0.00} s, not counted).",
            "Each run starts from a fresh database, warmed up with a small file; the import's relay keeps publishing after the request returns, and stops with its host before the next run.",
        };
        notes.AddRange(Notes(file));
        var caughtUp = _caughtUp.Take(options.Runs).ToList();
        var lag = caughtUp.Select(run => run.CatchUp.TotalSeconds).Order().ElementAt(caughtUp.Count / 2);
        var readable = caughtUp.Select(run => (run.Request + run.CatchUp).TotalSeconds).Order().ElementAt(caughtUp.Count / 2);
        if (lag > 0)
        {
            notes.Add(
                $"Lag: the asynchronous projections took every event {string.Join(", ", caughtUp.Select(run => $"{run.CatchUp.TotalSeconds:0.00}"))} s after the request returned (median {lag:0.00} s; polled every 20 ms, bounded at {CatchUpTimeout.TotalMinutes:0} min). "
                + $"From the request's start to read models that hold every row: median {readable:0.00} s, {units / readable:N0} {Unit}/s, {units / readable / measurements[1].EventsPerSecond:P0} of raw.");
        }

        if (options.Profile)
        {
            notes.AddRange(await ProfileAsync(warmUp, file, cancellationToken));
        }

        var ratio = measurements[0].EventsPerSecond / measurements[1].EventsPerSecond;
        return new ScenarioResult(measurements[0], measurements[1], notes, Unit)
        {
            Findings =
            [
                new(
                    $"bulk import, {Service} service API ({Unit}/s)",
                    $"{measurements[0].EventsPerSecond:N0} {Unit}/s",
                    $"raw batched Marten append, {measurements[1].EventsPerSecond:N0} {Unit}/s",
                    ratio,
                    "≥ 70 %",
                    ratio >= 0.70),
                .. lag > 0
                    ? new[]
                    {
                        new Finding(
                            $"bulk import until the {Service} read models hold every row ({Unit}/s)",
                            $"{units / readable:N0} {Unit}/s (lag {lag:0.00} s)",
                            $"raw batched Marten append, {measurements[1].EventsPerSecond:N0} {Unit}/s",
                            units / readable / measurements[1].EventsPerSecond,
                            "— (the lag, bounded)",
                            null),
                    }
                    : [],
            ],
        };
    }

    /// <summary>
    /// Where the import's time goes: the import without its relay, with the SQL it sends counted; and the raw
    /// append with the service's inline projections, which is the store's share of the difference.
    /// </summary>
    private async Task<IEnumerable<string>> ProfileAsync(ImportFile warmUp, ImportFile file, CancellationToken cancellationToken)
    {
        Console.WriteLine("profile:");
        using var trace = new SqlTrace();
        var noRelay = await ImportAsync(warmUp, file, relay: false, trace, throughGateway: false, cancellationToken);
        Console.WriteLine($"  import without relay {noRelay.TotalSeconds:0.00} s, {trace.Count} SQL round trips taking {trace.Time.TotalSeconds:0.00} s");
        var kinds = trace.Kinds.Take(6).Select(kind => $"{kind.Count} round trips of [{kind.Kind}]: {kind.Time.TotalSeconds:0.00} s").ToList();
        foreach (var kind in kinds)
        {
            Console.WriteLine($"    {kind}");
        }

        using var daemonTrace = new SqlTrace();
        var withRelay = await ImportAsync(warmUp, file, relay: true, daemonTrace, throughGateway: false, cancellationToken);
        var (_, catchUp) = _caughtUp[^1];
        Console.WriteLine($"  import with relay {withRelay.TotalSeconds:0.00} s, caught up {catchUp.TotalSeconds:0.00} s later; {daemonTrace.Count} SQL round trips taking {daemonTrace.Time.TotalSeconds:0.00} s in all");
        var daemonKinds = daemonTrace.Kinds.Take(8).Select(kind => $"{kind.Count} round trips of [{kind.Kind}]: {kind.Time.TotalSeconds:0.00} s").ToList();
        foreach (var kind in daemonKinds)
        {
            Console.WriteLine($"    {kind}");
        }
        var projected = await AppendAsync(warmUp, file, projections: true, cancellationToken);
        Console.WriteLine($"  raw append with the service's projections run inline {projected.TotalSeconds:0.00} s");
        var raw = await AppendAsync(warmUp, file, projections: false, cancellationToken);
        Console.WriteLine($"  raw append {raw.TotalSeconds:0.00} s");

        var batches = file.Batches.Count;
        return
        [
            $"Profile (one run each, same file): import {withRelay.TotalSeconds:0.00} s with the relay, {noRelay.TotalSeconds:0.00} s without; raw append {raw.TotalSeconds:0.00} s, {projected.TotalSeconds:0.00} s with the service's projections run inline in the append.",
            $"Profile, import with the relay and the async daemon, until its projections caught up ({catchUp.TotalSeconds:0.00} s after the request): {daemonTrace.Count} SQL round trips taking {daemonTrace.Time.TotalSeconds:0.00} s (the service's connections overlap); by kind: {string.Join("; ", daemonKinds)}.",
            $"Profile, import without relay: {trace.Count} SQL round trips ({trace.Count / (double)batches:0.#} per batch of {Batching}) taking {trace.Time.TotalSeconds:0.00} s of its {noRelay.TotalSeconds:0.00} s; by kind: {string.Join("; ", kinds)}.",
        ];
    }

    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Each import run with the daemon on: the request's time, then how long its asynchronous projections took to catch up after it.</summary>
    private readonly List<(TimeSpan Request, TimeSpan CatchUp)> _caughtUp = [];

    /// <summary>One measured import: a fresh database and service host (and gateway), a warm-up file, then the timed request, checked.</summary>
    private async Task<TimeSpan> ImportAsync(
        ImportFile warmUp, ImportFile file, bool relay, SqlTrace? trace, bool throughGateway, CancellationToken cancellationToken)
    {
        await using var service = await ScratchService<TProgram>.StartAsync(Service, relay);
        await using var gateway = throughGateway ? ScratchGateway.Start(new Dictionary<string, Uri> { [Service] = service.Address }) : null;
        using var gatewayClient = gateway?.NewClient(TestApiKeys.Editor);
        var (client, path) = gatewayClient is null ? (service.Client, "imports") : (gatewayClient, $"/api/{Service}/imports");

        // What the service stores as it starts (the pricing service records its shipped FX rates) is none of the import's.
        var started = await service.StoredEventsAsync(cancellationToken);
        await CheckAsync(service, warmUp, await ScratchService<TProgram>.ImportAsync<TReport>(client, path, warmUp.Csv, cancellationToken), started, cancellationToken);
        var before = await service.StoredEventsAsync(cancellationToken);

        if (trace is not null)
        {
            trace.Recording = true;
        }

        var stopwatch = Stopwatch.StartNew();
        var report = await ScratchService<TProgram>.ImportAsync<TReport>(client, path, file.Csv, cancellationToken);
        stopwatch.Stop();
        if (relay)
        {
            _caughtUp.Add((stopwatch.Elapsed, await service.ProjectionsCaughtUpAsync(CatchUpTimeout, cancellationToken)));
        }

        if (trace is not null)
        {
            trace.Recording = false;
        }

        await CheckAsync(service, file, report, before, cancellationToken);
        return stopwatch.Elapsed;
    }

    private async Task CheckAsync(ScratchService<TProgram> service, ImportFile file, TReport report, long before, CancellationToken cancellationToken)
    {
        var reported = EventsReported(report, file);
        var stored = await service.StoredEventsAsync(cancellationToken) - before;
        if ((reported is not null && reported != file.Events) || stored != file.Events)
        {
            var raw = file.Batches.SelectMany(batch => batch).SelectMany(stream => stream.Events).CountBy(@event => @event.GetType().Name);
            var types = await service.StoredEventTypesAsync(cancellationToken);
            throw new InvalidOperationException(
                $"The import of {file.Rows} rows should store {file.Events} events, as the raw append does; its report accounts for {reported?.ToString(CultureInfo.InvariantCulture) ?? "(not counted)"}, and {stored} were stored. "
                + $"Raw side by type: {string.Join(", ", raw.Select(type => $"{type.Key} {type.Value}"))}; stored in all (start-up and warm-up included): {string.Join(", ", types.Select(type => $"{type.Key} {type.Value}"))}.");
        }
    }

    /// <summary>One measured raw append: a fresh database and store, the warm-up events, then the timed batches.</summary>
    private async Task<TimeSpan> AppendAsync(ImportFile warmUp, ImportFile file, bool projections, CancellationToken cancellationToken)
    {
        await using var store = await ScratchStore.CreateAsync(options => ConfigureRawStore(options, projections));
        await store.AppendAsync(warmUp.Batches, cancellationToken, expectingVersions: projections);
        return await store.AppendAsync(file.Batches, cancellationToken, expectingVersions: projections);
    }

    /// <summary>A report's rejections, a few of them, for an error message.</summary>
    protected static string Rejections(IEnumerable<RowNote> rejected) =>
        string.Concat(rejected.Take(3).Select(note => $"; line {note.Line}: {note.Reason}"));
}

/// <summary>An <see cref="ImportScenario{TProgram, TReport}"/> of a service whose import answers the platform's <see cref="ImportReport"/>.</summary>
/// <typeparam name="TProgram">The service's Program.</typeparam>
public abstract class ImportScenario<TProgram> : ImportScenario<TProgram, ImportReport>
    where TProgram : class
{
    /// <summary>The report's rejections, a few of them, for an error message.</summary>
    protected static string Rejections(ImportReport report) => Rejections(report.Rejected);
}
