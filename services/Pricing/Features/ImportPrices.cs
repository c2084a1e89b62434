using System.Globalization;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Import;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>POST /imports</c>: a prices file (text/csv, the columns of the reference prices.csv), streamed and appended in
/// batches. Each row is an observation the service decides on: listed, changed (or closed), or unchanged (a
/// re-import of the same file is all unchanged). One bad row never stops the file: it is reported with its line and
/// reason; so is each row whose model the catalog replica does not know yet (kept, and linked when the model arrives),
/// and each row in a currency without an FX rate on its date (kept, its USD amounts derived when a rate arrives).
/// </summary>
public static class ImportPrices
{
    /// <param name="Changed">Rows that changed a price, or closed one on its end date.</param>
    /// <param name="Unlinked">Rows kept whose model the catalog replica does not know yet: linked when it arrives.</param>
    /// <param name="Totals">Every note counted; the lists hold the first of each kind by line.</param>
    public sealed record PriceImportReport(
        int Rows, int Listed, int Changed, int Unchanged, IReadOnlyList<RowNote> Rejected, IReadOnlyList<RowNote> Normalised, IReadOnlyList<RowNote> Unlinked, PriceNoteTotals Totals);

    /// <param name="ListedEach">The report lists the first this many notes of each kind, by line.</param>
    public sealed record PriceNoteTotals(int Rejected, int Normalised, int Unlinked, int ListedEach);

    public static IEndpointRouteBuilder MapImportPrices(this IEndpointRouteBuilder app)
    {
        app.MapCsvImport<PriceImportReport>(
            "ImportPrices",
            "Bulk import of prices as text/csv (columns of prices.csv). Answers a per-row report: listed, changed, unchanged, "
                + "rejected (line and reason), normalised (alias table, free-tier limits, FX conversion or USD pending), unlinked (model not in the catalog yet).",
            Handle);
        return app;
    }

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, TimeProvider clock, ServiceIdentity service, Currencies currencies, PricingSettings settings, IOptions<ImportOptions> options)
    {
        var today = clock.UtcDate();
        var import = new Import(store, service.Name, settings.PriceCutThresholdPercent, options.Value.ListedNotesPerKind);
        var refusal = await CsvImports.ReadInBatchesAsync(
            http.Request,
            PriceRow.RequiredColumns,
            import.Tally,
            record => PriceRow.Read(record, ModelAliases.Shipped, CountryNames.Default, currencies, today),
            batch => import.ApplyAsync(batch, http.RequestAborted));
        if (refusal is not null)
        {
            return refusal;
        }

        var report = import.ToReport();
        return CsvImports.Answer(report, report.Rows, report.Listed + report.Changed + report.Unchanged);
    }

    private sealed class Import(IDocumentStore store, string service, decimal cutThresholdPercent, int listedNotesPerKind)
    {
        private readonly RowNotes _unlinked = new(listedNotesPerKind);
        private Dictionary<string, FxRateTable>? _rates;

        public ImportTally Tally { get; } = new(service, listedNotesPerKind);

        public PriceImportReport ToReport()
        {
            var report = Tally.ToReport();
            return new PriceImportReport(
                report.Rows,
                report.Accepted,
                report.Corrected,
                report.Unchanged,
                report.Rejected,
                report.Normalised,
                _unlinked.Listed(),
                new PriceNoteTotals(report.Totals.Rejected, report.Totals.Normalised, _unlinked.Count, listedNotesPerKind));
        }

        /// <summary>
        /// Decides every row of a batch against the offerings' current state (and the batch's earlier rows), then
        /// commits the batch in one transaction. A concurrent write to one of its offerings rolls the batch back; it
        /// is then decided again on the new state.
        /// </summary>
        public async Task ApplyAsync(IReadOnlyList<ReadPriceRow> rows, CancellationToken cancellationToken)
        {
            // If someone writes one of these offerings meanwhile, the batch is decided again on what is stored then.
            await LostRace.RetryAsync(() => TryApplyAsync(rows, cancellationToken));
        }

        private async Task TryApplyAsync(IReadOnlyList<ReadPriceRow> rows, CancellationToken cancellationToken)
        {
            await using var session = store.CorrelatedSession();
            _rates ??= (await session.Query<FxRateEntry>().ToListAsync(cancellationToken)).ToDictionary(entry => entry.Table.Currency, entry => entry.Table);
            var streams = await StreamsForWriting.FetchAsync<OfferingEntry>(session, rows.Select(row => row.Input.OfferingId), cancellationToken);
            var modelIds = rows.Select(row => row.Input.ModelId).OfType<string>().Distinct().ToList();
            var known = modelIds.Count == 0
                ? []
                : (await session.LoadManyAsync<CatalogModel>(cancellationToken, modelIds)).Where(model => model.Known).Select(model => model.Id).ToHashSet();
            var offerings = new Dictionary<string, (Offering? State, List<IOfferingEvent> Events)>();
            int listed = 0, changed = 0, unchanged = 0;
            var rejected = new List<RowNote>();
            var normalised = new List<RowNote>();
            var unlinked = new List<RowNote>();

            foreach (var row in rows)
            {
                var input = row.Input;
                var rate = FxRateTable.InForce(_rates.GetValueOrDefault(input.Currency), input.Currency, input.EffectiveOn);

                if (!offerings.TryGetValue(input.OfferingId, out var offering))
                {
                    offering = (streams[input.OfferingId].Aggregate?.State, []);
                }

                var command = input.ToCommand(rate);
                var decision = OfferingDecider.Decide(offering.State, command, cutThresholdPercent);
                if (decision.Rejection is { } rejection)
                {
                    rejected.Add(new RowNote(row.Line, $"{rejection.Rule}: {rejection.Detail}"));
                    continue;
                }

                if (input.Currency != FxRateTable.Usd)
                {
                    normalised.Add(new RowNote(row.Line, Conversion(command.Price, rate, row)));
                }

                if (input.ModelId is { } modelId && !known.Contains(modelId))
                {
                    unlinked.Add(new RowNote(row.Line, $"model '{modelId}' is not in the catalog replica yet: the price is kept and linked when the model arrives"));
                }

                switch (decision.Events.Count > 0 ? decision.Events[0] : null)
                {
                    case null:
                        unchanged++;
                        continue;
                    case PriceListed:
                        listed++;
                        break;
                    default:
                        changed++;
                        break;
                }

                offering.Events.AddRange(decision.Events);
                offerings[input.OfferingId] = (decision.Events.Aggregate(offering.State, OfferingDecider.Evolve), offering.Events);
            }

            // The listings are projected from the replica at the commit: see CatalogReplica.ShareModelsAsync for why.
            await CatalogReplica.ShareModelsAsync(
                session, offerings.SelectMany(offering => new[] { streams[offering.Key].Aggregate?.State.ModelId, offering.Value.State?.ModelId }), cancellationToken);
            foreach (var (id, (_, events)) in offerings)
            {
                streams[id].AppendMany(events);
            }

            await session.SaveChangesAsync(cancellationToken);
            Tally.Committed(listed, changed, unchanged, rejected);
            foreach (var note in normalised)
            {
                Tally.Normalised(note.Line, note.Reason);
            }

            _unlinked.AddRange(unlinked);
        }

        /// <summary>Says how a foreign-currency row was converted, and whether the file's own USD columns agree.</summary>
        private static string Conversion(Price price, decimal? unitsPerUsd, ReadPriceRow row)
        {
            if (unitsPerUsd is not { } rate)
            {
                return $"{price.Currency} amounts kept as stated; USD pending: no {price.Currency} rate on or before {row.Input.EffectiveOn:yyyy-MM-dd} "
                    + "(listed by GET /prices/pending-usd, derived when one is recorded)";
            }

            var text = string.Create(CultureInfo.InvariantCulture, $"{price.Currency} converted at {rate} per USD (the rate in force on {row.Input.EffectiveOn:yyyy-MM-dd})");
            if (row.FileInputUsd is null && row.FileOutputUsd is null)
            {
                return text;
            }

            var agrees = Close(row.FileInputUsd, price.InputUsdPerMillion) && Close(row.FileOutputUsd, price.OutputUsdPerMillion);
            return agrees
                ? text + "; the file's USD columns agree"
                : text + string.Create(CultureInfo.InvariantCulture, $"; the file's USD columns ({row.FileInputUsd}/{row.FileOutputUsd}) differ from {price.InputUsdPerMillion}/{price.OutputUsdPerMillion}, which are kept");
        }

        private static bool Close(decimal? file, decimal? computed) =>
            file is null || computed is null || Math.Abs(file.Value - computed.Value) <= Math.Max(0.001m, Math.Abs(computed.Value) * 0.005m);
    }
}
