using Intelligence.Regulation.Domain;
using static Intelligence.Regulation.Tests.Domain.Given;

namespace Intelligence.Regulation.Tests.Domain;

/// <summary>
/// Steps that set no status: a proposal to amend the measure (pending until an amendment names it) and an event no
/// step names (kept with the source's label). Given a history, when one is recorded, then the events and the status as of dates.
/// </summary>
public sealed class OpenLifecycleTests
{
    private static readonly TimelineEntry Omnibus = new(
        LifecycleStep.AmendmentProposed,
        Day("2025-11-19"),
        "COM(2025) 836",
        LinkedMeasureId: "eu-omnibus",
        StepLabel: "proposed",
        LinkedTitle: "Digital Omnibus on AI");

    private static readonly TimelineEntry Consultation = new(LifecycleStep.Other, Day("2025-04-09"), "https://digital-strategy.ec.europa.eu/consultation", StepLabel: "consultation launched");

    /// <summary>The AI Act as it stands: adopted, in force, applying in stages.</summary>
    private static Measure AiActInForce() => History(
        Fact(LifecycleStep.Adopted, "2024-07-12"),
        Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"),
        Fact(LifecycleStep.ApplicationStarted, "2025-08-02") with { Stage = "GPAI obligations" });

    [Fact]
    public void Given_a_measure_in_force_when_an_amendment_is_proposed_then_it_is_recorded_with_the_proposal_and_the_status_does_not_change()
    {
        var measure = AiActInForce();

        var decision = MeasureDecider.Decide(measure, Record(Omnibus));

        var proposed = Assert.IsType<MeasureAmendmentProposed>(Assert.Single(decision.Events));
        Assert.Equal(("eu-omnibus", "Digital Omnibus on AI", "proposed"), (proposed.ProposalId, proposed.ProposalTitle, proposed.StepLabel));
        Assert.Equal(Omnibus, proposed.ToEntry());
        var after = MeasureDecider.Evolve(measure, proposed)!;
        var status = Lifecycle.AsOf(after.Timeline, Day("2025-12-31"));
        Assert.Equal((MeasureStatus.InForce, Day("2024-08-01"), LifecycleStep.EnteredIntoForce), (status.Status, status.Since!.Value, status.SinceStep!.Value));
    }

    [Theory]
    [InlineData("2025-11-18", new string[0])]
    [InlineData("2025-11-19", new[] { "eu-omnibus" })]
    [InlineData("2026-03-01", new[] { "eu-omnibus", "eu-simplification" })]
    [InlineData("2026-06-30", new[] { "eu-simplification" })]
    public void A_proposed_amendment_is_pending_from_its_date_until_an_amendment_names_it(string date, string[] pending)
    {
        var measure = History(
            Fact(LifecycleStep.Adopted, "2024-07-12"),
            Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"),
            Omnibus,
            Omnibus with { On = Day("2026-02-01"), LinkedMeasureId = "eu-simplification", LinkedTitle = "Another simplification" },
            Fact(LifecycleStep.Amended, "2026-06-30"));

        var status = Lifecycle.AsOf(measure.Timeline, Day(date));

        Assert.Equal(pending, status.PendingAmendments.Select(entry => entry.LinkedMeasureId));
        Assert.Equal(MeasureStatus.InForce, status.Status);
    }

    public static TheoryData<MeasureStatus, string> ProposalRefusals() => new()
    {
        { MeasureStatus.Proposed, "amendment-proposal-requires-adoption" },
        { MeasureStatus.Agreed, "amendment-proposal-requires-adoption" },
        { MeasureStatus.Revoked, "measure-revoked" },
        { MeasureStatus.Vetoed, "measure-vetoed" },
        { MeasureStatus.Lifted, "measure-lifted" },
    };

    [Theory]
    [MemberData(nameof(ProposalRefusals))]
    public void Given_a_measure_not_adopted_or_ended_when_an_amendment_is_proposed_then_the_rule_refuses_it(MeasureStatus given, string rule)
    {
        var decision = MeasureDecider.Decide(In(given), Record(Omnibus with { On = Day("2024-06-01") }));

        Assert.Empty(decision.Events);
        Assert.Equal(rule, decision.Rejection?.Rule);
    }

    [Fact]
    public void Given_an_adopted_measure_when_an_amendment_is_proposed_before_its_adoption_then_the_date_rule_refuses_it()
    {
        var decision = MeasureDecider.Decide(AiActInForce(), Record(Omnibus with { On = Day("2024-07-01") }));

        Assert.Equal("amendment-proposed-before-entered-into-force", decision.Rejection?.Rule);
    }

    [Fact]
    public void Two_proposals_on_one_day_are_two_events_and_the_same_proposal_again_is_none()
    {
        var measure = History(Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"), Omnibus);

        var another = MeasureDecider.Decide(measure, Record(Omnibus with { LinkedMeasureId = "eu-simplification" }));
        var again = MeasureDecider.Decide(measure, Record(Omnibus with { Source = "another copy" }));

        Assert.Single(another.Events);
        Assert.Null(again.Rejection);
        Assert.Empty(again.Events);
    }

    [Theory]
    [InlineData(MeasureStatus.Proposed)]
    [InlineData(MeasureStatus.InForce)]
    [InlineData(MeasureStatus.Suspended)]
    [InlineData(MeasureStatus.Revoked)]
    [InlineData(MeasureStatus.Vetoed)]
    public void Given_any_status_when_an_event_no_step_names_is_recorded_then_it_is_kept_with_its_label_and_the_status_does_not_change(MeasureStatus given)
    {
        var measure = In(given);
        var before = Lifecycle.Latest(measure.Timeline);

        // Dated before the step that set the status: an event that sets none cannot contradict it.
        var decision = MeasureDecider.Decide(measure, Record(Consultation with { On = Day("2020-01-01") }));

        var other = Assert.IsType<MeasureOtherStepRecorded>(Assert.Single(decision.Events));
        Assert.Equal("consultation launched", other.StepLabel);
        var after = MeasureDecider.Evolve(measure, other)!;
        Assert.Contains(after.Timeline, entry => entry is { Step: LifecycleStep.Other, StepLabel: "consultation launched" });
        var now = Lifecycle.Latest(after.Timeline);
        Assert.Equal((before.Status, before.Since, before.SinceStep), (now.Status, now.Since, now.SinceStep));
    }

    [Fact]
    public void Given_no_measure_when_an_event_no_step_names_comes_first_then_the_measure_has_no_status_until_a_step_sets_one()
    {
        var first = MeasureDecider.Decide(null, Record(Consultation));
        var measure = MeasureDecider.Evolve(null, Assert.Single(first.Events))!;

        var proposed = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.Proposed, "2025-05-01")));

        Assert.Equal(MeasureStatus.None, Lifecycle.Latest(measure.Timeline).Status);
        Assert.Null(Lifecycle.Latest(measure.Timeline).Since);
        var after = MeasureDecider.Evolve(measure, Assert.Single(proposed.Events))!;
        Assert.Equal((MeasureStatus.Proposed, Day("2025-05-01")), (Lifecycle.Latest(after.Timeline).Status, Lifecycle.Latest(after.Timeline).Since!.Value));
        Assert.Equal([LifecycleStep.Other, LifecycleStep.Proposed], Lifecycle.InDateOrder(after.Timeline).Select(entry => entry.Step));
    }

    [Fact]
    public void Two_events_no_step_names_on_one_day_are_told_apart_by_their_labels_whatever_their_case()
    {
        var measure = History(Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"), Consultation);

        var sameInOtherCase = MeasureDecider.Decide(measure, Record(Consultation with { StepLabel = "Consultation Launched" }));
        var another = MeasureDecider.Decide(measure, Record(Consultation with { StepLabel = "court challenge filed" }));

        Assert.Empty(sameInOtherCase.Events);
        Assert.Single(another.Events);
    }

    private static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
