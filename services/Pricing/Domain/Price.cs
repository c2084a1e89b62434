using Intelligence.Contracts;

namespace Intelligence.Pricing.Domain;

/// <summary>What is sold: API access to a model, a consumer subscription, or a consumer free tier.</summary>
public enum OfferingKind
{
    /// <summary>Priced per million input and output tokens (optionally cached input).</summary>
    Api,

    /// <summary>A consumer plan with a monthly fee.</summary>
    Subscription,

    /// <summary>A consumer free tier: no fee, its limits as text.</summary>
    FreeTier,
}

/// <summary>Who sells what: fixed at an offering's first listing.</summary>
/// <param name="ProviderCountry">ISO 3166-1 alpha-2 code of the provider's home country, or the source's name for a place no country table knows (its bloc is unknown).</param>
public sealed record OfferingDetails(string Provider, string ProviderCountry, string Name, OfferingKind Kind);

/// <summary>
/// A price as the source states it, in its original currency, with the FX rate in force on its effective date.
/// USD amounts are derived: the original amounts are the fact. Without a rate on its date the price is kept as stated
/// and its USD amounts are pending (null) until a rate arrives; a free price is free in any currency.
/// </summary>
/// <param name="Currency">ISO 4217 code, or a three-letter code as the source states it.</param>
/// <param name="UnitsPerUsd">Units of <paramref name="Currency"/> per US dollar on the effective date (1 for USD); null while pending.</param>
public sealed record Price(
    string Currency,
    decimal? InputPerMillion,
    decimal? OutputPerMillion,
    decimal? CachedInputPerMillion,
    decimal? MonthlyFee,
    string? FreeTierLimits,
    decimal? UnitsPerUsd)
{
    /// <summary>
    /// The prices a source states that no field above holds, as the source states them ("cache_write_mtok=3.75;
    /// web_searches_kcount=10"): a catalog's other units and token tiers, kept rather than dropped; null when none.
    /// </summary>
    public string? OtherRates { get; init; }

    /// <summary>
    /// The largest amount a price may state, in its currency: far above any real price in any currency, and low
    /// enough that USD conversions, blends and percentages stay within decimal's range.
    /// </summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>Input tokens weigh three parts to one of output in the blended price (public LLM price comparisons).</summary>
    public const int InputWeight = 3;

    public const int OutputWeight = 1;

    public decimal? InputUsdPerMillion => Usd(InputPerMillion);

    public decimal? OutputUsdPerMillion => Usd(OutputPerMillion);

    public decimal? CachedInputUsdPerMillion => Usd(CachedInputPerMillion);

    public decimal? MonthlyFeeUsd => Usd(MonthlyFee);

    /// <summary>USD per million tokens, 3 parts input to 1 part output; null for plans.</summary>
    public decimal? BlendedUsdPerMillion => InputUsdPerMillion is { } input && OutputUsdPerMillion is { } output
        ? Math.Round(((InputWeight * input) + (OutputWeight * output)) / (InputWeight + OutputWeight), 6)
        : null;

    /// <summary>The one USD figure prices of an offering are compared by: the blended price for API, the monthly fee for plans.</summary>
    public decimal? ComparableUsd => BlendedUsdPerMillion ?? MonthlyFeeUsd;

    public bool IsFree => Comparable == 0;

    /// <summary>A price in another currency whose rate on its date is not known yet: its USD amounts wait for one.</summary>
    public bool UsdPending => UnitsPerUsd is null;

    /// <summary>The comparable figure in the stated currency, to the same six decimals as the USD one: the blended price for API, the monthly fee for plans.</summary>
    public decimal? Comparable => InputPerMillion is { } input && OutputPerMillion is { } output
        ? Math.Round(((InputWeight * input) + (OutputWeight * output)) / (InputWeight + OutputWeight), 6)
        : MonthlyFee is { } fee ? Math.Round(fee, 6) : null;

    /// <summary>The same price as stated (currency and amounts), whatever the FX rate of the day.</summary>
    public bool SameAs(Price other) =>
        Currency == other.Currency
        && InputPerMillion == other.InputPerMillion
        && OutputPerMillion == other.OutputPerMillion
        && CachedInputPerMillion == other.CachedInputPerMillion
        && MonthlyFee == other.MonthlyFee
        && FreeTierLimits == other.FreeTierLimits
        && OtherRates == other.OtherRates;

    /// <summary>The same price at another rate: USD amounts are derived again, the stated amounts never change.</summary>
    public Price At(decimal unitsPerUsd) => this with { UnitsPerUsd = unitsPerUsd };

    private decimal? Usd(decimal? amount) => amount switch
    {
        null => null,
        0 => 0,
        { } value => UnitsPerUsd is { } rate ? Math.Round(value / rate, 6) : null,
    };
}

/// <summary>One dated price of an offering's timeline.</summary>
/// <param name="EndsOn">The first day the price no longer applies; null while open-ended.</param>
/// <param name="Promotion">A promotional price: when it ends, the list price in force before it returns.</param>
/// <param name="ModelId">The catalog model the price is for (API offerings); null for plans that name none.</param>
/// <param name="PriceKindLabel">The source's own label for the kind of price when no documented mapping covers it (kept as other; the offering's kind was read from the amounts).</param>
/// <param name="Provenance">The catalog snapshot the price was synced from; null for a hand-sourced price.</param>
public sealed record PricePoint(
    DateOnly EffectiveOn, DateOnly? EndsOn, Price Price, bool Promotion, string? ModelId, string Source, string? PriceKindLabel = null, CatalogProvenance? Provenance = null);
