using Intelligence.Platform.EventStore;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Reference;

/// <summary>
/// USD amounts follow the FX tables: every rate recorded derives the USD amounts of the prices it now covers, as
/// events on their offerings' streams in the rate's own transaction, so the read models catch up and nothing is
/// imported again.
/// </summary>
public static class UsdDerivations
{
    /// <summary>
    /// Appends the derivations a currency's table implies for its prices dated from <paramref name="from"/> (until the
    /// next rate after it, when given), in the caller's session; returns how many prices were derived.
    /// </summary>
    public static Task<int> DeriveAsync(IDocumentSession session, FxRateTable table, DateOnly from, DateOnly? until, CancellationToken cancellationToken) =>
        DeriveAsync(session, [(table, from, until)], cancellationToken);

    /// <summary>The derivations of several tables (each from its date, until the next rate when given), appended together.</summary>
    public static async Task<int> DeriveAsync(
        IDocumentSession session, IReadOnlyList<(FxRateTable Table, DateOnly From, DateOnly? Until)> tables, CancellationToken cancellationToken)
    {
        var covered = new List<(FxRateTable Table, IReadOnlyList<string> OfferingIds)>();
        foreach (var (table, from, until) in tables)
        {
            var last = until ?? DateOnly.MaxValue;
            var offeringIds = await session.Query<ForeignPricePoint>()
                .Where(point => point.Currency == table.Currency && point.EffectiveOn >= from && point.EffectiveOn < last)
                .Select(point => point.OfferingId)
                .Distinct()
                .ToListAsync(cancellationToken);
            covered.Add((table, offeringIds));
        }

        return await DecideAndAppendAsync(session, covered, cancellationToken);
    }

    /// <summary>
    /// Derives the pending prices whose rate is now known. Recording a rate derives at once; this closes the race of
    /// a price committed while the rate was being recorded (each transaction then misses the other's write).
    /// </summary>
    public static async Task<int> SweepAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var pending = await session.Query<ForeignPricePoint>().Where(point => point.UsdPending).ToListAsync(cancellationToken);
        var covered = new List<(FxRateTable Table, IReadOnlyList<string> OfferingIds)>();
        foreach (var currency in pending.GroupBy(point => point.Currency))
        {
            // Only the offerings whose pending prices a rate now covers: a price in a gap of the table costs no load.
            var table = (await session.LoadAsync<FxRateEntry>(FxRateTable.StreamIdOf(currency.Key), cancellationToken))?.Table;
            var offeringIds = currency.Where(point => FxRateTable.RateOn(table, point.EffectiveOn) is not null).Select(point => point.OfferingId).Distinct().ToList();
            if (table is not null && offeringIds.Count > 0)
            {
                covered.Add((table, offeringIds));
            }
        }

        var derived = await DecideAndAppendAsync(session, covered, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return derived;
    }

    /// <summary>
    /// Decides each table's derivations on the offerings' streams as loaded for writing (an offering priced in two of
    /// the currencies takes the second on the state after the first), and appends them, holding shared the locks of the
    /// models their offerings name first: their listings are projected from the replica at the commit (see
    /// <see cref="CatalogReplica.ShareModelsAsync"/> for why). Saving fails as a lost race if a price was written to one
    /// of the offerings meanwhile, and the caller decides again.
    /// </summary>
    private static async Task<int> DecideAndAppendAsync(
        IDocumentSession session, IReadOnlyList<(FxRateTable Table, IReadOnlyList<string> OfferingIds)> covered, CancellationToken cancellationToken)
    {
        if (covered.All(table => table.OfferingIds.Count == 0))
        {
            return 0;
        }

        var streams = await StreamsForWriting.FetchAsync<OfferingEntry>(session, covered.SelectMany(table => table.OfferingIds), cancellationToken);
        var derived = new Dictionary<string, (Offering State, List<UsdAmountsDerived> Events)>(StringComparer.Ordinal);
        foreach (var (table, offeringIds) in covered)
        {
            foreach (var id in offeringIds)
            {
                var (state, before) = derived.TryGetValue(id, out var earlier) ? earlier : (streams[id].Aggregate?.State, []);
                var events = state is null ? [] : UsdDerivation.Decide(state, table);
                if (events.Count > 0)
                {
                    derived[id] = (events.Aggregate(state, (folded, e) => OfferingDecider.Evolve(folded, e))!, [.. before, .. events]);
                }
            }
        }

        if (derived.Count == 0)
        {
            return 0;
        }

        await CatalogReplica.ShareModelsAsync(session, derived.Values.Select(derivation => derivation.State.ModelId), cancellationToken);
        foreach (var (id, derivation) in derived)
        {
            streams[id].AppendMany([.. derivation.Events]);
        }

        return derived.Values.Sum(derivation => derivation.Events.Count);
    }
}
