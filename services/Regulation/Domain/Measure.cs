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
}

/// <summary>Which way a measure pushes.</summary>
public enum Direction
{
    Restrictive,
    Promotional,
    Deregulatory,
    Countermeasure,
    Governance,
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
    /// <summary>Nothing recorded yet (as of a date before the measure's first event).</summary>
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
public sealed record MeasureDetails(
    string Title, string Jurisdiction, InstrumentType Type, IReadOnlyList<string> Targets, Direction Direction);

/// <summary>One dated step of a measure's life, as its read model keeps it.</summary>
/// <param name="Form">Adoptions only.</param>
/// <param name="Stage">Application stages only: what starts to apply (e.g. "GPAI obligations").</param>
/// <param name="Kind">Revocations only.</param>
/// <param name="LinkedMeasureId">The measure that amended (amendments) or revoked (revocations) this one, when known.</param>
public sealed record TimelineEntry(
    LifecycleStep Step,
    DateOnly On,
    string Source,
    string? Note = null,
    AdoptionForm? Form = null,
    string? Stage = null,
    RevocationKind? Kind = null,
    string? LinkedMeasureId = null)
{
    /// <summary>Two entries are the same lifecycle event when their step and date are: recording it again changes nothing.</summary>
    public bool SameEventAs(TimelineEntry other) => Step == other.Step && On == other.On;
}

/// <summary>A measure: what it is and its whole dated timeline, in the order the events were recorded.</summary>
public sealed record Measure(string Id, MeasureDetails Details, IReadOnlyList<TimelineEntry> Timeline);
