namespace Intelligence.Releases.Domain;

/// <summary>The domain events of a model's life, as stored in the service's event store.</summary>
public interface IModelEvent
{
    string ModelId { get; }

    /// <summary>Where the fact comes from: a URL or a document name.</summary>
    string Source { get; }
}

/// <summary>A model entered the catalog: its first event.</summary>
public sealed record ModelAnnounced(string ModelId, ModelDetails Details, string Source) : IModelEvent;

/// <summary>How open or free the model is changed in the world, from <paramref name="EffectiveOn"/>.</summary>
public sealed record ModelAccessChanged(string ModelId, DateOnly EffectiveOn, Access Access, string? Note, string Source) : IModelEvent;

/// <summary>Facts recorded earlier were wrong: the corrected details replace them, and the history keeps both.</summary>
public sealed record ModelDetailsCorrected(
    string ModelId, ModelDetails Details, IReadOnlyList<string> CorrectedFields, string Reason, string Source) : IModelEvent;

/// <summary>The model was withdrawn (deprecated, shut down) on <paramref name="RetiredOn"/>.</summary>
public sealed record ModelRetired(string ModelId, DateOnly RetiredOn, string Reason, string Source) : IModelEvent;
