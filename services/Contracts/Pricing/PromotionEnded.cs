namespace Intelligence.Contracts.Pricing;

/// <summary>A promotional price ends on <paramref name="EndedOn"/>, as its source states; the list price in force before it returns.</summary>
/// <param name="EndedOn">The domain date: the first day the promotion no longer applies.</param>
/// <param name="ListPriceReturns">The price in force from <paramref name="EndedOn"/> as known when recorded; null when none is known.</param>
public sealed record PromotionEnded(
    Guid EventId,
    string OfferingId,
    long StreamVersion,
    DateOnly EndedOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Provider,
    string OfferingName,
    string? ModelId,
    DateOnly StartedOn,
    PriceQuote Promotion,
    PriceQuote? ListPriceReturns) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => OfferingId;
}
