namespace Intelligence.Contracts.Regulation;

/// <summary>The parties agreed on a measure politically (e.g. the EU trilogue agreement on the AI Act).</summary>
/// <param name="EffectiveOn">The domain date: the day the step took effect.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2, EU, a subdivision such as US-CA, or INTL.</param>
/// <param name="Bloc">The jurisdiction's bloc (US, China, EU, International, Other).</param>
/// <param name="Type">law, regulation, executive-order, export-control, guidance, strategy, enforcement-action, funding-programme, international-declaration, government-directive, or other (see TypeLabel).</param>
/// <param name="Targets">Kebab-case tags, e.g. frontier-models, chips-and-hardware, foreign-ai-apps.</param>
/// <param name="Direction">restrictive, promotional, deregulatory, countermeasure, governance, or other (see DirectionLabel).</param>
public sealed record MeasurePoliticallyAgreed(
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
    string? Note) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => MeasureId;

    /// <summary>The instrument type as the source words it, beside <see cref="Type"/> (other when no mapping covers it); null when none was stated.</summary>
    public string? TypeLabel { get; init; }

    /// <summary>The direction as the source words it, beside <see cref="Direction"/>; null when none was stated.</summary>
    public string? DirectionLabel { get; init; }

    /// <summary>The event as the source words it ("in_force", "signed"); null when none was stated.</summary>
    public string? StepLabel { get; init; }
}
