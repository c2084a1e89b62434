using System.Globalization;
using System.Text;
using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Import;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Import;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using AdoptionProgram = Intelligence.Adoption.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>import-adoption</c>: the adoption service's <c>POST /imports</c> (see <see cref="ImportScenario{TProgram}"/>),
/// fed N rows as its ten-thousand-row import test builds them: 100 products observed day after day, so every batch
/// of the importer grows every series, and the values climb through the milestone thresholds. Beside it, the events
/// the service's own reader and decider give for those rows, appended raw in the importer's batches of rows.
/// Throughput counts observations (rows).
/// </summary>
public sealed class ImportAdoption : ImportScenario<AdoptionProgram>
{
    private const string Header = "obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence";

    private const int Products = 100;

    public override string Name => "import-adoption";

    public override string Summary =>
        "POST /imports of the adoption service (100 products observed day after day, as its 10,000-row test builds them) vs a raw batched Marten append of the same series events; observations/s are rows imported.";

    public override string Service => "adoption";

    protected override string Batching => $"{BatchSize} rows as the importer cuts them (each series' events of the batch appended together)";

    protected override string Unit => "observations";

    protected override string Projections => "inline SeriesEntry, SeriesTally and ObservationLocator projections";

    protected override string EventSource =>
        "the service's ObservationRow.Read, then SeriesDecider.Decide and Evolve row by row as the importer decides them (milestone thresholds from the service's appsettings.json)";

    protected override int Units(ImportFile file) => file.Rows;

    /// <summary>
    /// <paramref name="rows"/> rows as the service's bulk-import test builds them: row i observes product
    /// <c>Bulk Product {tag}{i % 100}</c> on day i / 100 from 2020-01-01, monthly active users in India, rising by
    /// 50,000 a row; observation ids <c>B{tag}{i}</c>.
    /// </summary>
    protected override Task<string> FileAsync(int rows, string tag, CancellationToken cancellationToken)
    {
        var file = new StringBuilder(rows * 160).Append(Header).Append('\n');
        var start = new DateOnly(2020, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            file.Append(CultureInfo.InvariantCulture, $"B{tag}{i:00000},Bulk Product {tag}{i % Products:000},Bulk Org {i % 7},US,monthly active users,{1_000_000 + (i * 50_000)},,users,IN,{start.AddDays(i / Products):yyyy-MM-dd},month,company_disclosure,,https://example.org/bulk,medium\n");
        }

        return Task.FromResult(file.ToString());
    }

    /// <summary>
    /// The events the importer stores for the file: rows read by the service's reader, cut into batches of
    /// <see cref="Platform.Import.CsvImports.BatchSize"/> rows; in each, every row decided on its series'
    /// state so far, the events grouped per series in order of first appearance.
    /// </summary>
    protected override async Task<IReadOnlyList<IReadOnlyList<StreamEvents>>> BatchesAsync(string csv, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thresholds = Thresholds(ServiceSettings());
        var rows = new List<ReadRow>();
        using var reader = new StringReader(csv);
        await foreach (var record in CsvRecords.ReadAsync(reader, ObservationRow.RequiredColumns, cancellationToken))
        {
            var reading = ObservationRow.Read(record, RegionCatalog.Default, today);
            rows.Add(reading.Row ?? throw new InvalidOperationException($"Line {record.Line} is rejected: {reading.Rejection}"));
        }

        var states = new Dictionary<string, Series?>(StringComparer.Ordinal);
        var batches = new List<IReadOnlyList<StreamEvents>>();
        foreach (var chunk in rows.Chunk(BatchSize))
        {
            var appended = new Dictionary<string, List<object>>(StringComparer.Ordinal);
            foreach (var row in chunk)
            {
                var seriesId = row.Command.Key.SeriesId;
                var state = states.GetValueOrDefault(seriesId);
                var decision = SeriesDecider.Decide(state, row.Command, thresholds);
                if (decision.Rejection is not null || decision.Events.Count == 0)
                {
                    throw new InvalidOperationException($"Line {row.Line} is not a new observation of '{seriesId}': {decision.Rejection?.Rule ?? "unchanged"}.");
                }

                if (!appended.TryGetValue(seriesId, out var events))
                {
                    appended[seriesId] = events = [];
                }

                events.AddRange(decision.Events);
                states[seriesId] = decision.Events.Aggregate(state, SeriesDecider.Evolve);
            }

            batches.Add([.. appended.Select(stream => new StreamEvents(stream.Key, stream.Value))]);
        }

        return batches;
    }

    /// <summary>
    /// Every row a new observation: accepted, none corrected, unchanged or rejected. The report counts rows, not
    /// the milestones they reach (events of their own), so the events stored are checked against the raw side's.
    /// </summary>
    protected override int? EventsReported(ImportReport report, ImportFile file)
    {
        if (report.Rows != file.Rows || report.Accepted != file.Rows || report.Rejected.Count != 0 || report.Corrected != 0 || report.Unchanged != 0)
        {
            throw new InvalidOperationException(
                $"The import of {file.Rows} new observations reported {report.Rows} rows, {report.Accepted} accepted, {report.Corrected} corrected, {report.Unchanged} unchanged, {report.Rejected.Count} rejected{Rejections(report)}.");
        }

        return null;
    }

    protected override string Checks(ImportFile file) =>
        $"the report (all {file.Rows:N0} rows accepted, none corrected, unchanged or rejected) and that the events stored, counted in the database, are the raw side's {file.Events:N0} (the report counts rows, not the milestones they reach)";

    protected override void ConfigureRawStore(StoreOptions options, bool projections)
    {
        options.Events.AddEventTypes([typeof(ObservationRecorded), typeof(ObservationCorrected), typeof(ObservationRetracted), typeof(MilestoneReached)]);
        if (projections)
        {
            options.Projections.Add(new SeriesEntryProjection(), ProjectionLifecycle.Inline);
            options.Projections.Add(new SeriesTallyProjection(), ProjectionLifecycle.Inline);
            options.Projections.Add(new ObservationLocatorProjection(), ProjectionLifecycle.Inline);
            options.Schema.For<ObservationLocator>();
            options.Schema.For<SeriesTally>();
        }
    }

    protected override IEnumerable<string> Notes(ImportFile file) =>
    [
        $"File: {file.Rows:N0} rows as the service's 10,000-row import test builds them, {file.StreamIds.Count:N0} series (one per product) observed day after day, so each batch of {BatchSize} rows appends to every series; {file.Events:N0} events: {file.Rows:N0} observations recorded and {file.Events - file.Rows:N0} milestones reached as the values climb.",
    ];

    /// <summary>The service's own appsettings.json, for the settings its import reads.</summary>
    private static IConfiguration ServiceSettings() =>
        new ConfigurationBuilder().AddJsonFile(Repository.File("services", "Adoption", "appsettings.json")).Build();

    /// <summary>
    /// The milestone thresholds of <c>Adoption:Milestones</c>, read as the service reads them (its reader is
    /// internal): a list per metric, keyed by the metric's kebab name; the defaults without the section.
    /// </summary>
    private static MilestoneThresholds Thresholds(IConfiguration settings)
    {
        var section = settings.GetSection("Adoption:Milestones");
        if (!section.Exists())
        {
            return MilestoneThresholds.Default;
        }

        return new MilestoneThresholds(section.GetChildren().Select(child => KeyValuePair.Create(
            Vocabulary.TryRead<Metric>(child.Key, out var metric) ? metric : throw new InvalidOperationException($"Adoption:Milestones:{child.Key} names no metric."),
            child.GetChildren().Select(item => decimal.Parse(item.Value!, NumberStyles.Number, CultureInfo.InvariantCulture)))));
    }
}
