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

    TimelineEntry ToEntry();
}

public sealed record MeasureProposed(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Proposed, EffectiveOn, Source, Note);
}

public sealed record MeasurePoliticallyAgreed(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.PoliticallyAgreed, EffectiveOn, Source, Note);
}

public sealed record MeasureAdopted(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, AdoptionForm Form) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Adopted, EffectiveOn, Source, Note, Form: Form);
}

public sealed record MeasureEnteredIntoForce(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.EnteredIntoForce, EffectiveOn, Source, Note);
}

public sealed record MeasureApplicationStarted(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? Stage) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.ApplicationStarted, EffectiveOn, Source, Note, Stage: Stage);
}

public sealed record MeasureAmended(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, string? AmendedBy) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Amended, EffectiveOn, Source, Note, LinkedMeasureId: AmendedBy);
}

public sealed record MeasureSuspended(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Suspended, EffectiveOn, Source, Note);
}

public sealed record MeasureLifted(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Lifted, EffectiveOn, Source, Note);
}

public sealed record MeasureRevoked(string MeasureId, MeasureDetails Measure, DateOnly EffectiveOn, string Source, string? Note, RevocationKind Kind, string? RevokedBy) : ILifecycleEvent
{
    public TimelineEntry ToEntry() => new(LifecycleStep.Revoked, EffectiveOn, Source, Note, Kind: Kind, LinkedMeasureId: RevokedBy);
}
