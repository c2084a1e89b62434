namespace Intelligence.Releases.Domain;

/// <summary>Put a model into the catalog. Built only from validated input.</summary>
public sealed record AnnounceModel(
    string ModelId,
    string Name,
    Organization Organization,
    IReadOnlyList<string> OriginCountries,
    DateOnly ReleasedOn,
    bool OpenWeights,
    string SourceUrl);
