using Intelligence.Pricing.Domain;
using static Intelligence.Pricing.Tests.Domain.Prices;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>A price read as stated, in USD, in another currency and in purchasing-power terms.</summary>
public sealed class PriceComparisonTests
{
    private const string WorldBank = "World Bank PA.NUS.PRVT.PP (test figures)";

    private static readonly PppTable Ppp = new([
        new PppFactor("IN", "INR", 2023, 20m, WorldBank),
        new PppFactor("IN", "INR", 2024, 21m, WorldBank),
        new PppFactor("US", "USD", 2024, 1m, WorldBank),
        new PppFactor("DE", "EUR", 2024, 0.75m, WorldBank),
        new PppFactor("FR", "EUR", 2024, 0.73m, WorldBank),
        new PppFactor("EA", "EUR", 2023, 0.7m, WorldBank),
        new PppFactor("EA", "EUR", 2024, 0.72m, WorldBank),
    ]);

    private static readonly FxRateTable InrRates = new("INR", [new FxRate(D("2025-01-01"), 85m, "test"), new FxRate(D("2025-08-01"), 87.5m, "test")]);

    [Fact]
    public void A_plan_in_rupees_reads_in_international_dollars_at_the_factor_of_the_latest_year_not_after_its_date()
    {
        var compared = PriceComparison.Compare(new Price("INR", null, null, null, 399m, null, 87.5m), D("2025-08-19"), Ppp, target: null, targetCurrency: null)!;

        Assert.Equal(new Amount("INR", 399m), compared.Stated);
        Assert.Equal(4.56m, Math.Round(compared.Usd!.Value, 2));
        Assert.Equal(2024, compared.StatedPpp!.Year);
        Assert.Equal(19m, compared.StatedPpp.InternationalDollars);
    }

    [Fact]
    public void A_dollar_plan_read_in_rupees_shows_what_it_weighs_for_someone_paid_in_rupees()
    {
        var compared = PriceComparison.Compare(Fee(20m), D("2025-08-19"), Ppp, InrRates, "INR")!;

        var rupees = compared.InCurrency!;
        Assert.Equal(new Amount("INR", 1750m), rupees.Amount);
        Assert.Equal(D("2025-08-01"), rupees.RateEffectiveOn);
        Assert.Equal(83.333333m, rupees.Ppp!.InternationalDollars);
        Assert.Equal(20m, compared.StatedPpp!.InternationalDollars);
    }

    [Fact]
    public void The_euro_reads_through_the_country_the_table_covers_most_years()
    {
        Assert.Equal("EA", Ppp.For("EUR", 2025)!.Country);
        Assert.Null(Ppp.For("EUR", 2022));
        Assert.Null(Ppp.For("NGN", 2024));
    }

    [Fact]
    public void Without_a_rate_for_the_date_or_a_usd_figure_there_is_no_reading_in_another_currency()
    {
        Assert.Null(PriceComparison.Compare(Fee(20m), D("2024-12-31"), Ppp, InrRates, "INR")!.InCurrency);
        Assert.Null(PriceComparison.Compare(new Price("BRL", null, null, null, 99m, null, null), D("2025-08-19"), Ppp, InrRates, "INR")!.InCurrency);
    }

    [Fact]
    public void A_price_read_in_its_own_currency_needs_no_rate()
    {
        var compared = PriceComparison.Compare(new Price("INR", null, null, null, 399m, null, null), D("2025-08-19"), Ppp, target: null, "INR")!;

        Assert.Equal(new Amount("INR", 399m), compared.InCurrency!.Amount);
        Assert.Null(compared.InCurrency.RateEffectiveOn);
        Assert.Null(compared.Usd);
    }
}
