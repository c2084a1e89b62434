namespace Intelligence.Pricing.Projections;

/// <summary>
/// The pricing service's replica of a catalog model, from the releases service's events. Events may arrive in
/// any order: details apply only when newer (by stream version) than those held, and a retirement heard before
/// the release leaves a model not yet <see cref="Known"/>.
/// </summary>
public sealed record CatalogModel(
    string Id, string? Name, IReadOnlyList<string> OriginCountries, string? Bloc, string? OrganizationId, string? OrganizationName, DateOnly? RetiredOn, long DetailsVersion)
{
    public bool Known => Name is not null;

    public static CatalogModel Unknown(string id) => new(id, null, [], null, null, null, null, 0);

    /// <summary>The replica after a model card (released or corrected) of stream version <paramref name="version"/>.</summary>
    public CatalogModel WithDetails(long version, string name, IReadOnlyList<string> originCountries, string bloc, string organizationId, string organizationName) =>
        version <= DetailsVersion
            ? this
            : this with { Name = name, OriginCountries = originCountries, Bloc = bloc, OrganizationId = organizationId, OrganizationName = organizationName, DetailsVersion = version };
}
