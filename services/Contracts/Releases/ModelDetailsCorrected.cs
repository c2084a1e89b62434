namespace Intelligence.Contracts.Releases;

/// <summary>
/// Facts published earlier about a model were wrong. Carries the whole corrected card, so a replica overwrites
/// what it holds; <paramref name="CorrectedFields"/> says what changed.
/// </summary>
/// <param name="CorrectedFields">Names among name, organization, originCountries, releasedOn, dateBasis, access, modalities, parameterCount, confidence.</param>
/// <remarks>The fields and labels read as in <see cref="ModelReleased"/>.</remarks>
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

    /// <summary>The source's words for the date basis when it is other ("technical report"); absent otherwise.</summary>
    public string? DateBasisLabel { get; init; }

    /// <summary>The source's words on open weights when they are neither yes nor no ("on request"); then OpenWeights is false: not known to be open. Absent otherwise.</summary>
    public string? OpenWeightsLabel { get; init; }

    /// <summary>The source's words on free access when it is other ("waitlist"); absent otherwise.</summary>
    public string? FreeAccessLabel { get; init; }

    /// <summary>The source's grade when confidence is other ("very high"); absent otherwise (and when not stated).</summary>
    public string? ConfidenceLabel { get; init; }

    /// <summary>The catalog snapshot whose newer facts corrected the ones it gave; absent for a hand correction.</summary>
    public CatalogProvenance? Provenance { get; init; }
}
