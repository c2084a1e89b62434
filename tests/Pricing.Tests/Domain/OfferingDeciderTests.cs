using Intelligence.Pricing.Domain;
using static Intelligence.Pricing.Tests.Domain.Prices;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>Given an offering's events, when a price is observed, then what it means: listed, changed, cut, free, closed, or nothing.</summary>
public sealed class OfferingDeciderTests
{
    private const decimal Threshold = OfferingDecider.DefaultCutThresholdPercent;
    private static readonly OfferingDetails Api = new("OpenAI", "US", "GPT-4o", OfferingKind.Api);
    private static readonly OfferingDetails Plan = new("OpenAI", "US", "ChatGPT Plus", OfferingKind.Subscription);

    private static RecordPriceObservation Observe(Price price, string on, string? until = null, bool promotion = false, OfferingDetails? offering = null) =>
        new("openai.gpt-4o", offering ?? Api, "gpt-4o", price, D(on), until is null ? null : D(until), promotion, Source);

    private static Offering Given(params RecordPriceObservation[] observations) =>
        observations.Aggregate((Offering?)null, (state, command) =>
            OfferingDecider.Decide(state, command, Threshold).Events.Aggregate(state, OfferingDecider.Evolve))!;

    [Fact]
    public void Given_no_offering_when_a_price_is_observed_then_it_is_listed()
    {
        var decision = OfferingDecider.Decide(null, Observe(Usd(5, 15), "2024-05-13"), Threshold);

        var listed = Assert.IsType<PriceListed>(Assert.Single(decision.Events));
        Assert.Equal(D("2024-05-13"), listed.Point.EffectiveOn);
        Assert.Equal(7.5m, listed.Point.Price.BlendedUsdPerMillion);
    }

    [Fact]
    public void Given_a_price_when_the_same_price_is_observed_again_later_then_nothing_is_stored()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(5, 15), "2024-05-13")), Observe(Usd(5, 15), "2024-07-01"), Threshold);

        Assert.Null(decision.Rejection);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_a_price_when_a_lower_one_is_observed_by_the_threshold_or_more_then_a_change_and_a_cut_are_recorded()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(5, 15), "2024-05-13")), Observe(Usd(2.5m, 10), "2024-08-06"), Threshold);

        Assert.Collection(
            decision.Events,
            e => Assert.Equal(-41.67m, Assert.IsType<PriceChanged>(e).ChangePercent),
            e =>
            {
                var cut = Assert.IsType<PriceCutDetected>(e);
                Assert.Equal(-41.67m, cut.Percent);
                Assert.Equal(Usd(5, 15), cut.From);
                Assert.Equal(Usd(2.5m, 10), cut.To);
                Assert.False(cut.ToFree);
            });
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(8.01, false)]
    public void A_cut_is_a_fall_of_at_least_the_threshold(decimal newPrice, bool cut)
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(10, 10), "2024-01-01")), Observe(Usd(newPrice, newPrice), "2024-02-01"), Threshold);

        Assert.IsType<PriceChanged>(decision.Events[0]);
        Assert.Equal(cut, decision.Events.OfType<PriceCutDetected>().Any());
    }

    [Fact]
    public void The_threshold_is_a_parameter()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(10, 10), "2024-01-01")), Observe(Usd(9, 9), "2024-02-01"), cutThresholdPercent: 10);

        Assert.Equal(-10m, Assert.Single(decision.Events.OfType<PriceCutDetected>()).Percent);
    }

    [Fact]
    public void A_rise_is_a_change_without_a_cut()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(1, 1), "2024-01-01")), Observe(Usd(2, 2), "2024-02-01"), Threshold);

        Assert.Equal(100m, Assert.IsType<PriceChanged>(Assert.Single(decision.Events)).ChangePercent);
    }

    [Fact]
    public void A_move_to_free_is_a_cut_to_free_and_introduces_free_access()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(1, 2), "2024-01-01")), Observe(Usd(0, 0), "2024-05-21"), Threshold);

        Assert.IsType<PriceChanged>(decision.Events[0]);
        var cut = Assert.Single(decision.Events.OfType<PriceCutDetected>());
        Assert.True(cut.ToFree);
        Assert.Equal(-100m, cut.Percent);
        Assert.Equal(D("2024-05-21"), Assert.Single(decision.Events.OfType<FreeAccessIntroduced>()).EffectiveOn);
    }

    [Fact]
    public void An_offering_listed_free_introduces_free_access_without_a_cut()
    {
        var decision = OfferingDecider.Decide(null, Observe(new Price("USD", null, null, null, 0, "capped messages", 1), "2024-05-13", offering: Api with { Kind = OfferingKind.FreeTier }), Threshold);

        Assert.Collection(decision.Events, e => Assert.IsType<PriceListed>(e), e => Assert.IsType<FreeAccessIntroduced>(e));
    }

    [Fact]
    public void A_plan_is_compared_by_its_monthly_fee()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Fee(20), "2024-01-01", offering: Plan)), Observe(Fee(10), "2024-06-01", offering: Plan), Threshold);

        Assert.Equal(-50m, Assert.Single(decision.Events.OfType<PriceCutDetected>()).Percent);
    }

    [Fact]
    public void A_promotion_records_its_end_and_the_list_price_that_returns()
    {
        var given = Given(Observe(Usd(4, 8), "2024-01-01"));

        var decision = OfferingDecider.Decide(given, Observe(Usd(1, 2), "2024-03-01", until: "2024-04-01", promotion: true), Threshold);

        var ended = Assert.Single(decision.Events.OfType<PromotionEnded>());
        Assert.Equal(D("2024-04-01"), ended.EndedOn);
        Assert.Equal(Usd(4, 8), ended.ListPriceReturns);
        var after = decision.Events.Aggregate((Offering?)given, OfferingDecider.Evolve)!;
        Assert.Equal(Usd(4, 8), PriceTimeline.AsOf(after.Timeline, D("2024-04-01"))?.Price);
    }

    [Fact]
    public void Given_a_price_that_ended_when_a_new_one_starts_that_day_then_it_is_compared_with_the_ended_one()
    {
        // P09 and P10: o3 at $10/$40 until 2025-06-10, then $2/$8 from that day: -80%.
        var given = Given(Observe(Usd(10, 40), "2025-04-16", until: "2025-06-10"));

        var decision = OfferingDecider.Decide(given, Observe(Usd(2, 8), "2025-06-10"), Threshold);

        Assert.Equal(-80m, Assert.IsType<PriceChanged>(decision.Events[0]).ChangePercent);
        Assert.Equal(-80m, Assert.Single(decision.Events.OfType<PriceCutDetected>()).Percent);
    }

    [Fact]
    public void Given_an_open_price_when_the_same_price_is_observed_with_an_end_date_then_it_is_closed_on_that_date()
    {
        var given = Given(Observe(Usd(1, 2), "2024-01-01"));

        var decision = OfferingDecider.Decide(given, Observe(Usd(1, 2), "2024-01-01", until: "2024-06-01"), Threshold);

        var closed = Assert.IsType<PriceClosed>(Assert.Single(decision.Events));
        Assert.Equal(D("2024-06-01"), closed.ClosedOn);
        var after = decision.Events.Aggregate((Offering?)given, OfferingDecider.Evolve)!;
        Assert.Null(PriceTimeline.AsOf(after.Timeline, D("2024-06-01")));
        Assert.Empty(OfferingDecider.Decide(after, Observe(Usd(1, 2), "2024-01-01", until: "2024-06-01"), Threshold).Events);
    }

    [Fact]
    public void A_back_dated_price_is_compared_with_the_price_in_force_on_its_date()
    {
        var given = Given(Observe(Usd(10, 10), "2024-01-01"), Observe(Usd(1, 1), "2024-06-01"));

        var decision = OfferingDecider.Decide(given, Observe(Usd(5, 5), "2024-03-01"), Threshold);

        Assert.Equal(-50m, Assert.IsType<PriceChanged>(decision.Events[0]).ChangePercent);
        var after = decision.Events.Aggregate((Offering?)given, OfferingDecider.Evolve)!;
        Assert.Equal([D("2024-01-01"), D("2024-03-01"), D("2024-06-01")], after.Timeline.Select(p => p.EffectiveOn));
    }

    [Fact]
    public void An_offering_keeps_its_kind()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(1, 1), "2024-01-01")), Observe(Fee(20), "2024-02-01", offering: Api with { Kind = OfferingKind.Subscription }), Threshold);

        Assert.Empty(decision.Events);
        Assert.Equal("offering-kind-fixed", decision.Rejection?.Rule);
    }

    [Fact]
    public void The_same_amounts_in_another_currency_are_a_change()
    {
        var decision = OfferingDecider.Decide(Given(Observe(Usd(1, 2), "2024-01-01")), Observe(Cny(1, 2), "2024-02-01"), Threshold);

        Assert.IsType<PriceChanged>(decision.Events[0]);
    }

    // Regressions found by OfferingDeciderProperties.

    [Fact]
    public void The_largest_amount_at_the_smallest_rate_converts_blends_and_compares_without_overflow()
    {
        // Before the bounds, an output price of decimal.MaxValue (or a rate of 1e-28 per dollar) threw OverflowException here.
        var huge = new Price("CNY", 0.14m, Price.MaxAmount, null, null, null, FxRateTable.MinUnitsPerUsd);

        var decision = OfferingDecider.Decide(Given(Observe(Usd(1, 2), "2024-01-01")), Observe(huge, "2024-02-01"), Threshold);

        Assert.True(Assert.IsType<PriceChanged>(Assert.Single(decision.Events)).ChangePercent > 0);
    }

    [Fact]
    public void A_price_on_the_first_day_of_the_calendar_is_a_change_from_no_price()
    {
        // Before the fix, looking for the price of the day before 0001-01-01 threw ArgumentOutOfRangeException.
        var decision = OfferingDecider.Decide(Given(Observe(Usd(1, 2), "2024-01-01")), Observe(Usd(2, 3), "0001-01-01"), Threshold);

        Assert.Null(Assert.IsType<PriceChanged>(Assert.Single(decision.Events)).Previous);
    }

    [Fact]
    public void A_list_price_starting_on_the_day_of_a_promotion_recorded_again_stores_nothing()
    {
        // Before the fix, the promotion shadowed the list price of its first day, so each re-import added that list price again.
        var promotion = Observe(Usd(0, 0), "2024-03-26", until: "2024-04-25", promotion: true);
        var list = Observe(Usd(1, 2), "2024-03-26");
        var given = Given(promotion, list);

        var again = OfferingDecider.Decide(given, list, Threshold);

        Assert.Null(again.Rejection);
        Assert.Empty(again.Events);
        Assert.Equal(Usd(0, 0), PriceTimeline.AsOf(given.Timeline, D("2024-03-26"))?.Price);
        Assert.Equal(Usd(1, 2), PriceTimeline.AsOf(given.Timeline, D("2024-04-25"))?.Price);
    }

    [Fact]
    public void An_amount_above_the_largest_a_price_may_state_is_refused_naming_its_field()
    {
        var validation = new Intelligence.Platform.Http.Validation();
        var body = new Features.RecordPriceObservation.ObservationBody(
            "OpenAI", "US", "GPT-4o", OfferingKind.Api, "gpt-4o", "USD", 0.14m, decimal.MaxValue, null, null, null, null, D("2024-05-13"), null, Source);

        Assert.Null(Features.RecordPriceObservation.Validate(body, Reference.Currencies.Iso4217, D("2026-11-30"), validation));
        Assert.Contains("outputPerMillion", validation.ToProblem().ProblemDetails.Errors.Keys);
    }
}
