using CsCheck;
using Intelligence.Regulation.Domain;
using Intelligence.TestSupport;

using Step = Intelligence.TestSupport.DeciderStep<Intelligence.Regulation.Domain.Measure, Intelligence.Regulation.Domain.RecordLifecycleEvent, Intelligence.Regulation.Domain.ILifecycleEvent>;

namespace Intelligence.Regulation.Tests.Domain;

/// <summary>
/// Properties of <see cref="MeasureDecider"/> over generated sequences of lifecycle steps for one measure: every
/// step from every status, dates around each other and at the ends of the calendar, missing details, repeats.
/// </summary>
public sealed partial class MeasureDeciderProperties
{
    private const long Sequences = 1500;
    private const string Id = "eu-aiact";
    private static readonly DateOnly Around = new(2024, 3, 1);

    private static readonly Gen<DateOnly> Dates = Gen.Frequency(
        (1, Gen.OneOf(DateOnly.MinValue, DateOnly.MaxValue)),
        (8, Gen.Int[-60, 60].Select(days => Around.AddDays(days))));

    private static readonly Gen<MeasureDetails?> Details = Gen.OneOf<MeasureDetails?>(
        Given.AiAct, Given.AiAct with { Title = "\0 🤖 " + new string('x', 500) }, null);

    /// <summary>Labels of unmapped events (two differ only in case: the same event) and proposals amending the measure, so repeats and distinct ones both occur.</summary>
    private static readonly Gen<(string Label, string Proposal)> Linked = Gen.OneOf(
        ("consultation launched", "eu-omnibus"), ("Consultation Launched", "eu-omnibus"), ("court challenge filed", "eu-simplification"));

    private static readonly Gen<RecordLifecycleEvent> Commands = Gen.Select(
        Gen.Enum<LifecycleStep>(), Dates, Gen.Enum<RevocationKind>().Nullable(0.3), Gen.Enum<AdoptionForm>().Nullable(0.5), Details, Linked,
        (step, on, kind, form, details, linked) => new RecordLifecycleEvent(Id, details, new TimelineEntry(
            step,
            on,
            Given.Source,
            Form: form,
            Kind: kind,
            LinkedMeasureId: step == LifecycleStep.AmendmentProposed ? linked.Proposal : null,
            StepLabel: step == LifecycleStep.Other ? linked.Label : null)));

    private static void Check(Action<List<Step>> property)
    {
        var (cases, rejected) = DeciderProperties.Check("regulation", Commands.Array[1, 25], Sequences, MeasureDecider.Decide, MeasureDecider.Evolve, property);

        // The sequences get past the first step often enough: at least one in ten is accepted (most random steps are refused by the transition table, as they should be).
        Assert.True(cases - rejected > cases / 10, $"{cases - rejected} of {cases} accepted");
    }

    [Fact]
    public void Decide_never_throws_and_a_rejection_stores_nothing_and_names_its_rule() => Check(steps =>
    {
        Assert.All(steps, step => Assert.True(step.Decision.Events.Count <= 1));
        DeciderProperties.AssertRejectionsStoreNothingAndNameTheirRule(steps);
    });

    [Fact]
    public void Folding_every_accepted_event_from_nothing_gives_the_state_built_step_by_step() => Check(steps =>
    {
        var events = steps.SelectMany(step => step.Decision.Events).ToList();

        var rebuilt = events.Aggregate((Measure?)null, MeasureDecider.Evolve);

        var built = steps[^1].After;
        Assert.Equal(built?.Id, rebuilt?.Id);
        Assert.Equal(built?.Details, rebuilt?.Details);
        Assert.Equal(built?.Timeline ?? [], rebuilt?.Timeline ?? []);
        Assert.Equal(events.Select(e => e.ToEntry()), rebuilt?.Timeline ?? []);
    });

    [Fact]
    public void The_first_step_recorded_fixes_what_the_measure_is_and_needs_its_details() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.Before is null))
        {
            Assert.Equal(step.Command.Details is null ? "measure-details-required" : null, step.Decision.Rejection?.Rule);
        }

        foreach (var step in steps.Where(step => step.Before is not null))
        {
            Assert.Equal(step.Before!.Details, step.After!.Details);
            Assert.All(step.Decision.Events, e => Assert.Equal(step.Before.Details, e.Measure));
        }
    });

    /// <summary>An event no step names sets no status, so it is kept whatever the status and date (the next property).</summary>
    [Fact]
    public void A_lifted_revoked_or_vetoed_measure_takes_no_new_step_and_steps_never_go_back_before_the_current_status() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.Before is not null && step.Decision.Events.Count > 0 && step.Command.Fact.Step != LifecycleStep.Other))
        {
            var current = Lifecycle.Latest(step.Before!.Timeline);
            Assert.False(Lifecycle.IsFinal(current.Status), $"{current.Status} took {step.Command.Fact.Step}");
            Assert.True(current.Since is not { } since || step.Command.Fact.On >= since);
        }
    });

    [Fact]
    public void An_event_no_step_names_is_always_kept_and_never_moves_the_status() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.Command.Fact.Step == LifecycleStep.Other && (step.Before is not null || step.Command.Details is not null)))
        {
            Assert.Null(step.Decision.Rejection);
            if (step.Before is not null)
            {
                Assert.Equal(Lifecycle.Latest(step.Before.Timeline).Status, Lifecycle.Latest(step.After!.Timeline).Status);
            }
        }
    });

    [Fact]
    public void The_same_step_on_the_same_date_again_changes_nothing() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.After is not null))
        {
            foreach (var entry in step.After!.Timeline)
            {
                var again = MeasureDecider.Decide(step.After, new RecordLifecycleEvent(Id, null, entry with { Note = "again" }));

                Assert.Null(again.Rejection);
                Assert.Empty(again.Events);
            }
        }
    });
}
