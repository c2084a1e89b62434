namespace Intelligence.Contracts.Releases;

/// <summary>A model was announced or released: the first fact of a model's life in the catalog.</summary>
/// <param name="ModelId">The model's slug, the id every other service links to.</param>
/// <param name="ReleasedOn">The domain date: the day the model was released.</param>
/// <param name="OriginCountries">ISO 3166-1 alpha-2 codes, one or more.</param>
/// <param name="Bloc">The bloc of the first origin country (US, China, EU, Other).</param>
public sealed record ModelReleased(
    Guid EventId,
    string ModelId,
    long StreamVersion,
    DateOnly ReleasedOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Name,
    string OrganizationId,
    string OrganizationName,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    bool OpenWeights) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => ModelId;
}
