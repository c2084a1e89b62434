using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Tests.Domain;

/// <summary>
/// A figure must fit its metric's unit, or the unit it states; a unit kept as other is held to no known unit's rule;
/// a missing figure is never zero.
/// </summary>
public sealed class ObservationRulesTests
{
    public static TheoryData<Metric, Unit?, decimal?, string?> Figures() => new()
    {
        { Metric.WeeklyActiveUsers, Unit.Users, 800_000_000m, null },
        { Metric.WeeklyActiveUsers, null, 0m, null },
        { Metric.WeeklyActiveUsers, Unit.Users, -1m, "value" },
        { Metric.WeeklyActiveUsers, Unit.Users, 1.5m, "value" },
        { Metric.WeeklyActiveUsers, Unit.Users, 20_000_000_000m, "value" },
        { Metric.WeeklyActiveUsers, Unit.Percent, 10m, "unit" },
        { Metric.MonthlyActiveUsers, Unit.Users, null, "value" },
        { Metric.ShareOfWorkingAgePopulation, Unit.Percent, 64m, null },
        { Metric.ShareOfWorkingAgePopulation, Unit.Percent, 100m, null },
        { Metric.ShareOfUsers, Unit.Percent, 100.1m, "value" },
        { Metric.ShareOfTokens, Unit.Percent, -0.5m, "value" },
        { Metric.ShareOfUsers, Unit.Users, 89m, "unit" },
        { Metric.AppStoreRank, Unit.Rank, 1m, null },
        { Metric.AppStoreRank, Unit.Rank, 0m, "value" },
        { Metric.AppStoreRank, Unit.Rank, 2.5m, "value" },
        { Metric.CumulativeDownloads, Unit.Downloads, 2_600_000m, null },
        { Metric.CumulativeDownloads, Unit.Users, 2_600_000m, "unit" },
        { Metric.RegisteredUsers, Unit.Users, 200_000_000m, null },
        { Metric.MonthlyActiveUsers, Unit.Other, 1.5m, null },
        { Metric.Other, Unit.Other, -3m, null },
        { Metric.Other, null, 12m, null },
        { Metric.Other, Unit.Percent, 140m, "value" },
        { Metric.Other, Unit.Users, -1m, "value" },
        { Metric.Other, Unit.Other, null, "value" },
    };

    [Theory]
    [MemberData(nameof(Figures))]
    public void A_figure_fits_its_metric_or_names_the_field_it_breaks(Metric metric, Unit? unit, decimal? value, string? brokenField)
    {
        var broken = ObservationRules.Check(metric, unit, value);

        if (brokenField is null)
        {
            Assert.Empty(broken);
        }
        else
        {
            Assert.Contains(broken, b => b.Field == brokenField);
        }
    }

    [Fact]
    public void A_missing_value_says_it_is_kept_as_a_note_not_zero()
    {
        var broken = Assert.Single(ObservationRules.Check(Metric.ShareOfUsers, Unit.Percent, null));

        Assert.Contains("never stored as zero", broken.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A01", true)]
    [InlineData("obs-2025.10_06", true)]
    [InlineData("", false)]
    [InlineData("-A01", false)]
    [InlineData("A 01", false)]
    [InlineData("A01/x", false)]
    public void Observation_ids_are_letters_digits_dots_underscores_and_hyphens(string id, bool valid) =>
        Assert.Equal(valid, ObservationRules.IsObservationId(id));
}
