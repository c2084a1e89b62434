namespace Intelligence.Contracts;

/// <summary>
/// Where a fact synced from a public catalog comes from: which catalog, which snapshot of it, when it was read and
/// from where. Carried by the facts a sync stores and by the integration events they publish, so a consumer can
/// tell a catalog's fact from a hand-sourced one, and two snapshots apart.
/// </summary>
/// <param name="Catalog">The catalog's name: genai-prices or models.dev.</param>
/// <param name="Version">The snapshot: a package version (@pydantic/genai-prices@0.1.8) or the content's hash (sha256:…).</param>
/// <param name="ReadAt">When the snapshot was read from <paramref name="Location"/>.</param>
/// <param name="Location">The file or URL it was read from.</param>
public sealed record CatalogProvenance(string Catalog, string Version, DateTimeOffset ReadAt, string Location);
