using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>Small builders for the domain tests.</summary>
internal static class Prices
{
    public const string Source = "https://example.org/pricing";

    public static Price Usd(decimal input, decimal output) => new("USD", input, output, null, null, null, 1m);

    public static Price Cny(decimal input, decimal output, decimal unitsPerUsd = 7.2m) => new("CNY", input, output, null, null, null, unitsPerUsd);

    public static Price Fee(decimal monthlyFee) => new("USD", null, null, null, monthlyFee, null, 1m);

    public static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static PricePoint Point(string from, Price price, string? until = null, bool promotion = false) =>
        new(D(from), until is null ? null : D(until), price, promotion, "model", Source);
}
