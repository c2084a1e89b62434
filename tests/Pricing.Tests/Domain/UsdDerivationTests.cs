using Intelligence.Pricing.Domain;
using static Intelligence.Pricing.Tests.Domain.Prices;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>
/// Prices in any currency are facts as stated; USD amounts are derived from the FX table and follow it: pending
/// without a rate, derived when one arrives, derived again when the table holds a better rate for the date.
/// </summary>
public sealed class UsdDerivationTests
{
    private const decimal Threshold = OfferingDecider.DefaultCutThresholdPercent;
    private static readonly OfferingDetails GoPlan = new("OpenAI", "US", "ChatGPT Go (India)", OfferingKind.Subscription);

    private static Price Inr(decimal monthlyFee, decimal? unitsPerUsd = null) => new("INR", null, null, null, monthlyFee, null, unitsPerUsd);

    private static RecordPriceObservation Observe(Price price, string on) => new("openai.chatgpt-go-india", GoPlan, null, price, D(on), null, false, Source);

    private static Offering Given(params RecordPriceObservation[] observations) =>
        observations.Aggregate((Offering?)null, (state, command) =>
            OfferingDecider.Decide(state, command, Threshold).Events.Aggregate(state, OfferingDecider.Evolve))!;

    private static FxRateTable Rates(string currency, params (string On, decimal Rate)[] rates) =>
        rates.Aggregate((FxRateTable?)null, (table, rate) => FxRateTable.Evolve(table, new FxRateRecorded(currency, D(rate.On), rate.Rate, "https://example.org/fx")))!;

    [Fact]
    public void A_price_without_a_rate_keeps_its_stated_amounts_and_has_no_usd_figures()
    {
        var price = Inr(399);

        Assert.True(price.UsdPending);
        Assert.Equal(399m, price.Comparable);
        Assert.Null(price.MonthlyFeeUsd);
        Assert.Null(price.ComparableUsd);
        Assert.False(price.IsFree);
    }

    [Fact]
    public void A_free_price_is_free_in_usd_even_without_a_rate()
    {
        var free = Inr(0);

        Assert.Equal(0m, free.MonthlyFeeUsd);
        Assert.True(free.IsFree);
    }

    [Fact]
    public void A_cut_in_one_currency_is_measured_in_that_currency_with_or_without_rates()
    {
        var offering = Given(Observe(Inr(399), "2025-08-19"));

        var decision = OfferingDecider.Decide(offering, Observe(Inr(199), "2025-11-04"), Threshold);

        Assert.Equal(-50.13m, Assert.IsType<PriceChanged>(decision.Events[0]).ChangePercent);
        Assert.Equal(-50.13m, Assert.IsType<PriceCutDetected>(decision.Events[1]).Percent);
    }

    [Fact]
    public void A_move_of_the_exchange_rate_alone_is_no_price_change()
    {
        var offering = Given(Observe(Inr(399, 83m), "2025-08-19"));

        Assert.Empty(OfferingDecider.Decide(offering, Observe(Inr(399, 88m), "2025-10-01"), Threshold).Events);
    }

    [Fact]
    public void When_a_rate_arrives_each_pending_price_it_covers_is_derived_once()
    {
        var offering = Given(Observe(Inr(399), "2025-08-19"), Observe(Inr(199), "2025-11-04"));
        var rates = Rates("INR", ("2025-08-01", 87.5m));

        var derived = UsdDerivation.Decide(offering, rates);

        Assert.Equal([D("2025-08-19"), D("2025-11-04")], derived.Select(d => d.PriceEffectiveOn));
        Assert.All(derived, d => Assert.Null(d.PreviousUnitsPerUsd));
        var after = derived.Aggregate(offering, (state, e) => OfferingDecider.Evolve(state, e)!);
        Assert.Equal(4.56m, Math.Round(after.Timeline[0].Price.MonthlyFeeUsd!.Value, 2));
        Assert.Equal(399m, after.Timeline[0].Price.MonthlyFee);
        Assert.Empty(UsdDerivation.Decide(after, rates));
    }

    [Fact]
    public void A_rate_dated_after_a_price_leaves_it_pending()
    {
        var offering = Given(Observe(Inr(399), "2025-08-19"));

        Assert.Empty(UsdDerivation.Decide(offering, Rates("INR", ("2025-09-01", 88m))));
    }

    [Fact]
    public void A_newer_rate_for_a_prices_month_derives_it_again_and_says_what_it_carried()
    {
        var offering = Given(Observe(Inr(399), "2025-08-19"));
        var first = UsdDerivation.Decide(offering, Rates("INR", ("2025-01-01", 85m))).Aggregate(offering, (state, e) => OfferingDecider.Evolve(state, e)!);

        var again = Assert.Single(UsdDerivation.Decide(first, Rates("INR", ("2025-01-01", 85m), ("2025-08-01", 87.5m))));

        Assert.Equal(85m, again.PreviousUnitsPerUsd);
        Assert.Equal(87.5m, again.UnitsPerUsd);
        Assert.Equal(D("2025-08-01"), again.RateEffectiveOn);
    }

    [Fact]
    public void Prices_in_another_currency_are_left_alone()
    {
        var offering = Given(Observe(Inr(399), "2025-08-19"));

        Assert.Empty(UsdDerivation.Decide(offering, Rates("BRL", ("2025-01-01", 5.5m))));
    }

    [Fact]
    public void A_cut_recorded_while_pending_takes_the_rates_of_both_its_prices()
    {
        var offering = Given(Observe(Inr(399), "2025-08-19"), Observe(Inr(199), "2025-11-04"));
        var derived = UsdDerivation.Decide(offering, Rates("INR", ("2025-08-01", 87.5m), ("2025-11-01", 88.5m)));
        var after = derived.Aggregate(offering, (state, e) => OfferingDecider.Evolve(state, e)!);

        var (from, to) = derived.Aggregate((From: Inr(399), To: Inr(199)), (cut, e) => UsdDerivation.ApplyToCut(after.Timeline, D("2025-11-04"), cut.From, cut.To, e));

        Assert.Equal(87.5m, from.UnitsPerUsd);
        Assert.Equal(88.5m, to.UnitsPerUsd);
    }
}
