namespace Intelligence.Contracts.Pricing;

/// <summary>
/// The USD amounts of one price of an offering were derived from the FX rate in force on its date: a price kept
/// without a rate got one, or a newer reference rate replaced the one it carried. The stated amounts never change;
/// consumers that keep USD figures re-derive them as amount / <paramref name="UnitsPerUsd"/>.
/// </summary>
/// <param name="PriceEffectiveOn">The domain date: the effective date of the price derived.</param>
/// <param name="Promotion">Which price of that date: the promotional one or the list price.</param>
/// <param name="PreviousUnitsPerUsd">The rate the price carried before; null when its USD amounts were pending.</param>
/// <param name="RateEffectiveOn">The date the applied rate is in force from.</param>
/// <param name="Source">The rate's source.</param>
public sealed record UsdAmountsDerived(
    Guid EventId,
    string OfferingId,
    long StreamVersion,
    DateOnly PriceEffectiveOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Provider,
    string OfferingName,
    string Kind,
    bool Promotion,
    string Currency,
    decimal? PreviousUnitsPerUsd,
    decimal UnitsPerUsd,
    DateOnly RateEffectiveOn) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => OfferingId;
}
