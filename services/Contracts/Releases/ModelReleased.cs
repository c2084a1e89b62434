namespace Intelligence.Contracts.Releases;

/// <summary>
/// A model entered the catalog. With the other model events it is enough for a service to keep its own replica
/// of the catalog: name, organization, origin countries, bloc, open weights, free access.
/// </summary>
/// <param name="ModelId">The model's slug, the id every other service links to.</param>
/// <param name="ReleasedOn">The domain date: the day the model was released, in the sense of <paramref name="DateBasis"/>.</param>
/// <param name="OrganizationCountry">An ISO 3166-1 alpha-2 code, or the source's name for a place that is no known country.</param>
/// <param name="DateBasis">announcement, weights-release or api-release; or other, named by <see cref="DateBasisLabel"/>.</param>
/// <param name="OriginCountries">ISO 3166-1 alpha-2 codes, one or more; a place that is no known country stands by the source's name for it (its bloc is unknown).</param>
/// <param name="Bloc">The bloc of the first origin (US, China, EU, Other), or unknown when it is no known country.</param>
/// <param name="FreeAccess">unknown, yes, no, limited or not-applicable; or other, named by <see cref="FreeAccessLabel"/>.</param>
/// <param name="Confidence">high, medium or low; or other, named by <see cref="ConfidenceLabel"/> (none when not stated).</param>
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

    /// <summary>The source's words for the date basis when it is other ("technical report"); absent otherwise.</summary>
    public string? DateBasisLabel { get; init; }

    /// <summary>The source's words on open weights when they are neither yes nor no ("on request"); then OpenWeights is false: not known to be open. Absent otherwise.</summary>
    public string? OpenWeightsLabel { get; init; }

    /// <summary>The source's words on free access when it is other ("waitlist"); absent otherwise.</summary>
    public string? FreeAccessLabel { get; init; }

    /// <summary>The source's grade when confidence is other ("very high"); absent otherwise (and when not stated).</summary>
    public string? ConfidenceLabel { get; init; }

    /// <summary>The catalog snapshot the model was synced from; absent for a hand-sourced model.</summary>
    public CatalogProvenance? Provenance { get; init; }
}
