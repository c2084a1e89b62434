using System.Text.Json;
using Intelligence.Platform.Domain;

namespace Intelligence.Regulation.Domain;

/// <summary>
/// A measure's lifecycle as a state machine, in pure functions. <see cref="Decide"/> checks that the step is allowed
/// from the measure's status and that it is not dated before the step that set that status; a refusal names its
/// rule. The first step of any kind creates the measure; recording a step again (same step, same date) changes
/// nothing. A step of kind <see cref="LifecycleStep.Other"/> is a sourced event no mapping reads as a step: it sets
/// no status, so no transition or date rule can refuse it. <see cref="Evolve"/> folds an event into the state.
/// </summary>
public static class MeasureDecider
{
    public static Decision<ILifecycleEvent> Decide(Measure? state, RecordLifecycleEvent command)
    {
        var fact = command.Fact;
        if (state is null)
        {
            return command.Details is null
                ? Decision<ILifecycleEvent>.Reject("measure-details-required", $"'{command.MeasureId}' is not recorded yet: its first lifecycle event must say what the measure is.")
                : Decision<ILifecycleEvent>.Accept(ToEvent(command.MeasureId, command.Details, fact));
        }

        if (state.Timeline.Any(entry => entry.SameEventAs(fact)))
        {
            return Decision<ILifecycleEvent>.Unchanged;
        }

        if (fact.Step == LifecycleStep.Other)
        {
            return Decision<ILifecycleEvent>.Accept(ToEvent(state.Id, state.Details, fact));
        }

        var current = Lifecycle.Latest(state.Timeline);
        if (Refusal(state.Id, current.Status, fact) is { } refusal)
        {
            return refusal;
        }

        if (current.Since is { } since && fact.On < since)
        {
            return Decision<ILifecycleEvent>.Reject(
                $"{Name(fact.Step)}-before-{Name(current.SinceStep!.Value)}",
                $"'{state.Id}' was {Words(current.SinceStep.Value)} on {since:yyyy-MM-dd}; it cannot be {Words(fact.Step)} earlier, on {fact.On:yyyy-MM-dd}.");
        }

        return Decision<ILifecycleEvent>.Accept(ToEvent(state.Id, state.Details, fact));
    }

    public static Measure? Evolve(Measure? state, ILifecycleEvent @event) => state is null
        ? new Measure(@event.MeasureId, @event.Measure, [@event.ToEntry()])
        : state with { Timeline = [.. state.Timeline, @event.ToEntry()] };

    /// <summary>The transition table: which steps each status allows, and the rule that refuses the others.</summary>
    private static Decision<ILifecycleEvent>? Refusal(string id, MeasureStatus status, TimelineEntry fact)
    {
        var rule = (fact.Step, status) switch
        {
            (_, MeasureStatus.Revoked) => "measure-revoked",
            (_, MeasureStatus.Vetoed) => "measure-vetoed",
            (_, MeasureStatus.Lifted) => "measure-lifted",

            // Only unmapped events were recorded so far: any step may come first, as for a measure not recorded yet.
            (_, MeasureStatus.None) => null,
            (LifecycleStep.Proposed, _) => "proposal-first",
            (LifecycleStep.PoliticallyAgreed, MeasureStatus.Proposed) => null,
            (LifecycleStep.PoliticallyAgreed, MeasureStatus.Agreed) => "already-agreed",
            (LifecycleStep.PoliticallyAgreed, _) => "agreement-before-adoption",
            (LifecycleStep.Adopted, MeasureStatus.Proposed or MeasureStatus.Agreed) => null,
            (LifecycleStep.Adopted, _) => "already-adopted",
            (LifecycleStep.EnteredIntoForce, MeasureStatus.Adopted) => null,
            (LifecycleStep.EnteredIntoForce, MeasureStatus.Proposed or MeasureStatus.Agreed) => "in-force-requires-adoption",
            (LifecycleStep.EnteredIntoForce, _) => "already-in-force",
            (LifecycleStep.ApplicationStarted, MeasureStatus.InForce) => null,
            (LifecycleStep.ApplicationStarted, MeasureStatus.Suspended) => "measure-suspended",
            (LifecycleStep.ApplicationStarted, _) => "application-requires-entry-into-force",
            (LifecycleStep.Amended, MeasureStatus.Adopted or MeasureStatus.InForce or MeasureStatus.Suspended) => null,
            (LifecycleStep.Amended, _) => "amendment-requires-adoption",
            (LifecycleStep.AmendmentProposed, MeasureStatus.Adopted or MeasureStatus.InForce or MeasureStatus.Suspended) => null,
            (LifecycleStep.AmendmentProposed, _) => "amendment-proposal-requires-adoption",
            (LifecycleStep.Suspended, MeasureStatus.InForce) => null,
            (LifecycleStep.Suspended, MeasureStatus.Suspended) => "already-suspended",
            (LifecycleStep.Suspended, _) => "suspension-requires-entry-into-force",
            (LifecycleStep.Lifted, MeasureStatus.InForce or MeasureStatus.Suspended) => null,
            (LifecycleStep.Lifted, _) => "lifting-requires-effect",
            (LifecycleStep.Revoked, MeasureStatus.Proposed or MeasureStatus.Agreed) when fact.Kind == RevocationKind.Vetoed => null,
            (LifecycleStep.Revoked, _) when fact.Kind == RevocationKind.Vetoed => "veto-before-adoption",
            (LifecycleStep.Revoked, MeasureStatus.Adopted or MeasureStatus.InForce or MeasureStatus.Suspended) => null,
            (LifecycleStep.Revoked, _) => "revocation-requires-adoption",
            _ => "lifecycle-transition",
        };

        return rule is null
            ? null
            : Decision<ILifecycleEvent>.Reject(rule, $"'{id}' is {StatusWords(status)}; it cannot be {Words(fact.Step, fact.Kind)} ({fact.On:yyyy-MM-dd}).");
    }

    private static ILifecycleEvent ToEvent(string id, MeasureDetails details, TimelineEntry fact) => fact.Step switch
    {
        LifecycleStep.Proposed => new MeasureProposed(id, details, fact.On, fact.Source, fact.Note, fact.StepLabel),
        LifecycleStep.PoliticallyAgreed => new MeasurePoliticallyAgreed(id, details, fact.On, fact.Source, fact.Note, fact.StepLabel),
        LifecycleStep.Adopted => new MeasureAdopted(id, details, fact.On, fact.Source, fact.Note, fact.Form ?? AdoptionForm.Adopted, fact.StepLabel),
        LifecycleStep.EnteredIntoForce => new MeasureEnteredIntoForce(id, details, fact.On, fact.Source, fact.Note, fact.StepLabel),
        LifecycleStep.ApplicationStarted => new MeasureApplicationStarted(id, details, fact.On, fact.Source, fact.Note, fact.Stage, fact.StepLabel),
        LifecycleStep.Amended => new MeasureAmended(id, details, fact.On, fact.Source, fact.Note, fact.LinkedMeasureId, fact.StepLabel),
        LifecycleStep.Suspended => new MeasureSuspended(id, details, fact.On, fact.Source, fact.Note, fact.StepLabel),
        LifecycleStep.Lifted => new MeasureLifted(id, details, fact.On, fact.Source, fact.Note, fact.StepLabel),
        LifecycleStep.Revoked => new MeasureRevoked(id, details, fact.On, fact.Source, fact.Note, fact.Kind ?? RevocationKind.Revoked, fact.LinkedMeasureId, fact.StepLabel),
        LifecycleStep.AmendmentProposed => new MeasureAmendmentProposed(id, details, fact.On, fact.Source, fact.Note, fact.LinkedMeasureId, fact.LinkedTitle, fact.StepLabel),
        _ => new MeasureOtherStepRecorded(id, details, fact.On, fact.Source, fact.Note, fact.StepLabel),
    };

    /// <summary>A step's name in rule names: "entered-into-force", "application-started".</summary>
    public static string Name(LifecycleStep step) => JsonNamingPolicy.KebabCaseLower.ConvertName(step.ToString());

    private static string Words(LifecycleStep step, RevocationKind? kind = null) => step switch
    {
        LifecycleStep.ApplicationStarted => "applied",
        LifecycleStep.AmendmentProposed => "proposed for amendment",
        LifecycleStep.Revoked when kind is not null => kind.Value.ToString().ToLowerInvariant(),
        _ => Name(step).Replace('-', ' '),
    };

    private static string StatusWords(MeasureStatus status) => status switch
    {
        MeasureStatus.InForce => "in force",
        MeasureStatus.Agreed => "politically agreed",
        _ => status.ToString().ToLowerInvariant(),
    };
}
