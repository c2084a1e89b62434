using System.Text.Json;
using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Features;

namespace Intelligence.Gateway.Tests;

/// <summary>The pure arithmetic and merging of the composed read models, without any service.</summary>
public sealed class CompositionLogicTests
{
    private static readonly OrganizationCard Lab = new("deep-lab", "Deep Lab", "CN");

    private static ModelCard Model(string id, string bloc, string[] countries, string releasedOn, bool open = false, string free = "no") =>
        new(id, id, Lab, countries, bloc, DateOnly.Parse(releasedOn, System.Globalization.CultureInfo.InvariantCulture), open, "MIT", free, true, "https://example.org", null);

    private static AdoptionObservation Observation(string id, string metric, string region, decimal value, string on, string bloc = "China", params string[] countries) =>
        new(id, $"s.{metric}.{region}", new AdoptionSubject("s", "S", "product", new SubjectLink("model", bloc, countries, [])), metric, "users", region, value, "exact",
            DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), "https://example.org");

    private static PriceQuote Usd(decimal blended) => new("USD", blended, blended, null, blended, null);

    [Fact]
    public void Shares_are_zero_to_one_with_four_decimals_and_null_of_nothing()
    {
        Assert.Equal(0.6667, Figures.Share(2, 3));
        Assert.Null(Figures.Share(0, 0));
    }

    [Fact]
    public void Windows_after_a_release_start_the_next_day_and_the_trailing_year_ends_on_the_date()
    {
        Assert.Equal((new DateOnly(2025, 1, 21), new DateOnly(2025, 4, 20)), Figures.After(new DateOnly(2025, 1, 20), 90));
        Assert.Equal((new DateOnly(2024, 7, 1), new DateOnly(2025, 6, 30)), Figures.TrailingYear(new DateOnly(2025, 6, 30)));
        Assert.Equal((DateOnly.MinValue, new DateOnly(1, 6, 30)), Figures.TrailingYear(new DateOnly(1, 6, 30)));
        Assert.Equal((new DateOnly(1, 1, 2), new DateOnly(2, 1, 1)), Figures.TrailingYear(new DateOnly(2, 1, 1)));
    }

    [Fact]
    public void Measures_target_every_model_through_general_tags_and_open_weight_models_also_through_open_source_tags()
    {
        Assert.Equal(["frontier-models"], ModelTargeting.Matching(["frontier-models", "chips-and-hardware"], openWeights: false));
        Assert.Equal(["ai-systems", "open-source"], ModelTargeting.Matching(["ai-systems", "open-source"], openWeights: true));
        Assert.Empty(ModelTargeting.Matching(["open-source", "model-weights", "foreign-ai-apps"], openWeights: false));
    }

    [Fact]
    public void Others_are_providers_that_are_not_the_models_organization_by_id_or_name()
    {
        Assert.False(Others.IsOther("Deep Lab", Lab));
        Assert.False(Others.IsOther("deep-lab", Lab));
        Assert.True(Others.IsOther("Together AI", Lab));
    }

    [Fact]
    public void Latest_adoption_per_metric_and_region()
    {
        var latest = AdoptionFigures.LatestPerMetricAndRegion(
        [
            Observation("a", "monthly-active-users", "global", 10, "2025-01-31"),
            Observation("b", "monthly-active-users", "global", 8, "2025-02-28"),
            Observation("c", "weekly-active-users", "global", 12, "2025-01-31"),
            Observation("d", "registered-users", "global", 99, "2025-01-31"),
        ]);

        Assert.Equal(["b", "d", "c"], latest.Select(o => o.Id)); // by metric, then region; February's 8 replaces January's 10
    }

    [Fact]
    public void Other_metrics_stay_apart_by_label_and_unit()
    {
        var latest = AdoptionFigures.LatestPerMetricAndRegion(
        [
            Observation("p", "other", "global", 20, "2025-05-31") with { MetricLabel = "paid subscribers", Unit = "other", UnitLabel = "subscribers" },
            Observation("e", "other", "global", 3, "2025-06-30") with { MetricLabel = "enterprise customers", Unit = "other", UnitLabel = "customers" },
            Observation("w", "weekly-active-users", "global", 900, "2025-06-30") with { Unit = "other", UnitLabel = "accounts" },
            Observation("u", "weekly-active-users", "global", 800, "2025-05-31"),
        ]);

        Assert.Equal(["e", "p", "w", "u"], latest.Select(o => o.Id)); // two other metrics, and weekly users in two units: four figures
    }

    [Fact]
    public void The_landscape_joins_the_counted_parts_by_group_and_leaves_a_missing_part_null()
    {
        var groups = Landscape.Compose(
            [new ReleasedInGroup("CN", 2, 1, 1), new ReleasedInGroup("SG", 1, 0, 0)],
            null,
            [new GroupHeadline("CN", Observation("o", "monthly-active-users", "global", 5, "2025-01-31", "China", "CN"))],
            [new InForceCount("US", 2, new Dictionary<string, int> { ["restrictive"] = 1, ["promotional"] = 1 })]);

        Assert.Equal(["CN", "SG", "US"], groups.Select(g => g.Name));
        var cn = groups[0];
        Assert.Equal(new Landscape.ReleaseFigures(2, 1, 0.5, 1, 0.5), cn.Releases);
        Assert.Null(cn.Prices);
        Assert.Equal(5m, cn.Adoption!.Value);
        Assert.Equal(0, cn.Measures!.InForce);
        var us = groups[2];
        Assert.Equal(2, us.Measures!.InForce);
        Assert.Equal(["promotional", "restrictive"], us.Measures.ByDirection.Keys);
        Assert.Equal(0, us.Releases!.Released);
        Assert.Null(us.Releases.OpenWeightShare);
    }

    [Fact]
    public void The_timeline_orders_by_date_then_kind_then_id()
    {
        var details = JsonSerializer.SerializeToElement(new { });
        var merged = Timeline.Merge(
        [
            [new Timeline.Fact(new DateOnly(2025, 1, 2), "adoption", "adoption", "x", "x", null, details)],
            [new Timeline.Fact(new DateOnly(2025, 1, 2), "release", "releases", "y", "y", null, details), new Timeline.Fact(new DateOnly(2025, 1, 1), "price", "pricing", "z", "z", null, details)],
        ]);

        Assert.Equal(["z", "y", "x"], merged.Select(f => f.Id));
    }

    [Fact]
    public void A_timeline_with_a_cut_feed_ends_before_the_first_day_that_feed_may_miss_and_says_where_to_read_on()
    {
        var details = JsonSerializer.SerializeToElement(new { });
        Timeline.Fact Fact(string kind, int day) => new(new DateOnly(2025, 1, day), kind, kind, $"{kind}-{day}", "t", null, details);
        var releases = new Timeline.Feed([Fact("release", 1), Fact("release", 2), Fact("release", 3)], More: true);
        var prices = new Timeline.Feed([Fact("price", 1), Fact("price", 3), Fact("price", 5)], More: false);

        var (facts, next) = Timeline.Cut([releases, prices], new DateOnly(2025, 1, 31));
        Assert.Equal(["release-1", "price-1", "release-2"], facts.Select(f => f.Id)); // day 3 may hold more releases
        Assert.Equal(new DateOnly(2025, 1, 3), next);

        var (whole, none) = Timeline.Cut([releases with { More = false }, prices], new DateOnly(2025, 1, 31));
        Assert.Equal(6, whole.Count);
        Assert.Null(none);

        var (firstDay, after) = Timeline.Cut([new Timeline.Feed([Fact("release", 1), Fact("release", 1)], More: true)], new DateOnly(2025, 1, 31));
        Assert.Equal(2, firstDay.Count); // a first day of more than a page shows what came, and the read goes on the day after
        Assert.Equal(new DateOnly(2025, 1, 2), after);
    }

    [Fact]
    public void Disruption_keeps_others_moves_with_days_after_release()
    {
        var model = Model("r1", "China", ["CN"], "2025-01-20");
        PriceMove Move(string provider, string on, decimal? from, decimal? to, decimal? percent) =>
            new(DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), $"{provider}.x", provider, "US", "x", "api", "m", null, "US",
                from is null ? null : Usd(from.Value), to is null ? null : Usd(to.Value), percent, false, "https://example.org");

        var moves = Disruption.Of(model, [Move("Deep Lab", "2025-01-25", 2, 1, -50), Move("Rival", "2025-02-01", 10, 0, null), Move("Other", "2025-01-30", 4, 5, 25)]);

        Assert.Equal([("Other", 10), ("Rival", 12)], moves.Select(m => (m.Provider, m.DaysAfterRelease)));
    }
}
