using System.Globalization;
using System.Text;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Import;
using Intelligence.Regulation.Projections;
using JasperFx.Events.Projections;
using Marten;
using RegulationProgram = Intelligence.Regulation.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>import-regulation</c>: the regulation service's <c>POST /imports</c> (see <see cref="ImportScenario{TProgram}"/>),
/// fed N rows as its bulk-import test builds them: measures of five lifecycle events each (proposed, politically
/// agreed, adopted, in force, applies), the rows of each measure out of date order, so the importer sorts them
/// before the state machine decides them. Beside it, the lifecycle events those decisions give, built with the
/// service's own reader and decider, one stream per measure, appended raw.
/// </summary>
public sealed class ImportRegulation : ImportScenario<RegulationProgram>
{
    private const string Header =
        "event_id,instrument_id,jurisdiction,title,instrument_type,event_type,event_date,status_as_of_2025_12,target_scope,direction,related_dates,source,confidence";

    /// <summary>A measure's steps in date order, with their days after its proposal; a file lists them latest first.</summary>
    private static readonly (string Step, int Days)[] Steps =
        [("proposed", 0), ("political_agreement", 60), ("adopted", 120), ("in_force", 200), ("applies", 400)];

    public override string Name => "import-regulation";

    public override string Summary =>
        "POST /imports of the regulation service (measures of 5 lifecycle events, rows out of date order) vs a raw batched Marten append of the same lifecycle events; events/s are lifecycle events stored.";

    public override string Service => "regulation";

    protected override string Projections => "inline MeasureEntry projection; status spells and step dates projected by the async daemon";

    protected override string EventSource =>
        "the service's RegulationRow.Read, grouped by measure and sorted by date as the importer does, then MeasureDecider.Decide and Evolve";

    /// <summary>
    /// <paramref name="rows"/> rows of measures <c>BULK-{tag}{m}</c> of five rows each (the last may have fewer,
    /// its earliest steps), listed latest step first; in Germany or Texas (read from "US (Texas)"), laws, restrictive.
    /// </summary>
    protected override Task<string> FileAsync(int rows, string tag, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var m = 0; m * Steps.Length < rows; m++)
        {
            var start = new DateOnly(2020, 1, 1).AddDays(m % 1000);
            var count = Math.Min(Steps.Length, rows - (m * Steps.Length));
            for (var s = count - 1; s >= 0; s--)
            {
                var (step, days) = Steps[s];
                csv.Append(CultureInfo.InvariantCulture, $"B{tag}{m}-{s},BULK-{tag}{m},{(m % 2 == 0 ? "Germany" : "US (Texas)")},Bulk measure {tag}{m},law,{step},{start.AddDays(days):yyyy-MM-dd},,frontier models; chips,restrictive,,https://example.org/{tag}{m},high\n");
            }
        }

        return Task.FromResult(csv.ToString());
    }

    /// <summary>
    /// The lifecycle events the importer stores for the file: rows read by the service's reader, grouped by measure
    /// and sorted as the importer sorts them (date, then step, then line), the measure being what its earliest row
    /// says with the targets of all its rows; each fact decided by the service's decider on the state so far.
    /// </summary>
    protected override async Task<IReadOnlyList<IReadOnlyList<StreamEvents>>> BatchesAsync(string csv, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = new List<ReadRow>();
        using var reader = new StringReader(csv);
        await foreach (var record in CsvRecords.ReadAsync(reader, RegulationRow.RequiredColumns, cancellationToken))
        {
            var (row, rejection) = RegulationRow.Read(record, JurisdictionNames.Default, today);
            rows.Add(row ?? throw new InvalidOperationException($"Line {record.Line} is rejected: {rejection}"));
        }

        var streams = new List<StreamEvents>();
        foreach (var measureRows in rows.GroupBy(row => row.MeasureId))
        {
            var ordered = measureRows.OrderBy(row => row.Fact.On).ThenBy(row => row.Fact.Step).ThenBy(row => row.Line).ToList();
            var first = ordered[0];
            List<string> targets = [.. ordered.SelectMany(row => row.Targets).Distinct().Order(StringComparer.Ordinal)];
            if (targets.Count == 0)
            {
                targets.Add(RegulationRow.FallbackTarget);
            }

            if (!ordered.Any(row => row.Fact.Step is LifecycleStep.EnteredIntoForce or LifecycleStep.ApplicationStarted)
                && (ordered.Any(row => row.EffectiveFrom is not null) || RegulationRow.EffectiveOnAdoption(first.Type)))
            {
                throw new InvalidOperationException($"The importer may infer an entry into force of '{first.MeasureId}', which this file is not meant to make it do.");
            }

            var details = new MeasureDetails(first.Title, first.Jurisdiction, first.Type, targets, first.Direction);
            Measure? state = null;
            var events = new List<object>();
            foreach (var row in ordered)
            {
                var fact = row.Fact with { Note = Note(row, first.Title) };
                var decision = MeasureDecider.Decide(state, new RecordLifecycleEvent(first.MeasureId, details, fact));
                if (decision.Rejection is not null || decision.Events.Count == 0)
                {
                    throw new InvalidOperationException($"Line {row.Line} is not a new lifecycle event of '{first.MeasureId}': {decision.Rejection?.Rule ?? "unchanged"}.");
                }

                events.AddRange(decision.Events);
                state = decision.Events.Aggregate(state, MeasureDecider.Evolve);
            }

            streams.Add(new StreamEvents(first.MeasureId, events));
        }

        return [.. ScratchStore.Batches(streams, BatchSize)];
    }

    /// <summary>
    /// Every row accepted, none unchanged, corrected or rejected; the events stored are the accepted rows plus the
    /// entries into force the importer added, which its report states among the normalisations.
    /// </summary>
    protected override int? EventsReported(ImportReport report, ImportFile file)
    {
        var rows = file.Rows;
        if (report.Rows != rows || report.Accepted != rows || report.Rejected.Count != 0 || report.Corrected != 0 || report.Unchanged != 0)
        {
            throw new InvalidOperationException(
                $"The import of {rows} new lifecycle events reported {report.Rows} rows, {report.Accepted} accepted, {report.Corrected} corrected, {report.Unchanged} unchanged, {report.Rejected.Count} rejected{Rejections(report)}.");
        }

        var inferred = report.Normalised.Count(note =>
            note.Reason.StartsWith("entry into force on ", StringComparison.Ordinal)
            && !note.Reason.EndsWith("(already recorded)", StringComparison.Ordinal)
            && !note.Reason.Contains("but refused", StringComparison.Ordinal));
        return report.Accepted + inferred;
    }

    protected override void ConfigureRawStore(StoreOptions options, bool projections)
    {
        options.Events.AddEventTypes(LifecycleEvents.Types);
        if (projections)
        {
            options.Projections.Add(new MeasureEntryProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
        }
    }

    protected override IEnumerable<string> Notes(ImportFile file) =>
    [
        $"File: {file.StreamIds.Count:N0} measures of up to {Steps.Length} rows (proposed, political agreement, adopted, in force, applies), each measure's rows listed latest first, as the service's bulk-import test builds it; the importer reads and sorts all rows before deciding them in batches; the report accounts for {file.Events:N0} lifecycle events (accepted rows, no entries into force inferred).",
    ];

    /// <summary>The importer's note of a row: its title when it differs from the measure's (not for a stage), and its own note.</summary>
    private static string? Note(ReadRow row, string measureTitle)
    {
        var parts = new[] { row.Title == measureTitle || row.Fact.Stage is not null ? null : row.Title, row.Fact.Note }.OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
