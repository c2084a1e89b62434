using Intelligence.Regulation.Domain;
using static Intelligence.Regulation.Tests.Domain.Given;

namespace Intelligence.Regulation.Tests.Domain;

/// <summary>The lifecycle state machine: given a history, when a step is recorded, then events, nothing, or a named rule.</summary>
public sealed class MeasureDeciderTests
{
    /// <summary>Every step from every status, dated after the history: the resulting status, or the rule that refuses it.</summary>
    public static TheoryData<MeasureStatus, string, string> Transitions() => new()
    {
        { MeasureStatus.Proposed, "proposed", "proposal-first" },
        { MeasureStatus.Proposed, "politically-agreed", "agreed" },
        { MeasureStatus.Proposed, "adopted", "adopted" },
        { MeasureStatus.Proposed, "entered-into-force", "in-force-requires-adoption" },
        { MeasureStatus.Proposed, "application-started", "application-requires-entry-into-force" },
        { MeasureStatus.Proposed, "amended", "amendment-requires-adoption" },
        { MeasureStatus.Proposed, "suspended", "suspension-requires-entry-into-force" },
        { MeasureStatus.Proposed, "lifted", "lifting-requires-effect" },
        { MeasureStatus.Proposed, "revoked", "revocation-requires-adoption" },
        { MeasureStatus.Proposed, "vetoed", "vetoed" },

        { MeasureStatus.Agreed, "proposed", "proposal-first" },
        { MeasureStatus.Agreed, "politically-agreed", "already-agreed" },
        { MeasureStatus.Agreed, "adopted", "adopted" },
        { MeasureStatus.Agreed, "entered-into-force", "in-force-requires-adoption" },
        { MeasureStatus.Agreed, "application-started", "application-requires-entry-into-force" },
        { MeasureStatus.Agreed, "amended", "amendment-requires-adoption" },
        { MeasureStatus.Agreed, "suspended", "suspension-requires-entry-into-force" },
        { MeasureStatus.Agreed, "lifted", "lifting-requires-effect" },
        { MeasureStatus.Agreed, "revoked", "revocation-requires-adoption" },
        { MeasureStatus.Agreed, "vetoed", "vetoed" },

        { MeasureStatus.Adopted, "proposed", "proposal-first" },
        { MeasureStatus.Adopted, "politically-agreed", "agreement-before-adoption" },
        { MeasureStatus.Adopted, "adopted", "already-adopted" },
        { MeasureStatus.Adopted, "entered-into-force", "in-force" },
        { MeasureStatus.Adopted, "application-started", "application-requires-entry-into-force" },
        { MeasureStatus.Adopted, "amended", "adopted" },
        { MeasureStatus.Adopted, "suspended", "suspension-requires-entry-into-force" },
        { MeasureStatus.Adopted, "lifted", "lifting-requires-effect" },
        { MeasureStatus.Adopted, "revoked", "revoked" },
        { MeasureStatus.Adopted, "vetoed", "veto-before-adoption" },

        { MeasureStatus.InForce, "proposed", "proposal-first" },
        { MeasureStatus.InForce, "politically-agreed", "agreement-before-adoption" },
        { MeasureStatus.InForce, "adopted", "already-adopted" },
        { MeasureStatus.InForce, "entered-into-force", "already-in-force" },
        { MeasureStatus.InForce, "application-started", "in-force" },
        { MeasureStatus.InForce, "amended", "in-force" },
        { MeasureStatus.InForce, "suspended", "suspended" },
        { MeasureStatus.InForce, "lifted", "lifted" },
        { MeasureStatus.InForce, "revoked", "revoked" },
        { MeasureStatus.InForce, "vetoed", "veto-before-adoption" },

        { MeasureStatus.Suspended, "proposed", "proposal-first" },
        { MeasureStatus.Suspended, "politically-agreed", "agreement-before-adoption" },
        { MeasureStatus.Suspended, "adopted", "already-adopted" },
        { MeasureStatus.Suspended, "entered-into-force", "already-in-force" },
        { MeasureStatus.Suspended, "application-started", "measure-suspended" },
        { MeasureStatus.Suspended, "amended", "suspended" },
        { MeasureStatus.Suspended, "suspended", "already-suspended" },
        { MeasureStatus.Suspended, "lifted", "in-force" },
        { MeasureStatus.Suspended, "revoked", "revoked" },
        { MeasureStatus.Suspended, "vetoed", "veto-before-adoption" },

        { MeasureStatus.Lifted, "proposed", "measure-lifted" },
        { MeasureStatus.Lifted, "politically-agreed", "measure-lifted" },
        { MeasureStatus.Lifted, "adopted", "measure-lifted" },
        { MeasureStatus.Lifted, "entered-into-force", "measure-lifted" },
        { MeasureStatus.Lifted, "application-started", "measure-lifted" },
        { MeasureStatus.Lifted, "amended", "measure-lifted" },
        { MeasureStatus.Lifted, "suspended", "measure-lifted" },
        { MeasureStatus.Lifted, "lifted", "measure-lifted" },
        { MeasureStatus.Lifted, "revoked", "measure-lifted" },
        { MeasureStatus.Lifted, "vetoed", "measure-lifted" },

        { MeasureStatus.Revoked, "proposed", "measure-revoked" },
        { MeasureStatus.Revoked, "politically-agreed", "measure-revoked" },
        { MeasureStatus.Revoked, "adopted", "measure-revoked" },
        { MeasureStatus.Revoked, "entered-into-force", "measure-revoked" },
        { MeasureStatus.Revoked, "application-started", "measure-revoked" },
        { MeasureStatus.Revoked, "amended", "measure-revoked" },
        { MeasureStatus.Revoked, "suspended", "measure-revoked" },
        { MeasureStatus.Revoked, "lifted", "measure-revoked" },
        { MeasureStatus.Revoked, "revoked", "measure-revoked" },
        { MeasureStatus.Revoked, "vetoed", "measure-revoked" },

        { MeasureStatus.Vetoed, "proposed", "measure-vetoed" },
        { MeasureStatus.Vetoed, "politically-agreed", "measure-vetoed" },
        { MeasureStatus.Vetoed, "adopted", "measure-vetoed" },
        { MeasureStatus.Vetoed, "entered-into-force", "measure-vetoed" },
        { MeasureStatus.Vetoed, "application-started", "measure-vetoed" },
        { MeasureStatus.Vetoed, "amended", "measure-vetoed" },
        { MeasureStatus.Vetoed, "suspended", "measure-vetoed" },
        { MeasureStatus.Vetoed, "lifted", "measure-vetoed" },
        { MeasureStatus.Vetoed, "revoked", "measure-vetoed" },
        { MeasureStatus.Vetoed, "vetoed", "measure-vetoed" },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Given_a_measure_in_a_status_when_a_step_is_recorded_then_the_table_decides(MeasureStatus given, string step, string expected)
    {
        var history = In(given);
        var fact = step == "vetoed"
            ? Fact(LifecycleStep.Revoked, "2024-06-01", RevocationKind.Vetoed)
            : Fact(Enum.Parse<LifecycleStep>(step.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true), "2024-06-01");

        var decision = MeasureDecider.Decide(history, Record(fact));

        var status = Enum.GetValues<MeasureStatus>().FirstOrDefault(s => Name(s) == expected);
        if (Enum.GetValues<MeasureStatus>().Any(s => Name(s) == expected))
        {
            Assert.Null(decision.Rejection);
            var @event = Assert.Single(decision.Events);
            Assert.Equal(fact, @event.ToEntry());
            Assert.Equal(status, Lifecycle.Latest(MeasureDecider.Evolve(history, @event)!.Timeline).Status);
        }
        else
        {
            Assert.Empty(decision.Events);
            Assert.Equal(expected, decision.Rejection?.Rule);
            Assert.Contains(Id, decision.Rejection!.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("proposed")]
    [InlineData("politically-agreed")]
    [InlineData("adopted")]
    [InlineData("entered-into-force")]
    [InlineData("application-started")]
    [InlineData("amended")]
    [InlineData("suspended")]
    [InlineData("lifted")]
    [InlineData("revoked")]
    public void Given_no_measure_when_any_step_is_recorded_then_it_creates_the_measure_with_its_details(string step)
    {
        var fact = Fact(Enum.Parse<LifecycleStep>(step.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true), "2024-08-01");

        var decision = MeasureDecider.Decide(null, Record(fact));

        var @event = Assert.Single(decision.Events);
        Assert.Equal(Id, @event.MeasureId);
        Assert.Equal(AiAct, @event.Measure);
        var measure = MeasureDecider.Evolve(null, @event)!;
        Assert.Equal(AiAct, measure.Details);
        Assert.Equal([fact], measure.Timeline);
    }

    [Fact]
    public void Given_no_measure_when_a_step_comes_without_details_then_measure_details_required_refuses_it()
    {
        var decision = MeasureDecider.Decide(null, new RecordLifecycleEvent(Id, null, Fact(LifecycleStep.Adopted, "2024-07-12")));

        Assert.Equal("measure-details-required", decision.Rejection?.Rule);
    }

    [Fact]
    public void Given_a_recorded_step_when_the_same_step_on_the_same_date_comes_again_then_nothing_is_recorded()
    {
        var measure = History(Fact(LifecycleStep.Adopted, "2024-07-12"), Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"), Fact(LifecycleStep.Revoked, "2025-01-20"));

        var decision = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.Adopted, "2024-07-12") with { Source = "another copy" }));

        Assert.Null(decision.Rejection);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_details_that_differ_when_a_later_step_is_recorded_then_the_measure_keeps_its_own()
    {
        var measure = History(Fact(LifecycleStep.Adopted, "2024-07-12"));

        var decision = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"), AiAct with { Title = "AI Act entry into force" }));

        Assert.Equal(AiAct, Assert.Single(decision.Events).Measure);
    }

    public static TheoryData<string[], string, string, string> OutOfOrder() => new()
    {
        // A measure cannot enter into force before it is adopted.
        { ["adopted 2024-07-12"], "entered-into-force 2024-07-01", "entered-into-force-before-adopted", "2024-07-12" },
        { ["adopted 2024-07-12", "entered-into-force 2024-08-01"], "application-started 2024-07-30", "application-started-before-entered-into-force", "2024-08-01" },
        { ["proposed 2021-04-21"], "adopted 2021-01-01", "adopted-before-proposed", "2021-04-21" },
        { ["proposed 2021-04-21"], "politically-agreed 2021-01-01", "politically-agreed-before-proposed", "2021-04-21" },
        { ["politically-agreed 2023-12-08"], "adopted 2023-12-01", "adopted-before-politically-agreed", "2023-12-08" },
        { ["adopted 2024-07-12"], "amended 2024-07-01", "amended-before-adopted", "2024-07-12" },
        { ["entered-into-force 2024-08-01"], "suspended 2024-07-01", "suspended-before-entered-into-force", "2024-08-01" },
        { ["entered-into-force 2024-08-01", "suspended 2025-01-01"], "lifted 2024-12-01", "lifted-before-suspended", "2025-01-01" },
        { ["entered-into-force 2024-08-01"], "revoked 2024-07-01", "revoked-before-entered-into-force", "2024-08-01" },
        { ["proposed 2024-02-07"], "vetoed 2024-01-01", "revoked-before-proposed", "2024-02-07" },
    };

    [Theory]
    [MemberData(nameof(OutOfOrder))]
    public void Given_a_dated_status_when_a_step_is_dated_before_it_then_the_date_rule_names_both_steps(string[] history, string step, string rule, string since)
    {
        var measure = History([.. history.Select(Parse)]);

        var decision = MeasureDecider.Decide(measure, Record(Parse(step)));

        Assert.Empty(decision.Events);
        Assert.Equal(rule, decision.Rejection?.Rule);
        Assert.Contains(since, decision.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_later_stage_recorded_first_when_an_earlier_stage_comes_then_it_is_accepted_and_both_count_in_date_order()
    {
        var measure = History(Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"), Fact(LifecycleStep.ApplicationStarted, "2025-08-02"));

        var decision = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.ApplicationStarted, "2025-02-02")));

        var after = MeasureDecider.Evolve(measure, Assert.Single(decision.Events))!;
        Assert.Equal([new DateOnly(2025, 2, 2), new DateOnly(2025, 8, 2)], Lifecycle.AsOf(after.Timeline, new DateOnly(2025, 9, 1)).StagesStarted.Select(s => s.On));
    }

    [Fact]
    public void Given_a_revoked_measure_when_a_stage_would_apply_after_the_revocation_then_measure_revoked_refuses_it()
    {
        var measure = History(Fact(LifecycleStep.EnteredIntoForce, "2025-01-13"), Fact(LifecycleStep.Revoked, "2025-05-13", RevocationKind.Rescinded));

        var decision = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.ApplicationStarted, "2025-05-15")));

        Assert.Equal("measure-revoked", decision.Rejection?.Rule);
    }

    [Fact]
    public void The_step_events_carry_their_own_facts()
    {
        var measure = History(Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"));

        var stage = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.ApplicationStarted, "2025-02-02") with { Stage = "prohibitions" })).Events.Single();
        var amended = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.Amended, "2025-11-19"))).Events.Single();
        var revoked = MeasureDecider.Decide(measure, Record(Fact(LifecycleStep.Revoked, "2026-01-01", RevocationKind.Repealed) with { LinkedMeasureId = "eu-repeal" })).Events.Single();

        Assert.Equal("prohibitions", Assert.IsType<MeasureApplicationStarted>(stage).Stage);
        Assert.Equal("eu-omnibus", Assert.IsType<MeasureAmended>(amended).AmendedBy);
        var revocation = Assert.IsType<MeasureRevoked>(revoked);
        Assert.Equal((RevocationKind.Repealed, "eu-repeal"), (revocation.Kind, revocation.RevokedBy));
    }

    private static TimelineEntry Parse(string text)
    {
        var (step, date) = (text.Split(' ')[0], text.Split(' ')[1]);
        return step == "vetoed"
            ? Fact(LifecycleStep.Revoked, date, RevocationKind.Vetoed)
            : Fact(Enum.Parse<LifecycleStep>(step.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true), date);
    }

    private static string Name(MeasureStatus status) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());
}
