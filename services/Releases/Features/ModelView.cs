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
            version);
    }

    public static ModelView From(CatalogEntry entry, Countries countries) => From(entry.State, entry.StreamVersion, countries);
}

/// <param name="HomeCountry">An ISO 3166-1 alpha-2 code, or the source's name for a place that is no known country.</param>
/// <param name="Bloc">The home country's bloc, or unknown.</param>
public sealed record OrganizationView(string Id, string Name, string HomeCountry, string Bloc);
