using Intelligence.Contracts;

namespace Intelligence.Releases.Domain;

/// <summary>The domain events of a model's life, as stored in the service's event store.</summary>
public interface IModelEvent
{
    string ModelId { get; }

    /// <summary>Where the fact comes from: a URL or a document name.</summary>
    string Source { get; }
}

/// <summary>A model entered the catalog: its first event.</summary>
/// <param name="Provenance">The catalog snapshot it was synced from; null for a hand-sourced model.</param>
public sealed record ModelAnnounced(string ModelId, ModelDetails Details, string Source, CatalogProvenance? Provenance = null) : IModelEvent;

/// <summary>How open or free the model is changed in the world, from <paramref name="EffectiveOn"/>.</summary>
public sealed record ModelAccessChanged(string ModelId, DateOnly EffectiveOn, Access Access, string? Note, string Source) : IModelEvent;

/// <summary>Facts recorded earlier were wrong: the corrected details replace them, and the history keeps both.</summary>
/// <param name="Provenance">The catalog snapshot that corrected facts the same catalog gave; null for a hand correction.</param>
public sealed record ModelDetailsCorrected(
    string ModelId, ModelDetails Details, IReadOnlyList<string> CorrectedFields, string Reason, string Source, CatalogProvenance? Provenance = null) : IModelEvent;

/// <summary>The model was withdrawn (deprecated, shut down) on <paramref name="RetiredOn"/>.</summary>
public sealed record ModelRetired(string ModelId, DateOnly RetiredOn, string Reason, string Source) : IModelEvent;

/// <summary>
/// What a catalog says of a model another source put in the catalog (or one corrected by hand since), when it
/// differs from what that catalog said before: kept beside the model's facts, never over them.
/// </summary>
/// <param name="DiffersIn">The fields the catalog states that differ from the model's facts; empty when it agrees.</param>
public sealed record ModelCatalogFactsRecorded(string ModelId, ModelDetails Details, IReadOnlyList<string> DiffersIn, CatalogProvenance Provenance) : IModelEvent
{
    public string Source => Provenance.Location;
}
