using Intelligence.Contracts;

namespace Intelligence.Pricing.Domain;

/// <summary>A price seen in the world from a date. Built only from validated input; the price already carries its FX rate.</summary>
/// <param name="PriceKindLabel">The source's label for the kind of price, kept when no documented mapping covers it.</param>
/// <param name="Provenance">The catalog snapshot a synced price comes from; null for a hand-sourced one.</param>
public sealed record RecordPriceObservation(
    string OfferingId,
    OfferingDetails Offering,
    string? ModelId,
    Price Price,
    DateOnly EffectiveOn,
    DateOnly? EndsOn,
    bool Promotion,
    string Source,
    string? PriceKindLabel = null,
    CatalogProvenance? Provenance = null);

/// <summary>
/// What a catalog snapshot says an offering costs: its dated prices (the undated one from its own date), all from
/// one snapshot. An offering the catalog listed takes them as price observations; one a hand source listed keeps
/// its prices, and the catalog's are kept beside them.
/// </summary>
/// <param name="Source">Where the catalog says the prices come from (the provider's pricing page), else where the snapshot was read.</param>
public sealed record ObserveCatalogPrices(string OfferingId, OfferingDetails Offering, string? ModelId, IReadOnlyList<DatedPrice> Prices, CatalogProvenance Provenance, string Source);

/// <summary>A price from a date.</summary>
public sealed record DatedPrice(DateOnly EffectiveOn, Price Price);

/// <summary>An offering the catalog listed is no longer in its snapshot read at <paramref name="Provenance"/>.</summary>
public sealed record DelistFromCatalog(string OfferingId, DateOnly DelistedOn, CatalogProvenance Provenance);

/// <summary>An FX rate in force from a date (until the next one, or until <paramref name="ValidUntil"/> where its source has a gap).</summary>
public sealed record RecordFxRate(string Currency, DateOnly EffectiveOn, decimal UnitsPerUsd, string Source, DateOnly? ValidUntil = null);
