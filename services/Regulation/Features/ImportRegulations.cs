using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Import;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Import;
using Intelligence.Regulation.Projections;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>POST /imports</c>: a regulations file (text/csv, the columns of the reference regulations.csv: one row per
/// lifecycle event, grouped by instrument_id). Rows are read and normalised, grouped by measure and sorted by date
/// (facts arrive out of order), then applied through the state machine in batches of about
/// <see cref="CsvImports.BatchSize"/> events, one transaction each. The same file again stores nothing: a lifecycle event is
/// identified by its measure, step and date. An amending proposal is recorded on the measure it amends, as a pending
/// amendment, when that measure is in the file or already stored. A row the rules still refuse is reported with its
/// line and rule.
/// </summary>
public static class ImportRegulations
{
    public static IEndpointRouteBuilder MapImportRegulations(this IEndpointRouteBuilder app)
    {
        app.MapCsvImport<ImportReport>("ImportRegulations", "Bulk import of lifecycle events as text/csv. Answers a per-row report: accepted, unchanged, rejected (line and reason), normalised (line and what was read how).", Handle);
        return app;
    }

    /// <summary>A lifecycle fact to apply, from a row or inferred from one (then it counts as a note, not a row).</summary>
    private sealed record Item(int Line, TimelineEntry Fact, string? Inferred);

    /// <summary>A measure's facts from the file, in the order they are applied.</summary>
    /// <param name="Details">What the measure is, from its own rows; null when the file holds only proposals to amend it (it is stored).</param>
    private sealed record Group(string MeasureId, MeasureDetails? Details, IReadOnlyList<Item> Items);

    private static async Task<IResult> Handle(HttpContext http, IDocumentStore store, TimeProvider clock, ServiceIdentity service, IOptions<ImportOptions> options)
    {
        var today = clock.UtcDate();
        var tally = new ImportTally(service.Name, options.Value.ListedNotesPerKind);

        // A measure's rows may lie anywhere in the file, and its facts are applied in date order: the whole file is read first.
        var rows = new List<ReadRow>();
        var refusal = await CsvImports.ReadInBatchesAsync(
            http.Request,
            RegulationRow.RequiredColumns,
            tally,
            record => RegulationRow.Read(record, JurisdictionNames.Default, today),
            read =>
            {
                rows.AddRange(read);
                return Task.CompletedTask;
            });
        if (refusal is not null)
        {
            return refusal;
        }

        var batch = new List<Group>();
        var events = 0;
        foreach (var group in Groups(await AttachAmendmentProposalsAsync(store, rows, tally, http.RequestAborted), tally))
        {
            batch.Add(group);
            events += group.Items.Count;
            if (events >= CsvImports.BatchSize)
            {
                await ApplyAsync(store, batch, tally, http.RequestAborted);
                batch.Clear();
                events = 0;
            }
        }

        await ApplyAsync(store, batch, tally, http.RequestAborted);
        var report = tally.ToReport();
        return CsvImports.Answer(report, report.Rows, report.Accepted + report.Corrected + report.Unchanged);
    }

    /// <summary>
    /// Rows proposing to amend another measure go to that measure's timeline, as a pending amendment, when the
    /// measure is in the file or already stored; otherwise the proposal stays a measure of its own, proposed.
    /// </summary>
    private static async Task<List<ReadRow>> AttachAmendmentProposalsAsync(IDocumentStore store, List<ReadRow> rows, ImportTally tally, CancellationToken cancellationToken)
    {
        var inFile = rows.Where(row => row.Amends is null).Select(row => row.MeasureId).ToHashSet(StringComparer.Ordinal);
        var elsewhere = rows.Select(row => row.Amends).OfType<string>().Where(id => !inFile.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (elsewhere.Count > 0)
        {
            await using var session = store.QuerySession();
            stored.UnionWith((await session.LoadManyAsync<MeasureEntry>(cancellationToken, elsewhere)).Select(entry => entry.Id));
        }

        return rows.Select(row =>
        {
            if (row.Amends is not { } amended)
            {
                return row;
            }

            if (inFile.Contains(amended) || stored.Contains(amended))
            {
                tally.Normalised(row.Line, $"'{row.MeasureId}' proposes to amend '{amended}': recorded on '{amended}' as a pending amendment (its status does not change)");
                return row.AsAmendmentProposal();
            }

            tally.Normalised(row.Line, $"related_instrument_id '{amended}' names no recorded measure: the amending proposal '{row.MeasureId}' is kept as its own measure, proposed");
            return row with { Amends = null };
        }).ToList();
    }

    /// <summary>
    /// The file's rows by measure, each measure's in date order (then step order, then line). The measure is what
    /// its earliest own row says (not a proposal to amend it), with the targets of all its own rows. An entry into
    /// force that related_dates state, or that an executive order, export control, guidance and the like have on
    /// adoption, is added when the file gives none.
    /// </summary>
    private static IEnumerable<Group> Groups(List<ReadRow> rows, ImportTally tally)
    {
        foreach (var measureRows in rows.GroupBy(row => row.MeasureId))
        {
            var ordered = measureRows.OrderBy(row => row.Fact.On).ThenBy(row => row.Fact.Step).ThenBy(row => row.Line).ToList();
            var own = ordered.Where(row => !row.IsAmendmentProposal).ToList();
            var details = own.Count == 0 ? null : Details(own, tally);
            var items = ordered
                .Select(row => new Item(row.Line, row.Fact with { Note = Note(row, details?.Title) }, null))
                .ToList();
            if (details is not null && InferredEntryIntoForce(own, details) is { } inferred)
            {
                items.Add(inferred);
                items = items.OrderBy(item => item.Fact.On).ThenBy(item => item.Fact.Step).ThenBy(item => item.Line).ToList();
            }

            yield return new Group(measureRows.Key, details, items);
        }
    }

    private static MeasureDetails Details(List<ReadRow> own, ImportTally tally)
    {
        var first = own[0];
        var targets = own.SelectMany(row => row.Targets).Distinct().Order(StringComparer.Ordinal).ToList();
        if (targets.Count == 0)
        {
            targets.Add(RegulationRow.FallbackTarget);
            tally.Normalised(first.Line, $"no known target in the text of '{first.MeasureId}': tagged {RegulationRow.FallbackTarget}");
        }

        foreach (var row in own.Where(row => row.Jurisdiction != first.Jurisdiction || row.Type != first.Type))
        {
            tally.Normalised(row.Line, $"jurisdiction or instrument type differs from the measure's first row (line {first.Line}); the measure keeps {first.Jurisdiction}, {Integration.PublishedEvents.Text(first.Type)}");
        }

        return new MeasureDetails(first.Title, first.Jurisdiction, first.Type, targets, first.Direction, first.TypeLabel, first.DirectionLabel);
    }

    private static Item? InferredEntryIntoForce(List<ReadRow> ordered, MeasureDetails details)
    {
        if (ordered.Any(row => row.Fact.Step is LifecycleStep.EnteredIntoForce or LifecycleStep.ApplicationStarted))
        {
            return null;
        }

        if (ordered.FirstOrDefault(row => row.EffectiveFrom is not null) is { } stated)
        {
            return new Item(
                stated.Line,
                new TimelineEntry(LifecycleStep.EnteredIntoForce, stated.EffectiveFrom!.Value, stated.Fact.Source, $"from related_dates of line {stated.Line}"),
                $"entry into force on {stated.EffectiveFrom:yyyy-MM-dd} read from related_dates");
        }

        if (ordered.FirstOrDefault(row => row.Fact.Step == LifecycleStep.Adopted) is { } adopted && RegulationRow.EffectiveOnAdoption(details.Type))
        {
            var type = Integration.PublishedEvents.Text(details.Type);
            return new Item(
                adopted.Line,
                new TimelineEntry(LifecycleStep.EnteredIntoForce, adopted.Fact.On, adopted.Fact.Source, $"in force on adoption ({type}), line {adopted.Line}"),
                $"entry into force on {adopted.Fact.On:yyyy-MM-dd} inferred: a measure of type {type} takes effect when adopted");
        }

        return null;
    }

    /// <summary>The row's title when it differs from the measure's (not for a stage, nor a proposal, whose title is its own), and its note.</summary>
    private static string? Note(ReadRow row, string? measureTitle)
    {
        var parts = new[] { row.Title == measureTitle || row.Fact.Stage is not null || row.IsAmendmentProposal ? null : row.Title, row.Fact.Note }.OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>
    /// Decides every fact of a batch against the measures' stored state, then commits the batch in one transaction.
    /// A concurrent write to one of its measures rolls the batch back; it is then decided again on the new state.
    /// </summary>
    private static async Task ApplyAsync(IDocumentStore store, List<Group> groups, ImportTally tally, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        // If someone writes one of these measures meanwhile, the batch is decided again on what is stored then.
        await LostRace.RetryAsync(() => TryApplyAsync(store, groups, tally, cancellationToken));
    }

    private static async Task TryApplyAsync(IDocumentStore store, List<Group> groups, ImportTally tally, CancellationToken cancellationToken)
    {
        await using var session = store.CorrelatedSession();
        var streams = await StreamsForWriting.FetchAsync<MeasureEntry>(session, groups.Select(g => g.MeasureId), cancellationToken);
        int accepted = 0, unchanged = 0;
        var rejected = new List<RowNote>();
        var notes = new List<RowNote>();

        foreach (var group in groups)
        {
            var state = streams[group.MeasureId].Aggregate?.State;
            var appended = new List<ILifecycleEvent>();
            foreach (var item in group.Items)
            {
                var decision = MeasureDecider.Decide(state, new Domain.RecordLifecycleEvent(group.MeasureId, group.Details, item.Fact));
                if (decision.Rejection is { } rejection)
                {
                    var reason = $"{rejection.Rule}: {rejection.Detail}";
                    if (item.Inferred is null)
                    {
                        rejected.Add(new RowNote(item.Line, reason));
                    }
                    else
                    {
                        notes.Add(new RowNote(item.Line, $"{item.Inferred}, but refused: {reason}"));
                    }

                    continue;
                }

                if (item.Inferred is not null)
                {
                    notes.Add(new RowNote(item.Line, decision.Events.Count == 0 ? $"{item.Inferred} (already recorded)" : item.Inferred));
                }
                else if (decision.Events.Count == 0)
                {
                    unchanged++;
                }
                else
                {
                    accepted++;
                }

                appended.AddRange(decision.Events);
                state = decision.Events.Aggregate(state, MeasureDecider.Evolve);
            }

            if (appended.Count > 0)
            {
                streams[group.MeasureId].AppendMany(appended);
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        tally.Committed(accepted, corrected: 0, unchanged, rejected);
        foreach (var note in notes)
        {
            tally.Normalised(note.Line, note.Reason);
        }
    }
}
