namespace Intelligence.Contracts.Releases;

/// <summary>
/// Facts published earlier about a model were wrong. Carries the whole corrected card, so a replica overwrites
/// what it holds; <paramref name="CorrectedFields"/> says what changed.
/// </summary>
/// <param name="CorrectedFields">Names among name, organization, originCountries, releasedOn, dateBasis, access, modalities, parameterCount, confidence.</param>
public sealed record ModelDetailsCorrected(
    Guid EventId,
    string ModelId,
    long StreamVersion,
    DateTimeOffset RecordedAt,
    string Source,
    string Reason,
    IReadOnlyList<string> CorrectedFields,
    string Name,
    string OrganizationId,
    string OrganizationName,
    string OrganizationCountry,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    DateOnly ReleasedOn,
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
