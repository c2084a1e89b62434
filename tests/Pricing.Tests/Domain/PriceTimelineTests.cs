using Intelligence.Pricing.Domain;
using static Intelligence.Pricing.Tests.Domain.Prices;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>As-of over hand-checked timelines: the reference file's GPT-4o and DeepSeek rows.</summary>
public sealed class PriceTimelineTests
{
    // P03 and P05: GPT-4o at $5/$15 from 2024-05-13, cut to $2.50/$10 on 2024-08-06.
    private static readonly IReadOnlyList<PricePoint> Gpt4o = [Point("2024-05-13", Usd(5, 15)), Point("2024-08-06", Usd(2.5m, 10))];

    // P27 and P28: DeepSeek-V3 promotion at $0.14/$0.28 from 2024-12-26 to 2025-02-08, then $0.27/$1.10 until 2025-09-29.
    private static readonly IReadOnlyList<PricePoint> DeepSeekV3 =
        [Point("2024-12-26", Usd(0.14m, 0.28m), until: "2025-02-08", promotion: true), Point("2025-02-08", Usd(0.27m, 1.1m), until: "2025-09-29")];

    [Theory]
    [InlineData("2024-05-12", null)]
    [InlineData("2024-05-13", "7.5")]
    [InlineData("2024-08-05", "7.5")]
    [InlineData("2024-08-06", "4.375")]
    [InlineData("2026-01-01", "4.375")]
    public void Gpt4o_as_of_a_date_is_the_latest_price_on_or_before_it(string date, string? blended)
    {
        var point = PriceTimeline.AsOf(Gpt4o, D(date));

        Assert.Equal(blended is null ? null : decimal.Parse(blended, System.Globalization.CultureInfo.InvariantCulture), point?.Price.BlendedUsdPerMillion);
    }

    [Theory]
    [InlineData("2024-12-25", null)]
    [InlineData("2024-12-26", "0.175")]
    [InlineData("2025-02-07", "0.175")]
    [InlineData("2025-02-08", "0.4775")]
    [InlineData("2025-09-28", "0.4775")]
    [InlineData("2025-09-29", null)]
    public void DeepSeek_v3_as_of_a_date_follows_the_promotion_the_list_price_and_its_end(string date, string? blended)
    {
        var point = PriceTimeline.AsOf(DeepSeekV3, D(date));

        Assert.Equal(blended is null ? null : decimal.Parse(blended, System.Globalization.CultureInfo.InvariantCulture), point?.Price.BlendedUsdPerMillion);
    }

    [Fact]
    public void When_a_promotion_ends_the_list_price_in_force_before_it_returns()
    {
        IReadOnlyList<PricePoint> timeline = [Point("2024-01-01", Usd(4, 8)), Point("2024-03-01", Usd(1, 2), until: "2024-04-01", promotion: true)];

        Assert.Equal(Usd(4, 8), PriceTimeline.AsOf(timeline, D("2024-02-29"))?.Price);
        Assert.Equal(Usd(1, 2), PriceTimeline.AsOf(timeline, D("2024-03-31"))?.Price);
        Assert.Equal(Usd(4, 8), PriceTimeline.AsOf(timeline, D("2024-04-01"))?.Price);
    }

    [Fact]
    public void A_list_price_with_an_end_date_leaves_no_price_after_it_rather_than_an_older_one()
    {
        IReadOnlyList<PricePoint> timeline = [Point("2024-01-01", Usd(4, 8)), Point("2024-03-01", Usd(2, 4), until: "2024-06-01")];

        Assert.Null(PriceTimeline.AsOf(timeline, D("2024-06-01")));
    }

    [Fact]
    public void Inserting_keeps_date_order_and_puts_a_point_after_those_of_its_date()
    {
        var first = Point("2024-05-01", Usd(1, 1));
        var sameDay = Point("2024-05-01", Usd(2, 2));
        var earlier = Point("2024-01-01", Usd(3, 3));

        var timeline = PriceTimeline.Insert(PriceTimeline.Insert([first], sameDay), earlier);

        Assert.Equal([earlier, first, sameDay], timeline);
        Assert.Equal(sameDay, PriceTimeline.AsOf(timeline, D("2024-05-01")));
    }

    [Fact]
    public void The_blended_price_weighs_input_three_to_output_one_in_usd_at_the_rate_of_its_date()
    {
        // P22: DeepSeek-V2 at 1 / 2 CNY per million tokens, at the reference file's 7.2 CNY per USD.
        var price = Cny(1, 2);

        Assert.Equal(0.138889m, price.InputUsdPerMillion);
        Assert.Equal(0.277778m, price.OutputUsdPerMillion);
        Assert.Equal(0.173611m, price.BlendedUsdPerMillion);
        Assert.Equal(4.375m, Usd(2.5m, 10).BlendedUsdPerMillion);
    }

    [Fact]
    public void The_percentage_change_is_of_the_comparable_price_and_undefined_from_zero()
    {
        Assert.Equal(-41.67m, PriceTimeline.ChangePercent(7.5m, 4.375m));
        Assert.Equal(172.86m, PriceTimeline.ChangePercent(0.175m, 0.4775m));
        Assert.Null(PriceTimeline.ChangePercent(0m, 1m));
    }
}
