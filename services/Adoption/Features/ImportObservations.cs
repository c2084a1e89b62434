using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Import;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Import;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Adoption.Features;

/// <summary>
/// <c>POST /imports</c>: an adoption file (text/csv, the columns of the reference adoption.csv), streamed and
/// appended in batches. A new observation is recorded; a known one whose facts differ is corrected; the same facts
/// again store nothing. A row with no number is kept as a note and reported with its reason; one bad row never
/// stops the file.
/// </summary>
public static class ImportObservations
{
    public static IEndpointRouteBuilder MapImportObservations(this IEndpointRouteBuilder app)
    {
        app.MapCsvImport<ImportReport>("ImportObservations", "Bulk import of observations as text/csv. Answers a per-row report: accepted, corrected, unchanged, rejected (line and reason; rows with no number are kept as notes, see /notes), normalised.", Handle);
        return app;
    }

    /// <summary>What a row keeps: an observation, or a note of a row refused as one (no number to store).</summary>
    private sealed record Kept(ReadRow? Row, ObservationNote? Note) : IImportRow
    {
        public IReadOnlyList<string> Normalised => Row?.Normalised ?? [];

        public static (Kept?, string?) Of(RowReading reading) =>
            (reading.Row is not null || reading.Note is not null ? new Kept(reading.Row, reading.Note) : null, reading.Rejection);
    }

    private sealed record Batch(List<ReadRow> Rows, List<ObservationNote> Notes)
    {
        public static Batch Of(IReadOnlyList<Kept> kept) => new([.. kept.Select(k => k.Row).OfType<ReadRow>()], [.. kept.Select(k => k.Note).OfType<ObservationNote>()]);
    }

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, RegionCatalog regions, MilestoneThresholds thresholds, TimeProvider clock, ServiceIdentity service, IOptions<ImportOptions> options)
    {
        var today = clock.UtcDate();
        var tally = new ImportTally(service.Name, options.Value.ListedNotesPerKind);
        var notesKept = 0;
        var refusal = await CsvImports.ReadInBatchesAsync(
            http.Request,
            ObservationRow.RequiredColumns,
            tally,
            record => Kept.Of(ObservationRow.Read(record, regions, today)),
            kept =>
            {
                var batch = Batch.Of(kept);
                notesKept += batch.Notes.Count;
                return ApplyAsync(store, batch, thresholds, tally, http.RequestAborted);
            });
        if (refusal is not null)
        {
            return refusal;
        }

        var report = tally.ToReport();

        // A row kept as a note was stored, though its number was rejected: the file imported something.
        return CsvImports.Answer(report, report.Rows, report.Accepted + report.Corrected + report.Unchanged + notesKept);
    }

    /// <summary>
    /// Decides every row of a batch against the series' current state (and the batch's earlier rows), then commits
    /// the batch in one transaction. A concurrent write to one of its series rolls the batch back; it is then
    /// decided again on the new state.
    /// </summary>
    private static async Task ApplyAsync(IDocumentStore store, Batch batch, MilestoneThresholds thresholds, ImportTally tally, CancellationToken cancellationToken)
    {
        // If someone writes one of these series meanwhile, the batch is decided again on what is stored then.
        await LostRace.RetryAsync(() => TryApplyAsync(store, batch, thresholds, tally, cancellationToken));
    }

    private static async Task TryApplyAsync(IDocumentStore store, Batch batch, MilestoneThresholds thresholds, ImportTally tally, CancellationToken cancellationToken)
    {
        await using var session = store.CorrelatedSession();
        var located = (await session.LoadManyAsync<ObservationLocator>(cancellationToken, batch.Rows.Select(r => r.Command.Observation.Id).Distinct()))
            .ToDictionary(l => l.Id, l => l.SeriesId, StringComparer.Ordinal);
        var streams = await StreamsForWriting.FetchAsync<SeriesEntry>(session, batch.Rows.Select(r => r.Command.Key.SeriesId), cancellationToken);
        var working = new Dictionary<string, (Series? State, List<ISeriesEvent> Events)>(StringComparer.Ordinal);
        int accepted = 0, corrected = 0, unchanged = 0;
        var rejected = new List<RowNote>();

        foreach (var row in batch.Rows)
        {
            var (key, observation) = (row.Command.Key, row.Command.Observation);
            if (located.TryGetValue(observation.Id, out var seriesOfId) && seriesOfId != key.SeriesId)
            {
                rejected.Add(new RowNote(row.Line, $"observation-id-unique: '{observation.Id}' is in series '{seriesOfId}'; a row cannot move it to '{key.SeriesId}' (retract it there)"));
                continue;
            }

            if (!working.TryGetValue(key.SeriesId, out var series))
            {
                series = (streams[key.SeriesId].Aggregate?.State, []);
            }

            var known = series.State?.Points.ContainsKey(observation.Id) == true;
            var decision = known
                ? SeriesDecider.Decide(series.State!, new Domain.CorrectObservation(observation.Id, observation, $"import, line {row.Line}", observation.Source), thresholds)
                : SeriesDecider.Decide(series.State, row.Command, thresholds);
            if (decision.Rejection is { } rejection)
            {
                rejected.Add(new RowNote(row.Line, $"{rejection.Rule}: {rejection.Detail}"));
                continue;
            }

            if (decision.Events.Count == 0)
            {
                unchanged++;
                continue;
            }

            if (known)
            {
                corrected++;
            }
            else
            {
                accepted++;
                located[observation.Id] = key.SeriesId;
            }

            series.Events.AddRange(decision.Events);
            working[key.SeriesId] = (decision.Events.Aggregate(series.State, SeriesDecider.Evolve), series.Events);
        }

        foreach (var (id, (_, events)) in working)
        {
            streams[id].AppendMany(events);
        }

        foreach (var note in batch.Notes)
        {
            session.Store(note);
        }

        if (working.Keys.Any(id => streams[id].Aggregate is null))
        {
            // New series' links read the replica: see CatalogLinks for why a start shares the lock.
            await CatalogLinks.ShareAsync(session, cancellationToken);
        }

        await session.SaveChangesAsync(cancellationToken);
        tally.Committed(accepted, corrected, unchanged, rejected);
    }
}
