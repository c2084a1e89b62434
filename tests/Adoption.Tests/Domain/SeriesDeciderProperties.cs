using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;
using Intelligence.Adoption.Domain;
using Intelligence.Platform.Domain;
using Intelligence.TestSupport;

using Step = Intelligence.TestSupport.DeciderStep<Intelligence.Adoption.Domain.Series, object, Intelligence.Adoption.Domain.ISeriesEvent>;

namespace Intelligence.Adoption.Tests.Domain;

/// <summary>
/// Properties of <see cref="SeriesDecider"/> over generated sequences of records, corrections and retractions in
/// one series: a few observation ids (so ids repeat), values around and far beyond the milestone thresholds.
/// </summary>
public sealed partial class SeriesDeciderProperties
{
    private const long Sequences = 1500;
    private static readonly SeriesKey Weekly = new(new Subject("chatgpt", "ChatGPT", SubjectKind.Product, "openai", "OpenAI"), Metric.WeeklyActiveUsers, "global");
    private static readonly DateOnly Around = new(2025, 1, 1);

    private static readonly Gen<Observation> Observations = Gen.Select(
        Gen.OneOf("A01", "A02", "A03", "A04"),
        Gen.Frequency((4, Gen.OneOf(0m, 50_000_000m, 100_000_000m, 400_000_000m, 999_999_999m, 1_000_000_000m)), (1, Gen.OneOf(-1m, 0.5m, ObservationRules.MaxUsers, decimal.MaxValue, decimal.MinValue))),
        Gen.Enum<Bound>(),
        Gen.Frequency((1, Gen.OneOf(DateOnly.MinValue, DateOnly.MaxValue)), (8, Gen.Int[-200, 200].Select(days => Around.AddDays(days)))),
        Gen.OneOf("https://example.org/a", string.Empty, "\0 🤖"),
        (id, value, bound, on, source) => new Observation(id, value, Unit.Users, bound, on, "week", MeasurementType.CompanyDisclosure, Confidence.High, source, null, null));

    private static readonly Gen<object> Commands = Gen.Frequency(
        (4, Observations.Select(observation => (object)new RecordObservation(Weekly, observation))),
        (3, Observations.Select(observation => (object)new CorrectObservation(observation.Id, observation with { Id = "ignored" }, "typo", "https://example.org/c"))),
        (1, Gen.OneOf("A01", "A02", "A05").Select(id => (object)new RetractObservation(id, "withdrawn", "https://example.org/r"))));

    private static readonly Gen<object[]> Histories = Gen.Select(
        Observations, Commands.Array[0, 25], (first, rest) => (object[])[new RecordObservation(Weekly, first), .. rest]);

    private static Decision<ISeriesEvent> Decide(Series? state, object command) => command switch
    {
        RecordObservation record => SeriesDecider.Decide(state, record, MilestoneThresholds.Default),
        CorrectObservation correct => SeriesDecider.Decide(state!, correct, MilestoneThresholds.Default),
        RetractObservation retract => SeriesDecider.Decide(state!, retract),
        _ => throw new UnreachableException(command.GetType().Name),
    };

    private static void Check(Action<List<Step>> property) => DeciderProperties.Check("adoption", Histories, Sequences, Decide, SeriesDecider.Evolve, property);

    private static bool SameSeries(Series? left, Series? right) =>
        left is null ? right is null : right is not null && left.Id == right.Id && left.Key == right.Key
            && left.Points.Count == right.Points.Count && left.Points.All(point => right.Points.TryGetValue(point.Key, out var other) && other == point.Value)
            && left.Milestones.SequenceEqual(right.Milestones);

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    [Fact]
    public void Decide_never_throws_and_a_rejection_stores_nothing_and_names_its_rule() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.Decision.Rejection is not null))
        {
            Assert.Empty(step.Decision.Events);
            Assert.Matches(KebabCase(), step.Decision.Rejection!.Rule);
            Assert.False(string.IsNullOrWhiteSpace(step.Decision.Rejection.Detail));
        }
    });

    [Fact]
    public void Folding_every_accepted_event_from_nothing_gives_the_state_built_step_by_step() => Check(steps =>
    {
        var rebuilt = steps.SelectMany(step => step.Decision.Events).Aggregate((Series?)null, SeriesDecider.Evolve);

        Assert.True(SameSeries(steps[^1].After, rebuilt));
        Assert.Equal(Weekly, rebuilt!.Key);
    });

    [Fact]
    public void Ids_are_unique_retracted_observations_stay_retracted_and_each_milestone_is_reached_once_by_an_observation_that_reaches_it() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.Before is not null))
        {
            switch (step.Command)
            {
                case RecordObservation record when step.Before!.Points.ContainsKey(record.Observation.Id):
                    Assert.Equal("observation-id-unique", step.Decision.Rejection?.Rule);
                    break;
                case CorrectObservation correct when step.Before!.Points.TryGetValue(correct.ObservationId, out var point) && point.Retracted:
                    Assert.Equal("observation-retracted", step.Decision.Rejection?.Rule);
                    break;
                case RetractObservation retract when step.Before!.Points.TryGetValue(retract.ObservationId, out var point) && point.Retracted:
                    Assert.Equal("observation-already-retracted", step.Decision.Rejection?.Rule);
                    break;
            }

            Assert.All(step.Before!.Points.Where(point => point.Value.Retracted), point => Assert.True(step.After!.Points[point.Key].Retracted));
        }

        var series = steps[^1].After!;
        Assert.Equal(series.Milestones.Select(m => m.Threshold).Distinct(), series.Milestones.Select(m => m.Threshold));
        Assert.All(steps.SelectMany(step => step.Decision.Events).OfType<MilestoneReached>(), reached =>
        {
            Assert.Contains(reached.Threshold, MilestoneThresholds.Default.For(Metric.WeeklyActiveUsers));
            Assert.True(reached.Value >= reached.Threshold);
        });
    });

    [Fact]
    public void A_correction_to_what_the_observation_already_says_stores_nothing() => Check(steps =>
    {
        var series = steps[^1].After!;
        foreach (var point in series.Points.Values.Where(point => !point.Retracted))
        {
            var again = SeriesDecider.Decide(series, new CorrectObservation(point.Observation.Id, point.Observation, "re-import", "https://example.org"), MilestoneThresholds.Default);

            Assert.Null(again.Rejection);
            Assert.Empty(again.Events);
        }
    });
}
