using Intelligence.Pricing.Domain;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Intelligence.Pricing.Projections;

/// <summary>An offering's state as commands load it for writing; kept inline with its events.</summary>
public sealed record OfferingEntry(string Id, Offering State)
{
    public long Version { get; init; }
}

/// <summary>Folds an offering's events with the domain's <see cref="OfferingDecider.Evolve"/>.</summary>
public sealed class OfferingEntryProjection : SingleStreamProjection<OfferingEntry, string>
{
    public override OfferingEntry? Evolve(OfferingEntry? snapshot, string id, IEvent e) =>
        e.Data is IOfferingEvent offeringEvent && OfferingDecider.Evolve(snapshot?.State, offeringEvent) is { } state
            ? new OfferingEntry(id, state) { Version = e.Version }
            : snapshot;
}

/// <summary>A currency's dated FX rates, kept inline with their events.</summary>
public sealed record FxRateEntry(string Id, FxRateTable Table)
{
    public long Version { get; init; }
}

/// <summary>Folds a currency's <see cref="FxRateRecorded"/> events with <see cref="FxRateTable.Evolve"/>.</summary>
public sealed class FxRateEntryProjection : SingleStreamProjection<FxRateEntry, string>
{
    public override FxRateEntry? Evolve(FxRateEntry? snapshot, string id, IEvent e) =>
        e.Data is FxRateRecorded recorded
            ? new FxRateEntry(id, FxRateTable.Evolve(snapshot?.Table, recorded)) { Version = e.Version }
            : snapshot;
}
