using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Reference;
using static Intelligence.Pricing.Tests.Domain.Prices;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>FX rates in force on a date, the price index's median, and the shipped reference tables.</summary>
public sealed class FxAndIndexTests
{
    private static FxRateTable Table(params (string On, decimal Rate)[] rates) =>
        rates.Aggregate((FxRateTable?)null, (table, rate) => FxRateTable.Evolve(table, new FxRateRecorded("CNY", D(rate.On), rate.Rate, Source)))!;

    [Fact]
    public void The_rate_in_force_on_a_date_is_the_latest_on_or_before_it()
    {
        var table = Table(("2024-06-01", 7.25m), ("2024-01-01", 7.1m));

        Assert.Null(FxRateTable.InForce(table, "CNY", D("2023-12-31")));
        Assert.Equal(7.1m, FxRateTable.InForce(table, "CNY", D("2024-05-31")));
        Assert.Equal(7.25m, FxRateTable.InForce(table, "CNY", D("2024-06-01")));
        Assert.Equal(1m, FxRateTable.InForce(null, "USD", D("2000-01-01")));
    }

    [Fact]
    public void A_rate_that_ends_before_a_gap_leaves_the_gap_without_a_rate_and_the_next_rate_starts_again()
    {
        var table = new FxRateTable("NGN", [
            new FxRate(D("2023-09-01"), 769.26m, "monthly", ValidUntil: D("2023-10-01")),
            new FxRate(D("2024-03-01"), 1571.2m, "monthly")]);

        Assert.Equal(769.26m, FxRateTable.InForce(table, "NGN", D("2023-09-30")));
        Assert.Null(FxRateTable.InForce(table, "NGN", D("2023-10-01")));
        Assert.Null(FxRateTable.InForce(table, "NGN", D("2024-02-29")));
        Assert.Equal(1571.2m, FxRateTable.InForce(table, "NGN", D("2030-01-01")));
    }

    [Fact]
    public void The_shipped_monthly_rates_end_before_each_gap_of_their_sources_and_nowhere_else()
    {
        var naira = ShippedFxRates.All.Where(rate => rate.Currency == "NGN").OrderBy(rate => rate.EffectiveOn).ToList();
        var table = naira.Aggregate((FxRateTable?)null, (t, rate) => FxRateTable.Evolve(t, Assert.Single(FxRateTable.Decide(t, rate).Events)));

        Assert.Equal(D("2023-10-01"), naira.Single(rate => rate.EffectiveOn == D("2023-09-01")).ValidUntil);
        Assert.Null(FxRateTable.InForce(table, "NGN", D("2023-12-15")));
        Assert.NotNull(FxRateTable.InForce(table, "NGN", D("2024-03-15")));
        Assert.Null(naira[^1].ValidUntil);
        Assert.All(ShippedFxRates.All.Where(rate => rate.Currency == "INR"), rate => Assert.Null(rate.ValidUntil));
    }

    [Fact]
    public void The_same_rate_again_stores_nothing_and_a_new_rate_for_a_date_replaces_it()
    {
        var table = Table(("2024-01-01", 7.1m));

        Assert.Empty(FxRateTable.Decide(table, new RecordFxRate("CNY", D("2024-01-01"), 7.1m, Source)).Events);
        var corrected = FxRateTable.Evolve(table, Assert.Single(FxRateTable.Decide(table, new RecordFxRate("CNY", D("2024-01-01"), 7.2m, Source)).Events));
        Assert.Equal(7.2m, Assert.Single(corrected.Rates).UnitsPerUsd);
    }

    [Fact]
    public void The_shipped_table_holds_monthly_sourced_rates_from_2023_for_the_g20_and_large_developing_market_currencies()
    {
        string[] required = ["ARS", "AUD", "BRL", "CAD", "CNY", "EUR", "GBP", "INR", "IDR", "JPY", "KRW", "MXN", "RUB", "SAR", "ZAR", "TRY",
            "NGN", "KES", "PKR", "BDT", "VND", "PHP", "EGP", "COP", "THB", "MYR"];
        var byCurrency = ShippedFxRates.All.ToLookup(rate => rate.Currency);

        Assert.All(required, currency =>
        {
            var rates = byCurrency[currency].ToList();
            Assert.Equal(new DateOnly(2023, 1, 1), rates.Min(rate => rate.EffectiveOn));
            Assert.True(rates.Count >= 36, $"{currency}: {rates.Count} months");
            Assert.All(rates, rate => Assert.Equal(1, rate.EffectiveOn.Day));
        });
        Assert.All(ShippedFxRates.All, rate =>
        {
            Assert.True(FxRateTable.IsPlausible(rate.UnitsPerUsd), $"{rate.Currency} {rate.EffectiveOn}: {rate.UnitsPerUsd}");
            Assert.False(string.IsNullOrWhiteSpace(rate.Source));
        });
        Assert.DoesNotContain(ShippedFxRates.All, rate => rate.Currency == FxRateTable.Usd);
        Assert.True(Currencies.Iso4217.IsKnown("CNY"));
        Assert.False(Currencies.Iso4217.IsKnown("XXY"));
    }

    [Fact]
    public void The_shipped_ppp_factors_cover_the_large_developing_markets_with_the_world_bank_as_source()
    {
        foreach (var currency in new[] { "INR", "BRL", "IDR", "NGN", "KES", "ZAR", "PKR", "BDT", "VND", "PHP", "EGP", "MXN", "USD", "EUR", "CNY" })
        {
            var factor = ShippedPpp.Table.For(currency, 2025);
            Assert.True(factor is { Year: 2024 }, $"{currency}: {factor}");
            Assert.Contains("World Bank", factor!.Source, StringComparison.Ordinal);
        }

        Assert.Equal(1m, ShippedPpp.Table.For("USD", 2024)!.LcuPerInternationalDollar);
    }

    [Theory]
    [InlineData("INR", "INR", null)]
    [InlineData("₹", "INR", "currency '₹' read as INR")]
    [InlineData("rmb", "CNY", "currency 'rmb' read as CNY")]
    [InlineData("xqq", "XQQ", "currency 'xqq' is not in ISO 4217: kept as stated, its USD amounts pending until a rate for XQQ is recorded")]
    [InlineData("¥", null, null)]
    [InlineData("dollars", null, null)]
    [InlineData("", null, null)]
    public void A_stated_currency_is_read_as_its_code_an_alias_kept_as_stated_or_refused(string stated, string? code, string? note)
    {
        var reading = Currencies.Iso4217.Read(stated);

        Assert.Equal(code, reading.Code);
        Assert.Equal(note, reading.Note);
        Assert.Equal(code is null, reading.Problem is not null);
    }

    [Fact]
    public void The_alias_table_maps_price_names_to_one_offering_and_the_catalog_id()
    {
        Assert.True(ModelAliases.Shipped.TryGet("DeepSeek-V3 (deepseek-chat) standard", out var standard));
        Assert.True(ModelAliases.Shipped.TryGet("DeepSeek-V3 (deepseek-chat) promo", out var promo));

        Assert.Equal("deepseek-v3", standard.ModelId);
        Assert.Equal(standard.Offering, promo.Offering);
    }

    [Fact]
    public void The_index_is_the_median_blended_price_of_the_offerings_priced_on_each_months_last_day()
    {
        IReadOnlyList<PricePoint>[] timelines =
        [
            [Point("2024-01-10", Usd(10, 10))],
            [Point("2024-02-05", Usd(2, 2))],
            [Point("2024-02-01", Usd(4, 4), until: "2024-03-15")],
        ];

        var index = PriceIndex.Compute(timelines, D("2024-01-01"), D("2024-04-30"));

        Assert.Equal(
            [
                new PriceIndexPoint("2024-01", 1, 10m),
                new PriceIndexPoint("2024-02", 3, 4m),
                new PriceIndexPoint("2024-03", 2, 6m),
                new PriceIndexPoint("2024-04", 2, 6m),
            ],
            index);
        Assert.Null(PriceIndex.Median([]));
    }

    [Fact]
    public void The_index_reaches_the_last_month_of_the_calendar()
    {
        var index = PriceIndex.Compute([[Point("2024-01-10", Usd(10, 10))]], D("9999-11-01"), D("9999-12-31"));

        Assert.Equal([new PriceIndexPoint("9999-11", 1, 10m), new PriceIndexPoint("9999-12", 1, 10m)], index);
    }

    [Theory]
    [InlineData("0.00000000000000000000000001", false)]
    [InlineData("0.0001", true)]
    [InlineData("7.2", true)]
    [InlineData("1000000000", true)]
    [InlineData("1000000001", false)]
    public void Only_rates_within_the_plausible_range_are_accepted(string unitsPerUsd, bool plausible) =>
        Assert.Equal(plausible, FxRateTable.IsPlausible(decimal.Parse(unitsPerUsd, System.Globalization.CultureInfo.InvariantCulture)));
}
