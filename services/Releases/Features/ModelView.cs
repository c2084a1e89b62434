using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;

namespace Intelligence.Releases.Features;

/// <summary>A model as the API shows it.</summary>
public sealed record ModelView(
    string Id,
    string Name,
    OrganizationView Organization,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    DateOnly ReleasedOn,
    DateBasis DateBasis,
    bool OpenWeights,
    string Licence,
    FreeAccess FreeAccess,
    bool? ApiAvailable,
    IReadOnlyList<string> Modalities,
    long? ParameterCount,
    Confidence Confidence,
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
            new OrganizationView(details.Organization.Id, details.Organization.Name, details.Organization.HomeCountry),
            details.OriginCountries,
            countries.BlocOf(details.OriginCountries[0]),
            details.ReleasedOn,
            details.DateBasis,
            details.Access.OpenWeights,
            details.Access.Licence,
            details.Access.FreeAccess,
            details.Access.ApiAvailable,
            details.Modalities,
            details.ParameterCount,
            details.Confidence,
            model.SourceUrl,
            model.RetiredOn,
            version);
    }

    public static ModelView From(CatalogEntry entry, Countries countries) => From(entry.State, entry.StreamVersion, countries);
}

public sealed record OrganizationView(string Id, string Name, string HomeCountry);
