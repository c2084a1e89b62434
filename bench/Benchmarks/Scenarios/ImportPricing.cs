using System.Globalization;
using System.Text;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Features;
using Intelligence.Pricing.Import;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using PriceImportReport = Intelligence.Pricing.Features.ImportPrices.PriceImportReport;
using PricingProgram = Intelligence.Pricing.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>import-pricing</c>: the pricing service's <c>POST /imports</c> (see <see cref="ImportScenario{TProgram, TReport}"/>),
/// fed the rows of the reference <c>data/prices.csv</c> that its reader takes, repeated to N rows, the provider of
/// repetition k suffixed so that every repetition prices offerings of its own: each row lists a price or changes one
/// (with the cuts, promotions ended and free access the reference file makes). Beside it, the events the
/// service's own reader, FX table and decider give for those rows, appended raw in the importer's batches of rows.
/// Throughput counts observations (rows).
/// </summary>
public sealed class ImportPricing : ImportScenario<PricingProgram, PriceImportReport>
{
    private const int ProviderColumn = 2;

    private string[]? _template;

    public override string Name => "import-pricing";

    public override string Summary =>
        "POST /imports of the pricing service (reference prices repeated, each repetition's offerings its own, every row listing or changing a price) vs a raw batched Marten append of the same offering events; observations/s are rows imported.";

    public override string Service => "pricing";

    protected override string Batching => $"{BatchSize} rows as the importer cuts them (its offerings' events grouped per stream)";

    protected override string Unit => "observations";

    protected override string Projections => "inline OfferingEntry, FxRateEntry and OfferingListing projections";

    protected override string EventSource =>
        "the service's PriceRow.Read, the shipped FX rates folded by FxRateTable.Decide and Evolve, and OfferingDecider.Decide and Evolve row by row as the importer decides them (cut threshold from the service's appsettings.json)";

    protected override int Units(ImportFile file) => file.Rows;

    /// <summary>
    /// <paramref name="rows"/> rows: the reference rows the service's reader takes, repeated, the provider of
    /// repetition k suffixed " {tag}{k:0000}" (a new offering id; model aliases and catalog ids unchanged).
    /// </summary>
    protected override async Task<string> FileAsync(int rows, string tag, CancellationToken cancellationToken)
    {
        _template ??= await TemplateAsync(cancellationToken);
        var file = new StringBuilder().Append(_template[0]).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var k = i / (_template.Length - 1);
            var fields = Fields(_template[1 + (i % (_template.Length - 1))]);
            fields[ProviderColumn] = WithSuffix(fields[ProviderColumn], string.Create(CultureInfo.InvariantCulture, $" {tag}{k:0000}"));
            file.AppendJoin(',', fields).Append('\n');
        }

        return file.ToString();
    }

    /// <summary>
    /// The events the importer stores for the file: rows read by the service's reader, cut into batches of
    /// <see cref="CsvImports.BatchSize"/> rows; in each, every row decided on its offering's state so far (the
    /// FX rate in force converting foreign amounts), the events grouped per offering in order of first appearance.
    /// </summary>
    protected override async Task<IReadOnlyList<IReadOnlyList<StreamEvents>>> BatchesAsync(string csv, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var threshold = PricingSettings.From(ServiceSettings()).PriceCutThresholdPercent;
        var rates = ShippedRates();
        var rows = new List<ReadPriceRow>();
        using var reader = new StringReader(csv);
        await foreach (var record in CsvRecords.ReadAsync(reader, PriceRow.RequiredColumns, cancellationToken))
        {
            var (row, rejection) = PriceRow.Read(record, ModelAliases.Shipped, CountryNames.Default, Currencies.Iso4217, today);
            rows.Add(row ?? throw new InvalidOperationException($"Line {record.Line} is rejected: {rejection}"));
        }

        var states = new Dictionary<string, Offering?>(StringComparer.Ordinal);
        var batches = new List<IReadOnlyList<StreamEvents>>();
        foreach (var chunk in rows.Chunk(BatchSize))
        {
            var appended = new Dictionary<string, List<object>>(StringComparer.Ordinal);
            foreach (var row in chunk)
            {
                var input = row.Input;
                var rate = FxRateTable.InForce(rates.GetValueOrDefault(input.Currency), input.Currency, input.EffectiveOn)
                    ?? throw new InvalidOperationException($"Line {row.Line}: no FX rate for {input.Currency} on {input.EffectiveOn:yyyy-MM-dd}.");
                var state = states.GetValueOrDefault(input.OfferingId);
                var decision = OfferingDecider.Decide(state, input.ToCommand(rate), threshold);
                if (decision.Rejection is not null || decision.Events.Count == 0)
                {
                    throw new InvalidOperationException($"Line {row.Line} neither lists nor changes a price of '{input.OfferingId}': {decision.Rejection?.Rule ?? "unchanged"}.");
                }

                if (!appended.TryGetValue(input.OfferingId, out var events))
                {
                    appended[input.OfferingId] = events = [];
                }

                events.AddRange(decision.Events);
                states[input.OfferingId] = decision.Events.Aggregate(state, OfferingDecider.Evolve);
            }

            batches.Add([.. appended.Select(stream => new StreamEvents(stream.Key, stream.Value))]);
        }

        return batches;
    }

    /// <summary>
    /// Every row lists a price (the first of its offering) or changes one: none unchanged, none rejected. The
    /// report counts rows, not the events they store (a cut or a closing is an event of its own), so the events
    /// stored are checked against the raw side's.
    /// </summary>
    protected override int? EventsReported(PriceImportReport report, ImportFile file)
    {
        var listed = file.StreamIds.Count;
        if (report.Rows != file.Rows || report.Listed != listed || report.Changed != file.Rows - listed || report.Unchanged != 0 || report.Rejected.Count != 0)
        {
            throw new InvalidOperationException(
                $"The import of {file.Rows} rows on {listed} new offerings reported {report.Rows} rows, {report.Listed} listed, {report.Changed} changed, {report.Unchanged} unchanged, {report.Rejected.Count} rejected{Rejections(report.Rejected)}.");
        }

        return null;
    }

    protected override string Checks(ImportFile file) =>
        $"the report (every row counted, {file.StreamIds.Count:N0} listed and {file.Rows - file.StreamIds.Count:N0} changed, none unchanged or rejected) and that the events stored, counted in the database, are the raw side's {file.Events:N0} (the report counts rows, not events)";

    protected override void ConfigureRawStore(StoreOptions options, bool projections)
    {
        options.Events.AddEventTypes([
            typeof(PriceListed), typeof(PriceChanged), typeof(PriceClosed), typeof(PriceCutDetected),
            typeof(FreeAccessIntroduced), typeof(PromotionEnded), typeof(FxRateRecorded)]);
        if (projections)
        {
            options.Projections.Add(new OfferingEntryProjection(), ProjectionLifecycle.Inline);
            options.Projections.Add(new FxRateEntryProjection(), ProjectionLifecycle.Inline);
            options.Projections.Add(new OfferingListingProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
            options.Schema.For<OfferingListing>().Index(view => view.ModelId).Index(view => view.LinkPending);
            options.Schema.For<PriceCutRecord>().Index(cut => cut.EffectiveOn);
        }
    }

    protected override IEnumerable<string> Notes(ImportFile file) =>
    [
        $"File: the {_template!.Length - 1} rows of data/prices.csv the service's reader takes (the row stating no price left out), repeated to {file.Rows:N0} rows, each repetition's providers suffixed so that it prices offerings of its own; {file.StreamIds.Count:N0} offerings, {file.Events:N0} events (listings, changes, cuts detected, promotions ended, free access introduced). The catalog replica is empty, so rows naming a model are reported unlinked, as a first import before the catalog arrives; the shipped FX rates are recorded at start, before the warm-up.",
    ];

    /// <summary>The reference file's header and the rows the service's reader takes.</summary>
    private static async Task<string[]> TemplateAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var lines = (await File.ReadAllLinesAsync(Repository.File("data", "prices.csv"), cancellationToken)).Where(line => line.Length > 0).ToArray();
        var kept = new List<string> { lines[0] };
        foreach (var line in lines.Skip(1))
        {
            using var reader = new StringReader($"{lines[0]}\n{line}\n");
            await foreach (var record in CsvRecords.ReadAsync(reader, PriceRow.RequiredColumns, cancellationToken))
            {
                if (PriceRow.Read(record, ModelAliases.Shipped, CountryNames.Default, Currencies.Iso4217, today).Row is not null)
                {
                    kept.Add(line);
                }
            }
        }

        return [.. kept];
    }

    /// <summary>The service's own appsettings.json, for the settings its import reads.</summary>
    private static IConfiguration ServiceSettings() =>
        new ConfigurationBuilder().AddJsonFile(Repository.File("services", "Pricing", "appsettings.json")).Build();

    /// <summary>The shipped FX rates, per currency, as the service's loader records them and its import reads them.</summary>
    private static Dictionary<string, FxRateTable> ShippedRates()
    {
        var tables = new Dictionary<string, FxRateTable>(StringComparer.Ordinal);
        foreach (var rate in ShippedFxRates.All)
        {
            var table = tables.GetValueOrDefault(rate.Currency);
            tables[rate.Currency] = FxRateTable.Decide(table, rate).Events.Aggregate(table ?? new FxRateTable(rate.Currency, []), FxRateTable.Evolve);
        }

        return tables;
    }

    /// <summary>A CSV line's fields as written (quotes kept), split on the commas outside quotes.</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ',' && !quoted)
            {
                fields.Add(line[start..i]);
                start = i + 1;
            }
        }

        fields.Add(line[start..]);
        return [.. fields];
    }

    private static string WithSuffix(string field, string suffix) =>
        field.StartsWith('"') ? field.Insert(field.Length - 1, suffix) : field + suffix;
}
