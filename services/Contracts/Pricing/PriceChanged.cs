namespace Intelligence.Contracts.Pricing;

/// <summary>An offering's price changed from <paramref name="EffectiveOn"/> (or it is priced again after a price closed).</summary>
/// <param name="Previous">The price in force before, if any.</param>
/// <param name="ChangePercent">Change of the blended USD price (monthly fee for plans), two decimals; null from no price or from free.</param>
public sealed record PriceChanged(
    Guid EventId,
    string OfferingId,
    long StreamVersion,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Provider,
    string OfferingName,
    string Kind,
    string? ModelId,
    PriceQuote Price,
    PriceQuote? Previous,
    decimal? ChangePercent,
    bool Promotion,
    DateOnly? EndsOn) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => OfferingId;

    /// <summary>The catalog snapshot the price was synced from; absent for a hand-sourced price.</summary>
    public CatalogProvenance? Provenance { get; init; }
}
