namespace Intelligence.Releases.Domain;

/// <summary>The organization behind a model, as the catalog knows it.</summary>
/// <param name="Id">A slug, e.g. "openai".</param>
/// <param name="HomeCountry">ISO 3166-1 alpha-2 code of the organization's home country.</param>
public sealed record Organization(string Id, string Name, string HomeCountry);

/// <summary>A model in the catalog: the state its events add up to. Also the read model, kept inline with the writes.</summary>
public sealed record Model(
    string Id,
    string Name,
    Organization Organization,
    IReadOnlyList<string> OriginCountries,
    DateOnly ReleasedOn,
    bool OpenWeights,
    string SourceUrl)
{
    /// <summary>The version of the model's stream this state reflects; the HTTP ETag.</summary>
    public long Version { get; init; }
}

/// <summary>The domain events of a model's life, as stored in the service's event store.</summary>
public interface IModelEvent
{
    string ModelId { get; }
}

/// <summary>A model entered the catalog: its first event.</summary>
public sealed record ModelAnnounced(
    string ModelId,
    string Name,
    Organization Organization,
    IReadOnlyList<string> OriginCountries,
    DateOnly ReleasedOn,
    bool OpenWeights,
    string SourceUrl) : IModelEvent;
