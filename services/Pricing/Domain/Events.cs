using Intelligence.Contracts;

namespace Intelligence.Pricing.Domain;

/// <summary>The domain events of an offering's stream. Each carries the offering's details, so it reads alone.</summary>
public interface IOfferingEvent
{
    string OfferingId { get; }

    OfferingDetails Offering { get; }

    /// <summary>Where the fact comes from: a URL or a document name.</summary>
    string Source { get; }
}

/// <summary>The offering's first price: its stream's first event.</summary>
public sealed record PriceListed(string OfferingId, OfferingDetails Offering, PricePoint Point) : IOfferingEvent
{
    public string Source => Point.Source;
}

/// <summary>A price different from the one in force on its date (or a price again after one closed).</summary>
/// <param name="Previous">The price in force the day before, if any.</param>
/// <param name="ChangePercent">Change of the comparable USD price (blended for API, monthly fee for plans); null from no price or from free.</param>
public sealed record PriceChanged(string OfferingId, OfferingDetails Offering, PricePoint Point, Price? Previous, decimal? ChangePercent) : IOfferingEvent
{
    public string Source => Point.Source;
}

/// <summary>A price already recorded is stated to end on <paramref name="ClosedOn"/>, with nothing after it yet.</summary>
public sealed record PriceClosed(string OfferingId, OfferingDetails Offering, DateOnly PriceEffectiveOn, DateOnly ClosedOn, string Source) : IOfferingEvent;

/// <summary>The comparable USD price fell by at least the threshold, or to free.</summary>
/// <param name="Percent">The change, negative (-100 for a move to free).</param>
public sealed record PriceCutDetected(
    string OfferingId, OfferingDetails Offering, string? ModelId, DateOnly EffectiveOn, Price From, Price To, decimal Percent, bool ToFree, string Source) : IOfferingEvent;

/// <summary>The offering became free to use from <paramref name="EffectiveOn"/> (listed free, or moved to free).</summary>
public sealed record FreeAccessIntroduced(string OfferingId, OfferingDetails Offering, string? ModelId, DateOnly EffectiveOn, Price Price, string Source) : IOfferingEvent;

/// <summary>A promotion ends on <paramref name="EndedOn"/>; the list price in force before it returns (none when there was none).</summary>
public sealed record PromotionEnded(
    string OfferingId, OfferingDetails Offering, string? ModelId, DateOnly StartedOn, DateOnly EndedOn, Price Promotion, Price? ListPriceReturns, string Source) : IOfferingEvent;

/// <summary>
/// The USD amounts of a price were derived (again) from the FX rate in force on its date: a price kept without a
/// rate gets one, or a price gets the rate a newer reference table holds for its date. The stated amounts never
/// change; <see cref="Source"/> is the rate's source.
/// </summary>
/// <param name="PriceEffectiveOn">The effective date of the price (with <paramref name="Promotion"/>, which price of the timeline).</param>
/// <param name="PreviousUnitsPerUsd">The rate the price carried before; null when its USD amounts were pending.</param>
/// <param name="RateEffectiveOn">The date the applied rate is in force from.</param>
public sealed record UsdAmountsDerived(
    string OfferingId,
    OfferingDetails Offering,
    DateOnly PriceEffectiveOn,
    bool Promotion,
    string Currency,
    decimal? PreviousUnitsPerUsd,
    decimal UnitsPerUsd,
    DateOnly RateEffectiveOn,
    string Source) : IOfferingEvent;

/// <summary>
/// The catalog that listed the offering no longer lists it: the price in force closes on <paramref name="DelistedOn"/>.
/// A later snapshot that lists it again prices it again.
/// </summary>
public sealed record OfferingDelisted(string OfferingId, OfferingDetails Offering, DateOnly DelistedOn, CatalogProvenance Provenance) : IOfferingEvent
{
    public string Source => Provenance.Location;
}

/// <summary>
/// A catalog's dated prices for an offering a hand source listed, when they differ from what the catalog said
/// before: kept beside the offering's own prices (a disagreement is shown, never resolved by overwriting).
/// </summary>
public sealed record CatalogPricesObserved(string OfferingId, OfferingDetails Offering, IReadOnlyList<DatedPrice> Prices, CatalogProvenance Provenance) : IOfferingEvent
{
    public string Source => Provenance.Location;
}
