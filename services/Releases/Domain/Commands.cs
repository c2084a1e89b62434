using Intelligence.Contracts;

namespace Intelligence.Releases.Domain;

/// <summary>Put a model into the catalog. Commands are built only from validated input.</summary>
public sealed record AnnounceModel(string ModelId, ModelDetails Details, string Source);

/// <summary>Record that a model's access changed in the world from a date.</summary>
public sealed record ChangeModelAccess(string ModelId, DateOnly EffectiveOn, Access Access, string? Note, string Source);

/// <summary>Fix facts recorded wrongly, saying why.</summary>
public sealed record CorrectModelDetails(string ModelId, ModelDetails Details, string Reason, string Source);

/// <summary>Record that a model was withdrawn.</summary>
public sealed record RetireModel(string ModelId, DateOnly RetiredOn, string Reason, string Source);

/// <summary>What a catalog snapshot says of a model: the facts it states, read into the catalog's terms.</summary>
/// <param name="Source">Where the catalog points for the provider's models (its documentation), else where the snapshot was read.</param>
public sealed record SyncCatalogModel(string ModelId, ModelDetails Details, CatalogProvenance Provenance, string Source);
