using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Features;

/// <summary>A model as the API shows it.</summary>
public sealed record ModelView(
    string Id,
    string Name,
    OrganizationView Organization,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    DateOnly ReleasedOn,
    bool OpenWeights,
    string SourceUrl,
    long Version)
{
    public static ModelView From(Model model, Countries countries) => new(
        model.Id,
        model.Name,
        new OrganizationView(model.Organization.Id, model.Organization.Name, model.Organization.HomeCountry),
        model.OriginCountries,
        countries.BlocOf(model.OriginCountries[0]),
        model.ReleasedOn,
        model.OpenWeights,
        model.SourceUrl,
        model.Version);
}

public sealed record OrganizationView(string Id, string Name, string HomeCountry);
