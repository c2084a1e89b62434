using Intelligence.Adoption.Domain;
using Intelligence.Contracts;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Adoption.Integration;

/// <summary>
/// This service's replica of one model of the releases catalog, built from the releases events. Its parts move
/// separately: the card (name, organization, origin, bloc) with releases and corrections, access with those and
/// access changes, retirement by itself. Each part keeps the stream version it came from, and a newer version
/// wins, so the events may arrive in any order and any number of times.
/// </summary>
public sealed record CatalogModel(string Id)
{
    /// <summary>The stream version the card came from; 0 while only access or retirement is known.</summary>
    public long CardVersion { get; init; }

    public string? Name { get; init; }

    public string? OrganizationId { get; init; }

    public string? OrganizationName { get; init; }

    public string? OrganizationCountry { get; init; }

    public IReadOnlyList<string> OriginCountries { get; init; } = [];

    public string? Bloc { get; init; }

    public DateOnly? ReleasedOn { get; init; }

    public long AccessVersion { get; init; }

    public bool? OpenWeights { get; init; }

    /// <summary>unknown, yes, no, limited or not-applicable, as the releases service says it.</summary>
    public string? FreeAccess { get; init; }

    public DateOnly? RetiredOn { get; init; }

    /// <summary>The key of the name, which a subject's id may be; null while the card is not known.</summary>
    public string? NameKey => Name is null ? null : Slugs.From(Name);

    /// <summary>The families the name is of (<see cref="Names.Families"/>), which a subject's family may be.</summary>
    public string[] NameFamilies => NameKey is { } key ? [.. Names.Families(key)] : [];

    public KnownModel? ToKnownModel() => CardVersion == 0
        ? null
        : new KnownModel(Id, Name!, OrganizationId!, OrganizationName!, OrganizationCountry!, OriginCountries, Bloc!, ReleasedOn!.Value);
}

/// <summary>How each releases event changes the replica: pure, and a no-op for what is older than what it holds.</summary>
public static class CatalogReplica
{
    public static CatalogModel Apply(CatalogModel? model, Contract.ModelReleased e) =>
        WithAccess(
            WithCard(model ?? new CatalogModel(e.ModelId), e.StreamVersion, e.Name, e.OrganizationId, e.OrganizationName, e.OrganizationCountry, e.OriginCountries, e.Bloc, e.ReleasedOn),
            e.StreamVersion, e.OpenWeights, e.FreeAccess);

    public static CatalogModel Apply(CatalogModel? model, Contract.ModelDetailsCorrected e) =>
        WithAccess(
            WithCard(model ?? new CatalogModel(e.ModelId), e.StreamVersion, e.Name, e.OrganizationId, e.OrganizationName, e.OrganizationCountry, e.OriginCountries, e.Bloc, e.ReleasedOn),
            e.StreamVersion, e.OpenWeights, e.FreeAccess);

    public static CatalogModel Apply(CatalogModel? model, Contract.ModelAccessChanged e) =>
        WithAccess(model ?? new CatalogModel(e.ModelId), e.StreamVersion, e.OpenWeights, e.FreeAccess);

    public static CatalogModel Apply(CatalogModel? model, Contract.ModelRetired e) =>
        (model ?? new CatalogModel(e.ModelId)) with { RetiredOn = e.RetiredOn };

    private static CatalogModel WithCard(
        CatalogModel model, long version, string name, string organizationId, string organizationName, string organizationCountry,
        IReadOnlyList<string> originCountries, string bloc, DateOnly releasedOn) =>
        version <= model.CardVersion
            ? model
            : model with
            {
                CardVersion = version,
                Name = name,
                OrganizationId = organizationId,
                OrganizationName = organizationName,
                OrganizationCountry = organizationCountry,
                OriginCountries = originCountries,
                Bloc = bloc,
                ReleasedOn = releasedOn,
            };

    private static CatalogModel WithAccess(CatalogModel model, long version, bool openWeights, string freeAccess) =>
        version <= model.AccessVersion ? model : model with { AccessVersion = version, OpenWeights = openWeights, FreeAccess = freeAccess };
}
