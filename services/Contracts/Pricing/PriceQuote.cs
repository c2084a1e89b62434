namespace Intelligence.Contracts.Pricing;

/// <summary>
/// A price in its original currency and in US dollars at the FX rate in force on its effective date. API prices
/// are per million tokens; the blended price weighs input 3 to output 1 (the convention of public LLM price
/// comparisons). Plans have a monthly fee; free tiers a fee of 0 and their limits as text.
/// </summary>
/// <param name="Currency">ISO 4217 code of the original amounts.</param>
/// <param name="UnitsPerUsd">The FX rate used: units of <paramref name="Currency"/> per US dollar (1 for USD).</param>
public sealed record PriceQuote(
    string Currency,
    decimal? InputPerMillion,
    decimal? OutputPerMillion,
    decimal? CachedInputPerMillion,
    decimal? MonthlyFee,
    string? FreeTierLimits,
    decimal UnitsPerUsd,
    decimal? InputUsdPerMillion,
    decimal? OutputUsdPerMillion,
    decimal? CachedInputUsdPerMillion,
    decimal? MonthlyFeeUsd,
    decimal? BlendedUsdPerMillion);
