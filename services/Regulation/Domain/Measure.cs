namespace Intelligence.Regulation.Domain;

/// <summary>What kind of instrument a measure is.</summary>
public enum InstrumentType
{
    Law,
    Regulation,
    ExecutiveOrder,
    ExportControl,
    Guidance,
    Strategy,
    EnforcementAction,
    FundingProgramme,
    InternationalDeclaration,
    GovernmentDirective,

    /// <summary>A kind no documented mapping covers: the source's own label is kept beside it (<see cref="MeasureDetails.TypeLabel"/>).</summary>
    Other,
}

/// <summary>Which way a measure pushes.</summary>
public enum Direction
{
    Restrictive,
    Promotional,
    Deregulatory,
    Countermeasure,
    Governance,

    /// <summary>A direction no documented mapping covers: the source's own label is kept beside it (<see cref="MeasureDetails.DirectionLabel"/>).</summary>
    Other,
}

/// <summary>The steps of a measure's life. Every step is dated and sourced.</summary>
public enum LifecycleStep
{
    Proposed,
    PoliticallyAgreed,
    Adopted,
    EnteredIntoForce,

    /// <summary>A stage of application began (a measure may apply in several stages).</summary>
    ApplicationStarted,

    /// <summary>Another measure amended it; the measure's status does not change.</summary>
    Amended,
    Suspended,

    /// <summary>A suspension was lifted (the measure is in force again), or a restriction in force was lifted (it ends).</summary>
    Lifted,

    /// <summary>Revoked, rescinded, repealed or vetoed: the measure ends.</summary>
    Revoked,

    /// <summary>
    /// Another measure (a proposal) would amend this one: pending until an <see cref="Amended"/> step names that
    /// proposal. The measure's status does not change.
    /// </summary>
    AmendmentProposed,

    /// <summary>
    /// A dated, sourced event no documented mapping reads as a step: kept in the timeline with the source's label
    /// (<see cref="TimelineEntry.StepLabel"/>); the measure's status does not change.
    /// </summary>
    Other,
}

/// <summary>How an adoption happened, as the source words it.</summary>
#pragma warning disable CA1720 // "Signed" is how the sources word an adoption, not a type name.
public enum AdoptionForm
{
    Adopted,
    Signed,
    Passed,
    Published,
    Issued,
}
#pragma warning restore CA1720

/// <summary>How a measure was ended. A veto ends a measure that was never adopted.</summary>
public enum RevocationKind
{
    Revoked,
    Rescinded,
    Repealed,
    Vetoed,
}

/// <summary>Where a measure stands. <see cref="Lifted"/>, <see cref="Revoked"/> and <see cref="Vetoed"/> are final.</summary>
public enum MeasureStatus
{
    /// <summary>No step that sets a status recorded yet (as of a date before the measure's first such step).</summary>
    None,
    Proposed,
    Agreed,
    Adopted,
    InForce,
    Suspended,
    Lifted,
    Revoked,
    Vetoed,
}

/// <summary>What a measure is: set by the lifecycle event that first records it.</summary>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2, <c>EU</c>, a subdivision such as <c>US-CA</c>, or <c>INTL</c>.</param>
/// <param name="Targets">Kebab-case tags: frontier-models, generative-ai-services, chips-and-hardware, ...</param>
/// <param name="TypeLabel">The instrument type as the source words it ("strategy + executive orders"); null when none was stated (events stored before labels were kept).</param>
/// <param name="DirectionLabel">The direction as the source words it ("restrictive (vs Chinese AI)"); null when none was stated.</param>
public sealed record MeasureDetails(
    string Title,
    string Jurisdiction,
    InstrumentType Type,
    IReadOnlyList<string> Targets,
    Direction Direction,
    string? TypeLabel = null,
    string? DirectionLabel = null);

/// <summary>One dated step of a measure's life, as its read model keeps it.</summary>
/// <param name="Form">Adoptions only.</param>
/// <param name="Stage">Application stages only: what starts to apply (e.g. "GPAI obligations").</param>
/// <param name="Kind">Revocations only.</param>
/// <param name="LinkedMeasureId">The measure that amended (amendments), would amend (amendment proposals) or revoked (revocations) this one, when known.</param>
/// <param name="StepLabel">The event as the source words it ("in_force", "consultation launched"); null when none was stated.</param>
/// <param name="LinkedTitle">Amendment proposals: the title of the proposal.</param>
public sealed record TimelineEntry(
    LifecycleStep Step,
    DateOnly On,
    string Source,
    string? Note = null,
    AdoptionForm? Form = null,
    string? Stage = null,
    RevocationKind? Kind = null,
    string? LinkedMeasureId = null,
    string? StepLabel = null,
    string? LinkedTitle = null)
{
    /// <summary>
    /// Two entries are the same lifecycle event when their step and date are: recording it again changes nothing.
    /// Several proposals may amend a measure on one day, and several unmapped events happen on one day, so those are
    /// told apart by the proposal and by the label.
    /// </summary>
    public bool SameEventAs(TimelineEntry other) => Step == other.Step && On == other.On && Step switch
    {
        LifecycleStep.AmendmentProposed => LinkedMeasureId == other.LinkedMeasureId,
        LifecycleStep.Other => string.Equals(StepLabel, other.StepLabel, StringComparison.OrdinalIgnoreCase),
        _ => true,
    };
}

/// <summary>A measure: what it is and its whole dated timeline, in the order the events were recorded.</summary>
public sealed record Measure(string Id, MeasureDetails Details, IReadOnlyList<TimelineEntry> Timeline);
