namespace Intelligence.Pricing.Domain;

/// <summary>A price seen in the world from a date. Built only from validated input; the price already carries its FX rate.</summary>
public sealed record RecordPriceObservation(
    string OfferingId, OfferingDetails Offering, string? ModelId, Price Price, DateOnly EffectiveOn, DateOnly? EndsOn, bool Promotion, string Source);

/// <summary>An FX rate in force from a date.</summary>
public sealed record RecordFxRate(string Currency, DateOnly EffectiveOn, decimal UnitsPerUsd, string Source);
