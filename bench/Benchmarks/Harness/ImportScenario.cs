using System.Diagnostics;
using System.Text;
using Intelligence.Platform.Import;
using Marten;

namespace Intelligence.Benchmarks.Harness;

/// <summary>A bulk-import file and the streams its import stores, as the raw baseline appends them.</summary>
public sealed record ImportFile(string Csv, int Rows, IReadOnlyList<StreamEvents> Streams)
{
    public int Events { get; } = Streams.Sum(stream => stream.Events.Count);
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
public abstract class ImportScenario<TProgram> : IScenario
    where TProgram : class
{
    private const string Import = "import (service)";
    private const string Raw = "raw Marten append";

    public abstract string Name { get; }

    public abstract string Summary { get; }

    /// <summary>The service's name, which is also its Marten schema.</summary>
    protected abstract string Service { get; }

    /// <summary>The importer's batch size (events per transaction); the raw append cuts its batches the same way.</summary>
    protected abstract int BatchSize { get; }

    /// <summary>What the service's store maintains besides its events, in words: "inline CatalogEntry projection".</summary>
    protected abstract string Projections { get; }

    /// <summary>How the raw events are built, in words: "the service's ReleaseRow.Read".</summary>
    protected abstract string EventSource { get; }

    private int WarmUpRows => 2 * BatchSize;

    /// <summary>A file of <paramref name="rows"/> rows; <paramref name="tag"/> keeps its ids apart from another file's.</summary>
    protected abstract Task<string> FileAsync(int rows, string tag, CancellationToken cancellationToken);

    /// <summary>The streams the file's import stores, built with the service's own public types.</summary>
    protected abstract Task<IReadOnlyList<StreamEvents>> StreamsAsync(string csv, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the report of the import of a file of <paramref name="rows"/> rows (every row accepted, none
    /// rejected: anything else throws) and answers how many events it says were stored.
    /// </summary>
    protected abstract int EventsReported(ImportReport report, int rows);

    /// <summary>The raw store's event types and, when <paramref name="projections"/>, the service's inline projections.</summary>
    protected abstract void ConfigureRawStore(StoreOptions options, bool projections);

    /// <summary>What else the scenario's section should say.</summary>
    protected virtual IEnumerable<string> Notes(ImportFile file) => [];

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var warmUpCsv = await FileAsync(WarmUpRows, "w", cancellationToken);
        var csv = await FileAsync(options.Rows, "r", cancellationToken);
        var warmUp = new ImportFile(warmUpCsv, WarmUpRows, await StreamsAsync(warmUpCsv, cancellationToken));
        var readTime = Stopwatch.StartNew();
        var file = new ImportFile(csv, options.Rows, await StreamsAsync(csv, cancellationToken));
        readTime.Stop();
        if (file.Streams.Concat(warmUp.Streams).Select(stream => stream.Id).Distinct().Count() != file.Streams.Count + warmUp.Streams.Count)
        {
            throw new InvalidOperationException("The files' streams are not all distinct: every run must start them anew.");
        }

        var batches = ScratchStore.Batches(file.Streams, BatchSize).Count();
        Console.WriteLine(
            $"{file.Rows:N0} rows ({Encoding.UTF8.GetByteCount(file.Csv) / 1024.0:N0} KiB): {file.Events:N0} events in {file.Streams.Count:N0} streams, {batches} batches; {options.Runs} runs each, alternating");
        var measurements = await Alternating.RunAsync(
            options.Runs,
            [
                new(Import, file.Events, token => ImportAsync(warmUp, file, relay: true, trace: null, token)),
                new(Raw, file.Events, token => AppendAsync(warmUp, file, projections: false, token)),
            ],
            cancellationToken);

        var notes = new List<string>
        {
            $"Import: the service hosted in-process on Kestrel, its own Program and settings ({Projections}, relay publishing to RabbitMQ in the background), one HTTP request of {file.Rows:N0} rows; wall time of the request. Every run checks the report (every row accepted, none rejected) and that the {file.Events:N0} events it accounts for are the events stored, counted in the database.",
            $"Raw: {ScratchStore.Description}, no projections, no relay; the same {file.Events:N0} events in {file.Streams.Count:N0} streams, started in {batches} batches of whole streams of about {BatchSize} events as the importer cuts them, one SaveChangesAsync per batch; events built beforehand with {EventSource} (building them from all {file.Rows:N0} rows took {readTime.Elapsed.TotalSeconds:0.00} s, not counted).",
            "Each run starts from a fresh database, warmed up with a small file; the import's relay keeps publishing after the request returns, and stops with its host before the next run.",
        };
        notes.AddRange(Notes(file));
        if (options.Profile)
        {
            notes.AddRange(await ProfileAsync(warmUp, file, cancellationToken));
        }

        return new ScenarioResult(measurements[0], measurements[1], notes);
    }

    /// <summary>
    /// Where the import's time goes: the import without its relay, with the SQL it sends counted; and the raw
    /// append with the service's inline projections, which is the store's share of the difference.
    /// </summary>
    private async Task<IEnumerable<string>> ProfileAsync(ImportFile warmUp, ImportFile file, CancellationToken cancellationToken)
    {
        Console.WriteLine("profile:");
        using var trace = new SqlTrace();
        var noRelay = await ImportAsync(warmUp, file, relay: false, trace, cancellationToken);
        Console.WriteLine($"  import without relay {noRelay.TotalSeconds:0.00} s, {trace.Count} SQL round trips taking {trace.Time.TotalSeconds:0.00} s");
        var kinds = trace.Kinds.Take(6).Select(kind => $"{kind.Count} round trips of [{kind.Kind}]: {kind.Time.TotalSeconds:0.00} s").ToList();
        foreach (var kind in kinds)
        {
            Console.WriteLine($"    {kind}");
        }

        var withRelay = await ImportAsync(warmUp, file, relay: true, trace: null, cancellationToken);
        Console.WriteLine($"  import with relay {withRelay.TotalSeconds:0.00} s");
        var projected = await AppendAsync(warmUp, file, projections: true, cancellationToken);
        Console.WriteLine($"  raw append with the service's inline projections {projected.TotalSeconds:0.00} s");
        var raw = await AppendAsync(warmUp, file, projections: false, cancellationToken);
        Console.WriteLine($"  raw append {raw.TotalSeconds:0.00} s");

        var batches = ScratchStore.Batches(file.Streams, BatchSize).Count();
        return
        [
            $"Profile (one run each, same file): import {withRelay.TotalSeconds:0.00} s with the relay, {noRelay.TotalSeconds:0.00} s without; raw append {raw.TotalSeconds:0.00} s, {projected.TotalSeconds:0.00} s with the service's {Projections}.",
            $"Profile, import without relay: {trace.Count} SQL round trips ({trace.Count / (double)batches:0.#} per batch of about {BatchSize} events) taking {trace.Time.TotalSeconds:0.00} s of its {noRelay.TotalSeconds:0.00} s; by kind: {string.Join("; ", kinds)}.",
        ];
    }

    /// <summary>One measured import: a fresh database and service host, a warm-up file, then the timed request, checked.</summary>
    private async Task<TimeSpan> ImportAsync(ImportFile warmUp, ImportFile file, bool relay, SqlTrace? trace, CancellationToken cancellationToken)
    {
        await using var service = await ScratchService<TProgram>.StartAsync(Service, relay);
        await CheckAsync(service, warmUp, await service.ImportAsync(warmUp.Csv, cancellationToken), before: 0, cancellationToken);
        var before = await service.StoredEventsAsync(cancellationToken);

        if (trace is not null)
        {
            trace.Recording = true;
        }

        var stopwatch = Stopwatch.StartNew();
        var report = await service.ImportAsync(file.Csv, cancellationToken);
        stopwatch.Stop();
        if (trace is not null)
        {
            trace.Recording = false;
        }

        await CheckAsync(service, file, report, before, cancellationToken);
        return stopwatch.Elapsed;
    }

    private async Task CheckAsync(ScratchService<TProgram> service, ImportFile file, ImportReport report, long before, CancellationToken cancellationToken)
    {
        var reported = EventsReported(report, file.Rows);
        var stored = await service.StoredEventsAsync(cancellationToken) - before;
        if (reported != file.Events || stored != file.Events)
        {
            throw new InvalidOperationException(
                $"The import of {file.Rows} rows should store {file.Events} events, as the raw append does; its report accounts for {reported}, and {stored} were stored.");
        }
    }

    /// <summary>One measured raw append: a fresh database and store, the warm-up events, then the timed batches.</summary>
    private async Task<TimeSpan> AppendAsync(ImportFile warmUp, ImportFile file, bool projections, CancellationToken cancellationToken)
    {
        await using var store = await ScratchStore.CreateAsync(options => ConfigureRawStore(options, projections));
        await store.AppendAsync(warmUp.Streams, BatchSize, cancellationToken);
        return await store.AppendAsync(file.Streams, BatchSize, cancellationToken);
    }

    /// <summary>The report's rejections, a few of them, for an error message.</summary>
    protected static string Rejections(ImportReport report) =>
        string.Concat(report.Rejected.Take(3).Select(note => $"; line {note.Line}: {note.Reason}"));
}
