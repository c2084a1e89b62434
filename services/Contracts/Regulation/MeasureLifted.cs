namespace Intelligence.Contracts.Regulation;

/// <summary>A suspension was lifted (the measure is in force again) or a restriction in force was lifted (it ends).</summary>
/// <param name="EffectiveOn">The domain date: the day the step took effect.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2, EU, a subdivision such as US-CA, or INTL.</param>
/// <param name="Bloc">The jurisdiction's bloc (US, China, EU, International, Other).</param>
/// <param name="Type">law, regulation, executive-order, export-control, guidance, strategy, enforcement-action, funding-programme, international-declaration or government-directive.</param>
/// <param name="Targets">Kebab-case tags, e.g. frontier-models, chips-and-hardware, foreign-ai-apps.</param>
/// <param name="Direction">restrictive, promotional, deregulatory, countermeasure or governance.</param>
public sealed record MeasureLifted(
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
}
