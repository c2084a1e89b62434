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
        var derivations = new List<(OfferingEntry Entry, IReadOnlyList<UsdAmountsDerived> Events)>();
        foreach (var (table, from, until) in tables)
        {
            var last = until ?? DateOnly.MaxValue;
            var offeringIds = await session.Query<ForeignPricePoint>()
                .Where(point => point.Currency == table.Currency && point.EffectiveOn >= from && point.EffectiveOn < last)
                .Select(point => point.OfferingId)
                .Distinct()
                .ToListAsync(cancellationToken);
            derivations.AddRange(await DecideAsync(session, table, offeringIds, cancellationToken));
        }

        return await AppendAsync(session, derivations, cancellationToken);
    }

    /// <summary>
    /// Derives the pending prices whose rate is now known. Recording a rate derives at once; this closes the race of
    /// a price committed while the rate was being recorded (each transaction then misses the other's write).
    /// </summary>
    public static async Task<int> SweepAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var pending = await session.Query<ForeignPricePoint>().Where(point => point.UsdPending).ToListAsync(cancellationToken);
        var derivations = new List<(OfferingEntry Entry, IReadOnlyList<UsdAmountsDerived> Events)>();
        foreach (var currency in pending.GroupBy(point => point.Currency))
        {
            // Only the offerings whose pending prices a rate now covers: a price in a gap of the table costs no load.
            var table = (await session.LoadAsync<FxRateEntry>(FxRateTable.StreamIdOf(currency.Key), cancellationToken))?.Table;
            var covered = currency.Where(point => FxRateTable.RateOn(table, point.EffectiveOn) is not null).Select(point => point.OfferingId).Distinct().ToList();
            if (table is not null && covered.Count > 0)
            {
                derivations.AddRange(await DecideAsync(session, table, covered, cancellationToken));
            }
        }

        var derived = await AppendAsync(session, derivations, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return derived;
    }

    private static async Task<List<(OfferingEntry Entry, IReadOnlyList<UsdAmountsDerived> Events)>> DecideAsync(
        IDocumentSession session, FxRateTable table, IReadOnlyCollection<string> offeringIds, CancellationToken cancellationToken)
    {
        if (offeringIds.Count == 0)
        {
            return [];
        }

        return [.. (await session.LoadManyAsync<OfferingEntry>(cancellationToken, offeringIds))
            .Select(entry => (Entry: entry, Events: UsdDerivation.Decide(entry.State, table)))
            .Where(derivation => derivation.Events.Count > 0)];
    }

    /// <summary>
    /// Appends the derivations, holding shared the locks of the models their offerings name first: their listings
    /// are projected from the replica at the commit (see <see cref="CatalogReplica.ShareModelsAsync"/> for why).
    /// </summary>
    private static async Task<int> AppendAsync(
        IDocumentSession session, List<(OfferingEntry Entry, IReadOnlyList<UsdAmountsDerived> Events)> derivations, CancellationToken cancellationToken)
    {
        if (derivations.Count == 0)
        {
            return 0;
        }

        await CatalogReplica.ShareModelsAsync(session, derivations.Select(derivation => derivation.Entry.State.ModelId), cancellationToken);
        foreach (var (entry, events) in derivations)
        {
            session.Events.Append(entry.Id, [.. events]);
        }

        return derivations.Sum(derivation => derivation.Events.Count);
    }
}
