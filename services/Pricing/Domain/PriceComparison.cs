namespace Intelligence.Pricing.Domain;

/// <summary>A purchasing-power parity factor: local currency units per international dollar in a country and year.</summary>
public sealed record PppFactor(string Country, string Currency, int Year, decimal LcuPerInternationalDollar, string Source);

/// <summary>
/// PPP factors by currency and year. A currency reads through the country that issues it (the euro through the euro
/// area where the table has it); the factor of a year is that year's, else the latest before it, else none.
/// </summary>
public sealed class PppTable(IEnumerable<PppFactor> factors)
{
    private readonly Dictionary<string, List<PppFactor>> _byCurrency = factors
        .GroupBy(factor => factor.Currency, StringComparer.Ordinal)
        .ToDictionary(
            group => group.Key,
            group => group.GroupBy(factor => factor.Country, StringComparer.Ordinal)
                .OrderByDescending(country => country.Count())
                .ThenBy(country => country.Key, StringComparer.Ordinal)
                .First()
                .OrderBy(factor => factor.Year)
                .ToList(),
            StringComparer.Ordinal);

    public static PppTable Empty { get; } = new([]);

    public PppFactor? For(string currency, int year) =>
        _byCurrency.TryGetValue(currency, out var series) ? series.LastOrDefault(factor => factor.Year <= year) : null;
}

/// <summary>An amount in a currency.</summary>
public sealed record Amount(string Currency, decimal Value);

/// <summary>An amount read in purchasing-power terms: international dollars at the PPP factor of the currency's country.</summary>
public sealed record PppReading(string Country, int Year, decimal LcuPerInternationalDollar, decimal InternationalDollars, string Source);

/// <summary>A price read in another currency at the market rate in force on the comparison's date.</summary>
/// <param name="UnitsPerUsd">The market rate used; null when the amount needed no conversion (the same currency).</param>
/// <param name="RateEffectiveOn">The date the rate is in force from; null when no rate was needed.</param>
public sealed record CurrencyReading(Amount Amount, decimal? UnitsPerUsd, DateOnly? RateEffectiveOn, PppReading? Ppp);

/// <summary>
/// A price compared across currencies: as stated, in USD at the rate of its date, in purchasing-power terms of its
/// own currency, and optionally in a reader's currency (at the market rate of the comparison's date) with that
/// currency's purchasing-power terms: what the price weighs for someone paid in it.
/// </summary>
/// <param name="Stated">The comparable figure as stated: the blended price per million tokens for API, the monthly fee for plans.</param>
/// <param name="Usd">The same in USD; null while the USD amounts are pending.</param>
public sealed record ComparedPrice(Amount Stated, decimal? Usd, PppReading? StatedPpp, CurrencyReading? InCurrency);

/// <summary>Pure functions of the comparison: no clock, no store.</summary>
public static class PriceComparison
{
    public static ComparedPrice? Compare(Price price, DateOnly on, PppTable ppp, FxRateTable? target, string? targetCurrency)
    {
        if (price.Comparable is not { } stated)
        {
            return null;
        }

        var inCurrency = targetCurrency is null ? null : Read(price, stated, on, ppp, target, targetCurrency);
        return new ComparedPrice(new Amount(price.Currency, stated), price.ComparableUsd, Ppp(stated, price.Currency, on.Year, ppp), inCurrency);
    }

    public static PppReading? Ppp(decimal amount, string currency, int year, PppTable ppp) =>
        ppp.For(currency, year) is { } factor
            ? new PppReading(factor.Country, factor.Year, factor.LcuPerInternationalDollar, Math.Round(amount / factor.LcuPerInternationalDollar, 6), factor.Source)
            : null;

    private static CurrencyReading? Read(Price price, decimal stated, DateOnly on, PppTable ppp, FxRateTable? target, string targetCurrency)
    {
        if (price.Currency == targetCurrency)
        {
            return new CurrencyReading(new Amount(targetCurrency, stated), null, null, Ppp(stated, targetCurrency, on.Year, ppp));
        }

        var rate = targetCurrency == FxRateTable.Usd
            ? new FxRate(DateOnly.MinValue, 1, "USD is the base currency")
            : FxRateTable.RateOn(target, on);
        if (price.ComparableUsd is not { } usd || rate is null)
        {
            return null;
        }

        var amount = Math.Round(usd * rate.UnitsPerUsd, 6);
        return new CurrencyReading(
            new Amount(targetCurrency, amount), rate.UnitsPerUsd, targetCurrency == FxRateTable.Usd ? null : rate.EffectiveOn, Ppp(amount, targetCurrency, on.Year, ppp));
    }
}
