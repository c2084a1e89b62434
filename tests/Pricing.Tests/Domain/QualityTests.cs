using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>The quality axis: the score standing on a date, the score an offering takes, and the gap between the sides.</summary>
public sealed class QualityTests
{
    private static ScorePoint Point(string date, decimal score, long version = 1) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), score, "https://example.org/leaderboard", "high", null, null, version);

    [Fact]
    public void The_score_on_a_date_is_the_latest_measured_on_or_before_it()
    {
        IReadOnlyList<ScorePoint> points = [Point("2024-12-31", 1315), Point("2025-03-28", 1318)];

        Assert.Null(Quality.On(points, new DateOnly(2024, 12, 30)));
        Assert.Equal(1315, Quality.On(points, new DateOnly(2025, 3, 27))!.Score);
        Assert.Equal(1318, Quality.On(points, new DateOnly(2025, 3, 28))!.Score);
    }

    [Fact]
    public void A_redelivered_or_older_event_for_a_held_date_changes_nothing_and_a_later_one_corrects_it()
    {
        IReadOnlyList<ScorePoint> points = [Point("2025-02-04", 1316, version: 2)];

        Assert.Same(points, Quality.With(points, Point("2025-02-04", 1316, version: 2)));
        Assert.Same(points, Quality.With(points, Point("2025-02-04", 1300, version: 1)));
        Assert.Equal(1361, Assert.Single(Quality.With(points, Point("2025-02-04", 1361, version: 3))).Score);
        Assert.Equal(2, Quality.With(points, Point("2024-12-31", 1315, version: 1)).Count);
    }

    [Theory]
    [InlineData("Claude 3 Opus", "Claude 3 Opus", true)]
    [InlineData("Claude 3 Opus", "Claude 3 Haiku", false)]
    [InlineData("Gemini 1.5 Pro", "Gemini 1.5 Pro (<=128k)", true)]
    [InlineData("o1-mini", "o1-preview", false)]
    [InlineData("o1", "o1-preview", true)]
    [InlineData(null, "anything", true)]
    public void A_variants_score_fits_the_offerings_named_for_it(string? variant, string offering, bool fits) =>
        Assert.Equal(fits, Quality.Fits(variant, offering));

    [Fact]
    public void An_offering_takes_its_variants_history_else_its_releases_and_none_of_another_member()
    {
        var histories = new[] { ("Claude 3 Opus", 1249), ((string?)null, 1200) };
        var opusOnly = new[] { ("Claude 3 Opus", 1249) };

        Assert.Equal(1249, Quality.ForOffering(histories.Select(h => new Holder(h.Item1, h.Item2)), h => h.Variant, "Claude 3 Opus")!.Score);
        Assert.Equal(1200, Quality.ForOffering(histories.Select(h => new Holder(h.Item1, h.Item2)), h => h.Variant, "Claude 3 Haiku")!.Score);
        Assert.Null(Quality.ForOffering(opusOnly.Select(h => new Holder(h.Item1, h.Item2)), h => h.Variant, "Claude 3 Haiku"));
    }

    [Fact]
    public void The_gap_is_paid_minus_free_with_its_share_and_on_a_rating_scale_the_free_models_win_rate()
    {
        var free = new Standing("deepseek-r1", "DeepSeek-R1", null, "China", Openness.OpenWeights, Point("2025-02-04", 1361));
        var paid = new Standing("o1", "o1", null, "US", Openness.Paid, Point("2025-02-04", 1352));

        var (gap, relative, winRate) = Quality.Gap(free, paid, ratingScale: true);

        Assert.Equal(-9, gap);
        Assert.Equal(-0.0067m, relative);
        Assert.Equal(0.513m, winRate);
        Assert.Equal((null, null, null), Quality.Gap(null, paid, ratingScale: true));
        Assert.Null(Quality.Gap(free, paid, ratingScale: false).FreeWinRate);
    }

    [Fact]
    public void The_best_of_a_side_is_the_highest_score()
    {
        var standings = new[]
        {
            new Standing("a", null, null, null, Openness.Paid, Point("2025-01-01", 80)),
            new Standing("b", null, null, null, Openness.Paid, Point("2025-01-01", 91.8m)),
        };

        Assert.Equal("b", Quality.Best(standings)!.ModelId);
        Assert.Null(Quality.Best([]));
        Assert.Equal(new DateOnly(2024, 2, 29), Quality.MonthEnd(new DateOnly(2024, 2, 1)));
        Assert.Equal(new DateOnly(9999, 12, 31), Quality.MonthEnd(new DateOnly(9999, 12, 1)));
    }

    private sealed record Holder(string? Variant, decimal Score);
}
