namespace Intelligence.Contracts.Releases;

/// <summary>
/// A model entered the catalog. With the other model events it is enough for a service to keep its own replica
/// of the catalog: name, organization, origin countries, bloc, open weights, free access.
/// </summary>
/// <param name="ModelId">The model's slug, the id every other service links to.</param>
/// <param name="ReleasedOn">The domain date: the day the model was released, in the sense of <paramref name="DateBasis"/>.</param>
/// <param name="DateBasis">announcement, weights-release or api-release.</param>
/// <param name="OriginCountries">ISO 3166-1 alpha-2 codes, one or more.</param>
/// <param name="Bloc">The bloc of the first origin country (US, China, EU, Other).</param>
/// <param name="FreeAccess">unknown, yes, no, limited or not-applicable.</param>
/// <param name="Confidence">high, medium or low.</param>
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
    string OrganizationCountry,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    string DateBasis,
    bool OpenWeights,
    string Licence,
    string FreeAccess,
    bool? ApiAvailable,
    IReadOnlyList<string> Modalities,
    long? ParameterCount,
    string Confidence) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => ModelId;
}
