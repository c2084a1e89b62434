using Intelligence.Platform.EventStore;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Reference;

/// <summary>
/// On start, records the shipped FX rates (<c>fx-rates.csv</c>) as <see cref="FxRateRecorded"/> events where the
/// store lacks them, all currencies in one transaction; a rate already recorded stores nothing, so every start after
/// the first is one query. It runs before the server takes requests (hosted services start first), so prices never
/// meet an empty rate table; rates new to a store that already holds prices derive those prices' USD amounts in the
/// same transaction.
/// </summary>
internal sealed class ShippedFxRateLoader(IDocumentStore store, Features.PricingSettings settings) : IHostedService
{
    // If another instance starting at the same time records them first, they are looked up again.
    public Task StartAsync(CancellationToken cancellationToken) =>
        settings.ShippedFxRates ? LostRace.RetryAsync(() => RecordAsync(cancellationToken)) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var stored = (await session.Query<FxRateEntry>().ToListAsync(cancellationToken)).ToDictionary(entry => entry.Table.Currency, StringComparer.Ordinal);
        var derive = new List<(FxRateTable Table, DateOnly From)>();
        foreach (var currency in ShippedFxRates.All.GroupBy(rate => rate.Currency))
        {
            var (table, events) = Decide(stored.GetValueOrDefault(currency.Key)?.Table, currency.Key, currency);
            if (events.Count == 0)
            {
                continue;
            }

            var streamId = FxRateTable.StreamIdOf(currency.Key);
            if (!stored.ContainsKey(currency.Key))
            {
                // A new stream: another instance starting it too makes this a lost race, decided again.
                session.Events.StartStream<FxRateEntry>(streamId, [.. events]);
            }
            else
            {
                // Rare (the shipped table grew): decided again on the stream as loaded for writing.
                var stream = await session.Events.FetchForWriting<FxRateEntry>(streamId, cancellationToken);
                (table, events) = Decide(stream.Aggregate?.Table, currency.Key, currency);
                stream.AppendMany(events);
            }

            derive.Add((table, events.Min(recorded => recorded.EffectiveOn)));
        }

        // Prices only wait on rates once the store holds some in other currencies.
        if (derive.Count > 0 && await session.Query<ForeignPricePoint>().AnyAsync(cancellationToken))
        {
            await UsdDerivations.DeriveAsync(session, [.. derive.Select(rates => (rates.Table, rates.From, (DateOnly?)null))], cancellationToken);
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    private static (FxRateTable Table, List<FxRateRecorded> Events) Decide(FxRateTable? table, string currency, IEnumerable<RecordFxRate> rates)
    {
        var events = new List<FxRateRecorded>();
        var current = table ?? new FxRateTable(currency, []);
        foreach (var rate in rates)
        {
            var decision = FxRateTable.Decide(current, rate);
            events.AddRange(decision.Events);
            current = decision.Events.Aggregate(current, FxRateTable.Evolve);
        }

        return (current, events);
    }
}
