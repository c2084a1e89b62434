namespace Intelligence.Contracts.Regulation;

/// <summary>
/// A proposal (ProposalId, a measure id, and its title) would amend this measure. The measure's status does not
/// change: the amendment is pending until a <see cref="MeasureAmended"/> with AmendedBy equal to ProposalId.
/// </summary>
/// <param name="EffectiveOn">The domain date: the day the amendment was proposed.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2, EU, a subdivision such as US-CA, or INTL.</param>
/// <param name="Bloc">The jurisdiction's bloc (US, China, EU, International, Other).</param>
/// <param name="Type">The amended measure's type: law, regulation, executive-order, export-control, guidance, strategy, enforcement-action, funding-programme, international-declaration, government-directive, or other (see TypeLabel).</param>
/// <param name="Targets">Kebab-case tags, e.g. frontier-models, chips-and-hardware, foreign-ai-apps.</param>
/// <param name="Direction">restrictive, promotional, deregulatory, countermeasure, governance, or other (see DirectionLabel).</param>
/// <param name="ProposalId">The id of the proposal that would amend this measure, when known.</param>
/// <param name="ProposalTitle">The proposal's title, when known.</param>
public sealed record MeasureAmendmentProposed(
    Guid EventId,
    string MeasureId,
    long StreamVersion,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Title,
    string Jurisdiction,
    string Bloc,
    string Type,
    IReadOnlyList<string> Targets,
    string Direction,
    string? Note,
    string? ProposalId,
    string? ProposalTitle) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => MeasureId;

    /// <summary>The instrument type as the source words it, beside <see cref="Type"/> (other when no mapping covers it); null when none was stated.</summary>
    public string? TypeLabel { get; init; }

    /// <summary>The direction as the source words it, beside <see cref="Direction"/>; null when none was stated.</summary>
    public string? DirectionLabel { get; init; }

    /// <summary>The event as the source words it ("proposed", "amendment proposed"); null when none was stated.</summary>
    public string? StepLabel { get; init; }
}
