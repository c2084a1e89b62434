using Intelligence.Platform.EventStore;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Reference;

/// <summary>
/// On start, records the shipped FX rates (<c>fx-rates.csv</c>) as <see cref="FxRateRecorded"/> events where the
/// store lacks them; a rate already recorded stores nothing, so every start after the first is a no-op. It runs
/// before the server takes requests (hosted services start first), so prices never meet an empty rate table; rates
/// new to a store that already holds prices derive those prices' USD amounts in the same transaction.
/// </summary>
internal sealed class ShippedFxRateLoader(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var currency in ShippedFxRates.All.GroupBy(rate => rate.Currency))
        {
            // If another instance starting at the same time records them first, they are looked up again.
            await LostRace.RetryAsync(() => RecordAsync(currency.Key, currency, cancellationToken));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RecordAsync(string currency, IEnumerable<RecordFxRate> rates, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<FxRateEntry>(FxRateTable.StreamIdOf(currency), cancellationToken);
        var table = stream.Aggregate?.Table;
        DateOnly? earliestNew = null;
        foreach (var rate in rates)
        {
            var decision = FxRateTable.Decide(table, rate);
            stream.AppendMany(decision.Events);
            table = decision.Events.Aggregate(table ?? new FxRateTable(currency, []), FxRateTable.Evolve);
            if (decision.Events.Count > 0 && (earliestNew is null || rate.EffectiveOn < earliestNew))
            {
                earliestNew = rate.EffectiveOn;
            }
        }

        if (earliestNew is { } from)
        {
            await UsdDerivations.DeriveAsync(session, table!, from, until: null, cancellationToken);
        }

        await session.SaveChangesAsync(cancellationToken);
    }
}
