using Intelligence.Contracts;
using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;

namespace Intelligence.Releases.Features;

/// <summary>
/// A model as the API shows it. Every kind stands beside its label: the source's own words when the kind is other,
/// null when the kind says it. A place that is no known country stands in the origin countries by its name, its
/// bloc unknown.
/// </summary>
/// <param name="Bloc">The bloc of the first origin (US, China, EU, Other), or unknown when it is no known country.</param>
/// <param name="OpenWeightsLabel">The source's words on open weights when they are neither yes nor no; then openWeights is false: not known to be open.</param>
public sealed record ModelView(
    string Id,
    string Name,
    OrganizationView Organization,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    DateOnly ReleasedOn,
    DateBasis DateBasis,
    string? DateBasisLabel,
    bool OpenWeights,
    string? OpenWeightsLabel,
    string Licence,
    FreeAccess FreeAccess,
    string? FreeAccessLabel,
    bool? ApiAvailable,
    IReadOnlyList<string> Modalities,
    long? ParameterCount,
    Confidence Confidence,
    string? ConfidenceLabel,
    string SourceUrl,
    DateOnly? RetiredOn,
    long Version)
{
    /// <summary>The catalog whose sync put the model here (its facts are that catalog's until a hand source corrects them); null for a hand-sourced model.</summary>
    public string? ListedBy { get; init; }

    /// <summary>What each public catalog last said of the model, and where it disagrees with the facts above: kept side by side, never over them.</summary>
    public IReadOnlyList<CatalogFactsView> CatalogViews { get; init; } = [];

    public static ModelView From(Model model, long version, Countries countries)
    {
        var details = model.Details;
        return new ModelView(
            model.Id,
            details.Name,
            new OrganizationView(details.Organization.Id, details.Organization.Name, details.Organization.HomeCountry, Origins.BlocOf(countries, details.Organization.HomeCountry)),
            details.OriginCountries,
            Origins.BlocOf(countries, details.OriginCountries[0]),
            details.ReleasedOn,
            details.DateBasis,
            details.DateBasisLabel,
            details.Access.OpenWeights,
            details.Access.OpenWeightsLabel,
            details.Access.Licence,
            details.Access.FreeAccess,
            details.Access.FreeAccessLabel,
            details.Access.ApiAvailable,
            details.Modalities,
            details.ParameterCount,
            details.Confidence,
            details.ConfidenceLabel,
            model.SourceUrl,
            model.RetiredOn,
            version)
        {
            ListedBy = model.ListedBy,
            CatalogViews = [.. model.CatalogViews.Select(view => CatalogFactsView.Of(view, details))],
        };
    }

    public static ModelView From(CatalogEntry entry, Countries countries) => From(entry.State, entry.StreamVersion, countries);
}

/// <param name="HomeCountry">An ISO 3166-1 alpha-2 code, or the source's name for a place that is no known country.</param>
/// <param name="Bloc">The home country's bloc, or unknown.</param>
public sealed record OrganizationView(string Id, string Name, string HomeCountry, string Bloc);

/// <summary>A catalog's facts about a model as of its last snapshot, with the fields that disagree with the model's facts.</summary>
/// <param name="DisagreesIn">organization, originCountries, releasedOn, openWeights or modalities; empty when the catalog agrees.</param>
public sealed record CatalogFactsView(
    CatalogProvenance Provenance,
    string Name,
    string OrganizationId,
    IReadOnlyList<string> OriginCountries,
    DateOnly ReleasedOn,
    bool OpenWeights,
    IReadOnlyList<string> Modalities,
    IReadOnlyList<string> DisagreesIn)
{
    public static CatalogFactsView Of(CatalogModelView view, ModelDetails facts) => new(
        view.Provenance,
        view.Details.Name,
        view.Details.Organization.Id,
        view.Details.OriginCountries,
        view.Details.ReleasedOn,
        view.Details.Access.OpenWeights,
        view.Details.Modalities,
        view.DisagreementsWith(facts));
}
