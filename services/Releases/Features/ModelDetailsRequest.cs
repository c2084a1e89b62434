using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Features;

/// <summary>
/// A model's details as a client sends them, the fields an announcement and a correction share. Every field is
/// nullable so a missing one is reported by name rather than as unreadable JSON; on a correction, an absent field
/// keeps its current value.
/// </summary>
public record ModelDetailsRequest
{
    public string? Name { get; init; }

    public OrganizationRequest? Organization { get; init; }

    public IReadOnlyList<string>? OriginCountries { get; init; }

    public DateOnly? ReleaseDate { get; init; }

    public DateBasis? DateBasis { get; init; }

    public bool? OpenWeights { get; init; }

    public string? Licence { get; init; }

    public FreeAccess? FreeAccess { get; init; }

    public bool? ApiAvailable { get; init; }

    public IReadOnlyList<string>? Modalities { get; init; }

    public long? ParameterCount { get; init; }

    public Confidence? Confidence { get; init; }
}

/// <param name="Id">Optional slug; derived from the name when absent.</param>
/// <param name="Country">Optional ISO 3166-1 alpha-2 home country; the first origin country when absent.</param>
public sealed record OrganizationRequest(string? Id, string? Name, string? Country);

/// <summary>The rules every field of a model's details must meet, shared by announcements and corrections.</summary>
internal static class ModelDetailsRules
{
    public const int MaxNameLength = 200;
    public const int MaxLicenceLength = 300;
    public const string UnspecifiedLicence = "unspecified";

    private static readonly HashSet<string> KnownModalities = new(StringComparer.Ordinal) { "text", "image", "audio", "video", "code" };

    /// <summary>
    /// Merges the request over <paramref name="current"/> (null for a new model: then name, organization, origin
    /// countries, release date and open weights are required) and checks every rule; null when a rule is broken.
    /// </summary>
    public static ModelDetails? ToDetails(ModelDetailsRequest request, ModelDetails? current, Countries countries, DateOnly today, Validation validation)
    {
        var name = request.Name?.Trim() ?? current?.Name ?? string.Empty;
        validation.Check(name.Length > 0, "name", "is required")
            .Check(name.Length <= MaxNameLength, "name", $"must be at most {MaxNameLength} characters");

        var origins = request.OriginCountries is null
            ? current?.OriginCountries.ToList() ?? []
            : request.OriginCountries.Select(code => code?.Trim().ToUpperInvariant() ?? string.Empty).ToList();
        validation.Check(origins.Count > 0, "originCountries", "must name at least one ISO 3166-1 alpha-2 country code");
        for (var i = 0; i < origins.Count; i++)
        {
            validation.Check(countries.TryGet(origins[i], out _), $"originCountries[{i}]", $"'{origins[i]}' is not an ISO 3166-1 alpha-2 country code");
        }

        validation.Check(origins.Distinct().Count() == origins.Count, "originCountries", "must not repeat a country");

        var organization = request.Organization is null
            ? current?.Organization
            : ToOrganization(request.Organization, origins.FirstOrDefault(), countries, validation);
        validation.Check(organization is not null || request.Organization is not null, "organization", "is required: an object with a name, and optionally an id and a country");

        var releasedOn = request.ReleaseDate ?? current?.ReleasedOn;
        validation.Check(releasedOn is not null, "releaseDate", "is required (yyyy-MM-dd)");
        if (releasedOn is { } date)
        {
            validation.Check(date <= today.AddYears(1), "releaseDate", "must not be more than a year ahead")
                .Check(date.Year >= 1950, "releaseDate", "must be in 1950 or later");
        }

        var openWeights = request.OpenWeights ?? current?.Access.OpenWeights;
        validation.Check(openWeights is not null, "openWeights", "is required (true or false)");

        var licence = request.Licence?.Trim() ?? current?.Access.Licence ?? UnspecifiedLicence;
        validation.Check(licence.Length is > 0 and <= MaxLicenceLength, "licence", $"must be 1 to {MaxLicenceLength} characters (an SPDX id where one fits)");

        var modalities = (request.Modalities ?? current?.Modalities ?? ["text"]).Select(m => m?.Trim().ToLowerInvariant() ?? string.Empty).ToList();
        for (var i = 0; i < modalities.Count; i++)
        {
            validation.Check(KnownModalities.Contains(modalities[i]), $"modalities[{i}]", $"must be one of {string.Join(", ", KnownModalities)}");
        }

        var parameters = request.ParameterCount ?? current?.ParameterCount;
        validation.Check(parameters is null or > 0, "parameterCount", "must be a positive number of parameters when known");

        if (!validation.IsValid)
        {
            return null;
        }

        var access = new Access(
            openWeights!.Value,
            licence,
            request.FreeAccess ?? current?.Access.FreeAccess ?? FreeAccess.Unknown,
            request.ApiAvailable ?? current?.Access.ApiAvailable);
        return new ModelDetails(
            name,
            organization!,
            origins,
            releasedOn!.Value,
            request.DateBasis ?? current?.DateBasis ?? DateBasis.Announcement,
            access,
            modalities.Distinct().ToList(),
            parameters,
            request.Confidence ?? current?.Confidence ?? Confidence.Medium);
    }

    public static string? Source(string? sourceUrl, Validation validation)
    {
        var source = sourceUrl?.Trim() ?? string.Empty;
        validation.Check(source.Length > 0, "sourceUrl", "is required")
            .Check(source.Length == 0 || IsWebUrl(source), "sourceUrl", "must be an absolute http or https URL");
        return validation.IsValid ? source : null;
    }

    public static bool IsWebUrl(string value) =>
        value.Length <= 2000
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static Organization? ToOrganization(OrganizationRequest request, string? firstOrigin, Countries countries, Validation validation)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        validation.Check(name.Length is > 0 and <= MaxNameLength, "organization.name", $"is required, at most {MaxNameLength} characters");
        var id = string.IsNullOrWhiteSpace(request.Id) ? Slug.From(name) : request.Id.Trim();
        validation.Check(name.Length == 0 || Slug.IsValid(id), "organization.id", "must be a slug: lower-case letters and digits joined by single hyphens");
        var country = string.IsNullOrWhiteSpace(request.Country) ? firstOrigin ?? string.Empty : request.Country.Trim().ToUpperInvariant();
        validation.Check(request.Country is null || countries.TryGet(country, out _), "organization.country", $"'{country}' is not an ISO 3166-1 alpha-2 country code");
        return validation.IsValid ? new Organization(id, name, country) : null;
    }
}
