using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Import;
using Intelligence.Releases.Projections;
using Intelligence.TestSupport;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>import-releases</c>: the releases service's <c>POST /imports</c>, hosted in-process on Kestrel exactly as its
/// Program builds it (inline projections, relay to the broker), fed the reference <c>data/releases.csv</c>
/// repeated to N rows, each a new model; beside it, the same <see cref="ModelAnnounced"/> events appended by a
/// plain Marten store (same serializer, string stream ids, quick append) with no projections and no relay, in
/// batches of the importer's size, one transaction per batch. Each measured run gets a fresh database (and a
/// fresh host), warmed up with a small file first, so every run starts from the same empty catalog.
/// </summary>
public sealed class ImportReleases : IScenario
{
    private const int WarmUpRows = 2 * ImportBatch;
    private const int ImportBatch = Releases.Features.ImportReleases.BatchSize;

    public string Name => "import-releases";

    public string Summary =>
        "POST /imports of the releases service (reference file repeated, every row a new model) vs a raw batched Marten append of the same ModelAnnounced events.";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var reference = await File.ReadAllLinesAsync(Repository.File("data", "releases.csv"), cancellationToken);
        var warmUp = ReleasesFile(reference, WarmUpRows, "w");
        var file = ReleasesFile(reference, options.Rows, "r");
        var warmUpEvents = await AnnouncementsAsync(warmUp, cancellationToken);
        var readTime = Stopwatch.StartNew();
        var events = await AnnouncementsAsync(file, cancellationToken);
        readTime.Stop();
        if (events.Count != options.Rows || events.Select(e => e.ModelId).Distinct().Count() != options.Rows)
        {
            throw new InvalidOperationException($"The file of {options.Rows} rows reads as {events.Count} announcements, not all of distinct models.");
        }

        Console.WriteLine($"{options.Rows:N0} rows ({Encoding.UTF8.GetByteCount(file) / 1024.0:N0} KiB) from {reference.Length - 1} reference rows; {options.Runs} runs each, alternating");
        var imports = new List<TimeSpan>();
        var appends = new List<TimeSpan>();
        for (var run = 1; run <= options.Runs; run++)
        {
            imports.Add(await ImportAsync(warmUp, file, options.Rows, relay: true, trace: null, cancellationToken));
            Console.WriteLine($"  run {run}: import {imports[^1].TotalSeconds:0.00} s");
            appends.Add(await AppendAsync(warmUpEvents, events, projections: false, cancellationToken));
            Console.WriteLine($"  run {run}: raw append {appends[^1].TotalSeconds:0.00} s");
        }

        var notes = new List<string>
        {
            $"Import: the service hosted in-process on Kestrel, its own Program and settings (inline CatalogEntry and ReleaseStats projections, relay publishing to RabbitMQ in the background), one HTTP request of {options.Rows:N0} rows; wall time of the request, every row checked as accepted.",
            $"Raw: a plain Marten DocumentStore (System.Text.Json camel case, string stream ids, quick append), no projections, no relay; {ImportBatch} StartStream calls and one SaveChangesAsync per batch; events built beforehand with the service's ReleaseRow.Read (reading all {options.Rows:N0} rows took {readTime.Elapsed.TotalSeconds:0.00} s, not counted).",
            "Each run starts from a fresh database, warmed up with a small file; the import's relay keeps publishing after the request returns, and stops with its host before the next run.",
        };
        if (options.Profile)
        {
            notes.AddRange(await ProfileAsync(warmUp, file, warmUpEvents, events, options.Rows, cancellationToken));
        }

        return new ScenarioResult(new Measurement("import (service)", options.Rows, imports), new Measurement("raw Marten append", options.Rows, appends), notes);
    }

    /// <summary>
    /// Where the import's time goes: the import without its relay, with the SQL it sends counted; and the raw
    /// append with the service's two inline projections, which is the store's share of the difference.
    /// </summary>
    private static async Task<IEnumerable<string>> ProfileAsync(
        string warmUp, string file, IReadOnlyList<ModelAnnounced> warmUpEvents, IReadOnlyList<ModelAnnounced> events, int rows, CancellationToken cancellationToken)
    {
        Console.WriteLine("profile:");
        using var trace = new SqlTrace();
        var noRelay = await ImportAsync(warmUp, file, rows, relay: false, trace, cancellationToken);
        Console.WriteLine($"  import without relay {noRelay.TotalSeconds:0.00} s, {trace.Count} SQL round trips taking {trace.Time.TotalSeconds:0.00} s");
        var kinds = trace.Kinds.Take(6).Select(kind => $"{kind.Count} round trips of [{kind.Kind}]: {kind.Time.TotalSeconds:0.00} s").ToList();
        foreach (var kind in kinds)
        {
            Console.WriteLine($"    {kind}");
        }

        var withRelay = await ImportAsync(warmUp, file, rows, relay: true, trace: null, cancellationToken);
        Console.WriteLine($"  import with relay {withRelay.TotalSeconds:0.00} s");
        var projected = await AppendAsync(warmUpEvents, events, projections: true, cancellationToken);
        Console.WriteLine($"  raw append with the service's inline projections {projected.TotalSeconds:0.00} s");
        var raw = await AppendAsync(warmUpEvents, events, projections: false, cancellationToken);
        Console.WriteLine($"  raw append {raw.TotalSeconds:0.00} s");

        return
        [
            $"Profile (one run each, same file): import {withRelay.TotalSeconds:0.00} s with the relay, {noRelay.TotalSeconds:0.00} s without; raw append {raw.TotalSeconds:0.00} s, {projected.TotalSeconds:0.00} s with the service's two inline projections.",
            $"Profile, import without relay: {trace.Count} SQL round trips ({trace.Count / (double)((rows + ImportBatch - 1) / ImportBatch):0.#} per batch of {ImportBatch}) taking {trace.Time.TotalSeconds:0.00} s of its {noRelay.TotalSeconds:0.00} s; by kind: {string.Join("; ", kinds)}.",
        ];
    }

    /// <summary>One measured import: a fresh database and service host, a warm-up file, then the timed request.</summary>
    private static async Task<TimeSpan> ImportAsync(string warmUp, string file, int rows, bool relay, SqlTrace? trace, CancellationToken cancellationToken)
    {
        await using var database = await TestDatabase.CreateAsync("bench_import");
        await using var host = new ServiceHost<ReleasesProgram>(
            [
                new("ConnectionStrings:Marten", database.ConnectionString),
                .. TestServers.RabbitSettings(),
                new("Marten:DaemonMode", relay ? "HotCold" : "Disabled"),
                new("Logging:LogLevel:Default", "Warning"),
                // Noise, not findings: Kestrel's note on the test host's address, the relay's retries of the page it
                // was publishing when its host stops, and the daemon's LISTEN connection cut as the database is dropped.
                new("Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel", "Error"),
                new("Logging:LogLevel:Intelligence.Platform.Messaging.IntegrationEventRelay", "Error"),
                new("Logging:LogLevel:Marten.Events.Daemon", "Critical"),
            ]);
        host.Start();
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        await PostAsync(client, warmUp, WarmUpRows, cancellationToken);

        if (trace is not null)
        {
            trace.Recording = true;
        }

        var stopwatch = Stopwatch.StartNew();
        await PostAsync(client, file, rows, cancellationToken);
        stopwatch.Stop();
        if (trace is not null)
        {
            trace.Recording = false;
        }

        return stopwatch.Elapsed;
    }

    private static async Task PostAsync(HttpClient client, string file, int rows, CancellationToken cancellationToken)
    {
        using var content = new StringContent(file, Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync(new Uri("imports", UriKind.Relative), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /imports answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var report = await response.Content.ReadFromJsonAsync<ImportReport>(cancellationToken)
            ?? throw new InvalidOperationException("POST /imports answered no report.");
        if (report.Rows != rows || report.Accepted != rows || report.Rejected.Count != 0 || report.Corrected != 0 || report.Unchanged != 0)
        {
            throw new InvalidOperationException(
                $"The import of {rows} new models reported {report.Rows} rows, {report.Accepted} accepted, {report.Corrected} corrected, {report.Unchanged} unchanged, {report.Rejected.Count} rejected{string.Concat(report.Rejected.Take(3).Select(note => $"; line {note.Line}: {note.Reason}"))}.");
        }
    }

    /// <summary>One measured raw append: a fresh database and store, the warm-up events, then the timed batches.</summary>
    private static async Task<TimeSpan> AppendAsync(
        IReadOnlyList<ModelAnnounced> warmUp, IReadOnlyList<ModelAnnounced> events, bool projections, CancellationToken cancellationToken)
    {
        await using var database = await TestDatabase.CreateAsync("bench_raw");
        using var store = DocumentStore.For(options =>
        {
            options.Connection(database.ConnectionString);
            options.DatabaseSchemaName = "bench_raw";
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.AddEventType<ModelAnnounced>();
            if (projections)
            {
                options.Projections.Add(new CatalogEntryProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
                options.Projections.Add(new ReleaseStatsProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
                options.Schema.For<ReleaseCount>();
                options.Schema.For<CountedModelState>();
            }
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await AppendBatchesAsync(store, warmUp, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        await AppendBatchesAsync(store, events, cancellationToken);
        return stopwatch.Elapsed;
    }

    private static async Task AppendBatchesAsync(DocumentStore store, IReadOnlyList<ModelAnnounced> events, CancellationToken cancellationToken)
    {
        foreach (var batch in events.Chunk(ImportBatch))
        {
            await using var session = store.LightweightSession();
            foreach (var announced in batch)
            {
                session.Events.StartStream(announced.ModelId, announced);
            }

            await session.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The reference file's rows repeated to <paramref name="rows"/>, the model name of repetition k suffixed
    /// " {tag}{k:0000}" so that every row announces a new model.
    /// </summary>
    private static string ReleasesFile(string[] reference, int rows, string tag)
    {
        var data = reference.Skip(1).Where(line => line.Length > 0).ToArray();
        var file = new StringBuilder().Append(reference[0]).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            file.Append(WithModelSuffix(data[i % data.Length], string.Create(CultureInfo.InvariantCulture, $" {tag}{i / data.Length:0000}"))).Append('\n');
        }

        return file.ToString();
    }

    /// <summary>Appends to the second field (model) of a CSV line, quoted or not; the first (release_id) is never quoted.</summary>
    private static string WithModelSuffix(string line, string suffix)
    {
        var start = line.IndexOf(',', StringComparison.Ordinal) + 1;
        if (start == 0)
        {
            throw new InvalidOperationException($"Not a releases row: {line}");
        }

        var end = line[start] == '"' ? ClosingQuote(line, start + 1) : line.IndexOf(',', start);
        return line.Insert(end < 0 ? line.Length : end, suffix);
    }

    private static int ClosingQuote(string line, int from)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        throw new InvalidOperationException($"Unclosed quote in: {line}");
    }

    /// <summary>The file's rows read by the service's own reader, as the announcements the importer would decide.</summary>
    private static async Task<List<ModelAnnounced>> AnnouncementsAsync(string file, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var announcements = new List<ModelAnnounced>();
        using var reader = new StringReader(file);
        await foreach (var record in CsvRecords.ReadAsync(reader, ReleaseRow.RequiredColumns, cancellationToken))
        {
            var (row, rejection) = ReleaseRow.Read(record, CountryNames.Default, today);
            var command = row?.Command ?? throw new InvalidOperationException($"Line {record.Line} is rejected: {rejection}");
            announcements.Add(new ModelAnnounced(command.ModelId, command.Details, command.Source));
        }

        return announcements;
    }
}
