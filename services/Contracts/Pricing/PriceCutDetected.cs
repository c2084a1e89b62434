namespace Intelligence.Contracts.Pricing;

/// <summary>
/// An offering's blended USD price (monthly fee for plans) fell by at least the service's threshold (20% by
/// default) or to free. Published beside the <see cref="PriceChanged"/> it comes from.
/// </summary>
/// <param name="Percent">The change, negative; -100 for a move to free.</param>
public sealed record PriceCutDetected(
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
    PriceQuote From,
    PriceQuote To,
    decimal Percent,
    bool ToFree) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => OfferingId;
}
