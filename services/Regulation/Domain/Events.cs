namespace Intelligence.Regulation.Domain;

/// <summary>
/// A dated, sourced step of a measure's life, as stored. Each carries the measure's details as they stood when it
/// was recorded: the first event of any step creates the measure (imports apply rows sorted by date, and a
/// measure's proposal is often unknown), and every published event can say what the measure is.
/// </summary>
public interface ILifecycleEvent
{
    string MeasureId { get; }

    MeasureDetails Measure { get; }

    /// <summary>The domain date: when the step took effect in the world.</summary>
    DateOnly EffectiveOn { get; }

    /// <summary>Where the fact comes from: a URL or a document name.</summary>
    string Source { get; }

    string? Note { get; }

    /// <summary>The event as the source words it; null when none was stated (events stored before labels were kept).</summary>
    string? StepLabel { get; }

    TimelineEntry ToEntry();
}

public sealed record MeasureProposed(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Proposed, EffectiveOn, Source, Note, StepLabel: StepLabel);
}

public sealed record MeasurePoliticallyAgreed(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.PoliticallyAgreed, EffectiveOn, Source, Note, StepLabel: StepLabel);
}

public sealed record MeasureAdopted(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, AdoptionForm Form, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Adopted, EffectiveOn, Source, Note, Form: Form, StepLabel: StepLabel);
}

public sealed record MeasureEnteredIntoForce(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.EnteredIntoForce, EffectiveOn, Source, Note, StepLabel: StepLabel);
}

public sealed record MeasureApplicationStarted(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? Stage, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.ApplicationStarted, EffectiveOn, Source, Note, Stage: Stage, StepLabel: StepLabel);
}

public sealed record MeasureAmended(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? AmendedBy, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Amended, EffectiveOn, Source, Note, LinkedMeasureId: AmendedBy, StepLabel: StepLabel);
}

public sealed record MeasureSuspended(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Suspended, EffectiveOn, Source, Note, StepLabel: StepLabel);
}

public sealed record MeasureLifted(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Lifted, EffectiveOn, Source, Note, StepLabel: StepLabel);
}

public sealed record MeasureRevoked(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, RevocationKind Kind, string? RevokedBy, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Revoked, EffectiveOn, Source, Note, Kind: Kind, LinkedMeasureId: RevokedBy, StepLabel: StepLabel);
}

/// <summary>
/// A proposal (<paramref name="ProposalId"/>, the proposing measure's id) would amend this measure. Its status does
/// not change: the amendment is pending until an <see cref="MeasureAmended"/> names the proposal.
/// </summary>
public sealed record MeasureAmendmentProposed(
    string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? ProposalId, string? ProposalTitle, string? StepLabel = null) : ILifecycleEvent
{
    public TimelineEntry ToEntry() =>
        new(LifecycleStep.AmendmentProposed, EffectiveOn, Source, Note, LinkedMeasureId: ProposalId, StepLabel: StepLabel, LinkedTitle: ProposalTitle);
}

/// <summary>
/// Something dated and sourced happened to the measure that no documented mapping reads as a lifecycle step; kept
/// with the source's label so the timeline loses no fact. Its status does not change.
/// </summary>
public sealed record MeasureOtherStepRecorded(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? StepLabel) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Other, EffectiveOn, Source, Note, StepLabel: StepLabel);
}

/// <summary>Every lifecycle event type, as the event store registers them.</summary>
public static class LifecycleEvents
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(MeasureProposed), typeof(MeasurePoliticallyAgreed), typeof(MeasureAdopted), typeof(MeasureEnteredIntoForce),
        typeof(MeasureApplicationStarted), typeof(MeasureAmended), typeof(MeasureSuspended), typeof(MeasureLifted), typeof(MeasureRevoked),
        typeof(MeasureAmendmentProposed), typeof(MeasureOtherStepRecorded),
    ];
}
