namespace Intelligence.Pricing.Domain;

/// <summary>A price seen in the world from a date. Built only from validated input; the price already carries its FX rate.</summary>
/// <param name="PriceKindLabel">The source's label for the kind of price, kept when no documented mapping covers it.</param>
public sealed record RecordPriceObservation(
    string OfferingId, OfferingDetails Offering, string? ModelId, Price Price, DateOnly EffectiveOn, DateOnly? EndsOn, bool Promotion, string Source, string? PriceKindLabel = null);

/// <summary>An FX rate in force from a date (until the next one, or until <paramref name="ValidUntil"/> where its source has a gap).</summary>
public sealed record RecordFxRate(string Currency, DateOnly EffectiveOn, decimal UnitsPerUsd, string Source, DateOnly? ValidUntil = null);
