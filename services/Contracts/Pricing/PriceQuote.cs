namespace Intelligence.Contracts.Pricing;

/// <summary>
/// A price in its original currency and in US dollars at the FX rate in force on its effective date. API prices
/// are per million tokens; the blended price weighs input 3 to output 1 (the convention of public LLM price
/// comparisons). Plans have a monthly fee; free tiers a fee of 0 and their limits as text.
/// </summary>
/// <param name="Currency">ISO 4217 code of the original amounts.</param>
/// <param name="UnitsPerUsd">The FX rate used: units of <paramref name="Currency"/> per US dollar (1 for USD); null while no rate for the date is known (<see cref="UsdPending"/>).</param>
public sealed record PriceQuote(
    string Currency,
    decimal? InputPerMillion,
    decimal? OutputPerMillion,
    decimal? CachedInputPerMillion,
    decimal? MonthlyFee,
    string? FreeTierLimits,
    decimal? UnitsPerUsd,
    decimal? InputUsdPerMillion,
    decimal? OutputUsdPerMillion,
    decimal? CachedInputUsdPerMillion,
    decimal? MonthlyFeeUsd,
    decimal? BlendedUsdPerMillion)
{
    /// <summary>
    /// The price is kept as stated without an FX rate on its date: its USD amounts are null until a rate arrives
    /// (then <see cref="UsdAmountsDerived"/> says so). A free price is 0 in USD even then.
    /// </summary>
    public bool UsdPending { get; init; }

    /// <summary>The source's prices in other units or tiers, as stated ("cache_write_mtok=3.75; web_searches_kcount=10"); absent when none.</summary>
    public string? OtherRates { get; init; }
}
