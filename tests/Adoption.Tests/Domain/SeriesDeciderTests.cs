using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Tests.Domain;

/// <summary>Given past events, when a command, then new events (milestones among them), no events, or a named rejection.</summary>
public sealed class SeriesDeciderTests
{
    private const string Source = "https://openai.com/index/march-funding-updates/";
    private static readonly Subject ChatGpt = new("chatgpt", "ChatGPT", SubjectKind.Product, "openai", "OpenAI");
    private static readonly SeriesKey Weekly = new(ChatGpt, Metric.WeeklyActiveUsers, "global");
    private static readonly MilestoneThresholds Thresholds = MilestoneThresholds.Default;

    private static Observation Users(string id, decimal value, DateOnly on, Bound bound = Bound.Exact) =>
        new(id, value, Unit.Users, bound, on, "week", MeasurementType.CompanyDisclosure, Confidence.High, Source, null, null);

    private static Series Given(params ISeriesEvent[] history) => history.Aggregate((Series?)null, SeriesDecider.Evolve)!;

    private static ObservationRecorded Recorded(Observation observation) => new(Weekly.SeriesId, Weekly, observation);

    [Fact]
    public void Given_no_series_when_an_observation_below_every_threshold_is_recorded_then_only_it_is_recorded()
    {
        var observation = Users("A00", 50_000_000, new DateOnly(2023, 1, 31));

        var decision = SeriesDecider.Decide(null, new RecordObservation(Weekly, observation), Thresholds);

        Assert.Null(decision.Rejection);
        Assert.Equal(Recorded(observation), Assert.Single(decision.Events));
        Assert.Equal("chatgpt.weekly-active-users.global", Weekly.SeriesId);
    }

    [Fact]
    public void Given_a_series_when_an_observation_crosses_two_thresholds_then_both_milestones_follow_it_dated_by_it()
    {
        var series = Given(Recorded(Users("A05", 500_000_000, new DateOnly(2025, 3, 31))),
            new MilestoneReached(Weekly.SeriesId, Weekly, 100_000_000, "A05", new DateOnly(2025, 3, 31), 500_000_000, Source));
        var seven = Users("A06", 700_000_000, new DateOnly(2025, 8, 4), Bound.Approximate);

        var decision = SeriesDecider.Decide(series, new RecordObservation(Weekly, seven), new MilestoneThresholds(
            [KeyValuePair.Create(Metric.WeeklyActiveUsers, (IEnumerable<decimal>)[100_000_000, 600_000_000, 700_000_000, 800_000_000])]));

        Assert.Collection(
            decision.Events,
            e => Assert.Equal(Recorded(seven), e),
            e => Assert.Equal(new MilestoneReached(Weekly.SeriesId, Weekly, 600_000_000, "A06", new DateOnly(2025, 8, 4), 700_000_000, Source), e),
            e => Assert.Equal(new MilestoneReached(Weekly.SeriesId, Weekly, 700_000_000, "A06", new DateOnly(2025, 8, 4), 700_000_000, Source), e));
    }

    [Fact]
    public void Given_a_milestone_reached_when_a_higher_value_below_the_next_threshold_arrives_then_no_milestone_repeats()
    {
        var decision = SeriesDecider.Decide(Given(Recorded(Users("A01", 100_000_000, new DateOnly(2023, 11, 6))),
                new MilestoneReached(Weekly.SeriesId, Weekly, 100_000_000, "A01", new DateOnly(2023, 11, 6), 100_000_000, Source)),
            new RecordObservation(Weekly, Users("A01b", 180_000_000, new DateOnly(2024, 5, 1))), Thresholds);

        Assert.IsType<ObservationRecorded>(Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_no_series_when_a_figure_is_in_a_unit_kept_as_other_then_it_is_recorded_and_reaches_no_milestone_in_users()
    {
        var inAccounts = Users("A00", 900_000_000, new DateOnly(2025, 1, 31)) with { Unit = Unit.Other, UnitLabel = "accounts" };

        var decision = SeriesDecider.Decide(null, new RecordObservation(Weekly, inAccounts), Thresholds);

        Assert.Equal(Recorded(inAccounts), Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_a_series_of_an_other_metric_when_its_first_observation_is_recorded_then_its_label_is_in_the_series_and_no_threshold_applies()
    {
        var paid = new SeriesKey(ChatGpt, Metric.Other, "southeast-asia", "paid subscribers", "Southeast Asia");
        var observation = Users("P01", 2_000_000_000, new DateOnly(2025, 4, 30)) with { Unit = Unit.Other, UnitLabel = "subscribers" };

        var decision = SeriesDecider.Decide(null, new RecordObservation(paid, observation), Thresholds);

        var recorded = Assert.IsType<ObservationRecorded>(Assert.Single(decision.Events));
        Assert.Equal("chatgpt.paid-subscribers.southeast-asia", recorded.SeriesId);
        Assert.Equal(paid, SeriesDecider.Evolve(null, recorded)!.Key);
        Assert.Empty(Thresholds.For(Metric.Other));
    }

    [Fact]
    public void Given_a_recorded_observation_when_the_same_figure_comes_with_another_unit_label_then_the_unit_is_corrected()
    {
        var first = Users("A00", 5, new DateOnly(2025, 1, 31)) with { Unit = Unit.Other, UnitLabel = "million users" };
        var series = Given(Recorded(first));

        var decision = SeriesDecider.Decide(series, new CorrectObservation("A00", first with { UnitLabel = "million accounts" }, "relabelled", Source), Thresholds);

        Assert.Equal(["unit"], Assert.IsType<ObservationCorrected>(Assert.Single(decision.Events)).CorrectedFields);
    }

    [Fact]
    public void Given_an_upper_bound_when_it_names_a_value_beyond_a_threshold_then_it_proves_no_milestone()
    {
        var decision = SeriesDecider.Decide(null, new RecordObservation(Weekly, Users("X", 150_000_000, new DateOnly(2024, 1, 1), Bound.AtMost)), Thresholds);

        Assert.IsType<ObservationRecorded>(Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_a_rank_threshold_when_the_rank_reaches_it_then_the_milestone_is_for_the_lower_number()
    {
        var ranks = new SeriesKey(new Subject("deepseek", "DeepSeek", SubjectKind.Product, "deepseek", "DeepSeek"), Metric.AppStoreRank, "US");
        var first = new Observation("A09", 1, Unit.Rank, Bound.Exact, new DateOnly(2025, 1, 26), "day", MeasurementType.Ranking, Confidence.High, Source, "#1 (from #31)", null);

        var decision = SeriesDecider.Decide(null, new RecordObservation(ranks, first), new MilestoneThresholds(
            [KeyValuePair.Create(Metric.AppStoreRank, (IEnumerable<decimal>)[1, 10])]));

        Assert.Equal([10m, 1m], decision.Events.OfType<MilestoneReached>().Select(m => m.Threshold).OrderDescending());
    }

    [Fact]
    public void Given_an_observation_when_its_id_is_recorded_again_then_observation_id_unique_refuses_it()
    {
        var decision = SeriesDecider.Decide(Given(Recorded(Users("A01", 100_000_000, new DateOnly(2023, 11, 6)))),
            new RecordObservation(Weekly, Users("A01", 100_000_000, new DateOnly(2023, 11, 6))), Thresholds);

        Assert.Empty(decision.Events);
        Assert.Equal("observation-id-unique", decision.Rejection?.Rule);
    }

    [Fact]
    public void Given_an_observation_when_corrected_to_the_same_facts_then_nothing_is_recorded()
    {
        var observation = Users("A01", 100_000_000, new DateOnly(2023, 11, 6));

        var decision = SeriesDecider.Decide(Given(Recorded(observation)), new CorrectObservation("A01", observation, "re-read", Source), Thresholds);

        Assert.Null(decision.Rejection);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_an_observation_when_its_value_is_corrected_then_the_correction_names_the_fields_and_may_cross_a_threshold()
    {
        var series = Given(Recorded(Users("A02", 20_000_000, new DateOnly(2024, 8, 29))));

        var decision = SeriesDecider.Decide(series, new CorrectObservation("A02", Users("A02", 200_000_000, new DateOnly(2024, 8, 29)), "a zero was dropped", Source), Thresholds);

        var corrected = Assert.IsType<ObservationCorrected>(decision.Events[0]);
        Assert.Equal(["value"], corrected.CorrectedFields);
        Assert.Equal([100_000_000m, 200_000_000m], decision.Events.OfType<MilestoneReached>().Select(m => m.Threshold));
        var after = decision.Events.Aggregate((Series?)series, SeriesDecider.Evolve)!;
        Assert.Equal(1, after.Points["A02"].Corrections);
        Assert.Equal(200_000_000, after.Latest()!.Value);
    }

    [Fact]
    public void Given_an_observation_when_retracted_then_it_stays_marked_and_no_longer_counts()
    {
        var series = Given(Recorded(Users("A01", 100_000_000, new DateOnly(2023, 11, 6))), Recorded(Users("A02", 200_000_000, new DateOnly(2024, 8, 29))));

        var decision = SeriesDecider.Decide(series, new RetractObservation("A02", "the source withdrew it", Source));

        var retracted = Assert.IsType<ObservationRetracted>(Assert.Single(decision.Events));
        Assert.Equal(new DateOnly(2024, 8, 29), retracted.ObservedOn);
        var after = SeriesDecider.Evolve(series, retracted)!;
        Assert.True(after.Points["A02"].Retracted);
        Assert.Equal("A01", after.Latest()!.Id);
        Assert.Equal("A01", after.AsOf(new DateOnly(2025, 1, 1))!.Id);
    }

    [Fact]
    public void Given_a_retracted_observation_when_retracted_or_corrected_again_then_the_rules_refuse_it()
    {
        var series = Given(Recorded(Users("A01", 100_000_000, new DateOnly(2023, 11, 6))),
            new ObservationRetracted(Weekly.SeriesId, Weekly, "A01", new DateOnly(2023, 11, 6), "withdrawn", Source));

        Assert.Equal("observation-already-retracted", SeriesDecider.Decide(series, new RetractObservation("A01", "again", Source)).Rejection?.Rule);
        Assert.Equal("observation-retracted", SeriesDecider.Decide(series, new CorrectObservation("A01", Users("A01", 1, new DateOnly(2023, 11, 6)), "fix", Source), Thresholds).Rejection?.Rule);
    }

    [Fact]
    public void Growth_between_100M_and_800M_over_700_days_is_700_percent_and_about_196_percent_a_year()
    {
        var growth = Growth.Between(Users("A01", 100_000_000, new DateOnly(2023, 11, 6)), Users("A07", 800_000_000, new DateOnly(2025, 10, 6)));

        Assert.Equal(700, growth.Days);
        Assert.Equal(700_000_000, growth.Absolute);
        Assert.Equal(700, growth.Percent);
        Assert.InRange(growth.AnnualisedPercent!.Value, 195.9, 196.0);
    }

    [Fact]
    public void Growth_ten_fold_overnight_has_a_percent_but_no_annualised_rate_as_none_is_a_number()
    {
        var growth = Growth.Between(Users("a", 100_000, new DateOnly(2025, 3, 3)), Users("b", 1_000_000, new DateOnly(2025, 3, 4)));

        Assert.Equal(900, growth.Percent);
        Assert.Null(growth.AnnualisedPercent);
    }

    [Fact]
    public void Growth_from_zero_has_no_percent()
    {
        var growth = Growth.Between(Users("a", 0, new DateOnly(2024, 1, 1)), Users("b", 10, new DateOnly(2024, 2, 1)));

        Assert.Null(growth.Percent);
        Assert.Null(growth.AnnualisedPercent);
    }
}
