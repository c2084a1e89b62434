using Intelligence.Contracts;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Features;

/// <summary>
/// A model's details as a client sends them, the fields an announcement and a correction share. Every field is
/// nullable so a missing one is reported by name rather than as unreadable JSON; on a correction, an absent field
/// keeps its current value. Countries, date basis, free access, confidence, modalities and open weights' words are
/// read as the importer reads them (<see cref="Terms"/>, <see cref="Origins"/>): what no mapping covers is kept as
/// other with its label, never refused.
/// </summary>
public record ModelDetailsRequest
{
    public string? Name { get; init; }

    public OrganizationRequest? Organization { get; init; }

    /// <summary>ISO 3166-1 alpha-2 codes or country names; a place that is no known country is kept by its name (bloc unknown).</summary>
    public IReadOnlyList<string>? OriginCountries { get; init; }

    public DateOnly? ReleaseDate { get; init; }

    /// <summary>announcement, weights-release, api-release, or the source's words (kept as other).</summary>
    public string? DateBasis { get; init; }

    public bool? OpenWeights { get; init; }

    /// <summary>The source's words on open weights when they are neither yes nor no ("on request"), instead of <see cref="OpenWeights"/>: read as the import's open_weights column.</summary>
    public string? OpenWeightsLabel { get; init; }

    public string? Licence { get; init; }

    /// <summary>unknown, yes, no, limited, not-applicable, or the source's words (kept as other).</summary>
    public string? FreeAccess { get; init; }

    public bool? ApiAvailable { get; init; }

    /// <summary>text, image, audio, video, code, or any other modality by its name.</summary>
    public IReadOnlyList<string>? Modalities { get; init; }

    public long? ParameterCount { get; init; }

    /// <summary>high, medium, low, or the source's grade (kept as other).</summary>
    public string? Confidence { get; init; }
}

/// <param name="Id">Optional slug; derived from the name when absent.</param>
/// <param name="Country">Optional home country (a code, a name, or a place that is no known country); the first origin when absent.</param>
public sealed record OrganizationRequest(string? Id, string? Name, string? Country);

/// <summary>The rules every field of a model's details must meet, shared by announcements and corrections.</summary>
internal static class ModelDetailsRules
{
    public const int MaxNameLength = 200;
    public const int MaxLicenceLength = 300;
    public const string UnspecifiedLicence = "unspecified";

    /// <summary>
    /// Merges the request over <paramref name="current"/> (null for a new model: then name, organization, origin
    /// countries, release date and open weights are required) and checks every rule; null when a rule is broken.
    /// </summary>
    public static ModelDetails? ToDetails(ModelDetailsRequest request, ModelDetails? current, CountryNames countryNames, DateOnly today, Validation validation)
    {
        var name = request.Name?.Trim() ?? current?.Name ?? string.Empty;
        validation.Check(name.Length > 0, "name", "is required")
            .Check(name.Length <= MaxNameLength, "name", $"must be at most {MaxNameLength} characters");

        var origins = request.OriginCountries is null
            ? current?.OriginCountries.ToList() ?? []
            : request.OriginCountries.Select((place, i) => Place(place, $"originCountries[{i}]", countryNames, validation)).ToList();
        validation.Check(origins.Count > 0, "originCountries", "must name at least one place: an ISO 3166-1 alpha-2 code, a country's name, or another place's name");
        validation.Check(origins.Distinct().Count() == origins.Count, "originCountries", "must not repeat a country");

        var organization = request.Organization is null
            ? current?.Organization
            : ToOrganization(request.Organization, origins.FirstOrDefault(), countryNames, validation);
        validation.Check(organization is not null || request.Organization is not null, "organization", "is required: an object with a name, and optionally an id and a country");

        var releasedOn = request.ReleaseDate ?? current?.ReleasedOn;
        validation.Check(releasedOn is not null, "releaseDate", "is required (yyyy-MM-dd)");
        if (releasedOn is { } date)
        {
            validation.Check(date <= today.AddYears(1), "releaseDate", "must not be more than a year ahead")
                .Check(date.Year >= 1950, "releaseDate", "must be in 1950 or later");
        }

        var openWeights = OpenWeights(request.OpenWeights, request.OpenWeightsLabel, current?.Access, validation);

        var licence = request.Licence?.Trim() ?? current?.Access.Licence ?? UnspecifiedLicence;
        validation.Check(licence.Length is > 0 and <= MaxLicenceLength, "licence", $"must be 1 to {MaxLicenceLength} characters (an SPDX id where one fits)");

        var modalities = (request.Modalities ?? current?.Modalities ?? ["text"])
            .Select((modality, i) => Read($"modalities[{i}]", modality ?? string.Empty, Terms.ReadModality, validation) ?? string.Empty)
            .ToList();

        var parameters = request.ParameterCount ?? current?.ParameterCount;
        validation.Check(parameters is null or > 0, "parameterCount", "must be a positive number of parameters when known");

        var freeAccess = Read("freeAccess", request.FreeAccess, Terms.ReadFreeAccess, validation)
            ?? (current is null ? new(FreeAccess.Unknown, null) : new(current.Access.FreeAccess, current.Access.FreeAccessLabel));
        var dateBasis = Read("dateBasis", request.DateBasis, Terms.ReadDateBasis, validation)
            ?? (current is null ? new(DateBasis.Announcement, null) : new(current.DateBasis, current.DateBasisLabel));
        var confidence = Read("confidence", request.Confidence, Terms.ReadConfidence, validation)
            ?? (current is null ? new(Confidence.Medium, null) : new(current.Confidence, current.ConfidenceLabel));

        if (!validation.IsValid)
        {
            return null;
        }

        var access = new Access(
            openWeights!.Open,
            licence,
            freeAccess.Kind,
            request.ApiAvailable ?? current?.Access.ApiAvailable,
            openWeights.Label,
            freeAccess.Label);
        return new ModelDetails(
            name,
            organization!,
            origins,
            releasedOn!.Value,
            dateBasis.Kind,
            access,
            modalities.Distinct().ToList(),
            parameters,
            confidence.Kind,
            dateBasis.Label,
            confidence.Label);
    }

    /// <summary>
    /// Open weights as sent: <c>openWeights</c> (true or false), or <c>openWeightsLabel</c> in the source's words,
    /// read as the importer reads them ("no (weights opened later)" is no; "on request" is other, not counted as
    /// open). Absent both, a correction keeps what is stored; an announcement needs one.
    /// </summary>
    public static OpenWeightsTerm? OpenWeights(bool? open, string? label, Access? current, Validation validation)
    {
        if (label is not null)
        {
            validation.Check(open is null, "openWeightsLabel", "must come without openWeights: one states what the other would");
            return Read("openWeightsLabel", label, Terms.ReadOpenWeights, validation);
        }

        if (open is { } stated)
        {
            return new OpenWeightsTerm(stated, null, Qualified: false);
        }

        validation.Check(current is not null, "openWeights", "is required (true or false), or openWeightsLabel in the source's words");
        return current is null ? null : new OpenWeightsTerm(current.OpenWeights, current.OpenWeightsLabel, Qualified: false);
    }

    /// <summary>A term of an open vocabulary as sent: null when absent, or when it is not a label (then said so under <paramref name="field"/>).</summary>
    public static TTerm? Read<TTerm>(string field, string? text, Func<string, TTerm?> read, Validation validation)
        where TTerm : class
    {
        if (text is null)
        {
            return null;
        }

        if (Labels.Problem(text) is { } problem)
        {
            validation.Add(field, problem);
            return null;
        }

        return read(text);
    }

    /// <summary>A place as sent: the code of the country it names, or its name when it names none (kept as other, bloc unknown).</summary>
    private static string Place(string? text, string field, CountryNames countryNames, Validation validation) =>
        Read(field, text ?? string.Empty, place => Origins.Read(countryNames, place), validation) ?? string.Empty;

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

    private static Organization? ToOrganization(OrganizationRequest request, string? firstOrigin, CountryNames countryNames, Validation validation)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        validation.Check(name.Length is > 0 and <= MaxNameLength, "organization.name", $"is required, at most {MaxNameLength} characters");
        var id = string.IsNullOrWhiteSpace(request.Id) ? Slugs.From(name) : request.Id.Trim();
        validation.Check(name.Length == 0 || Slugs.IsValid(id), "organization.id", "must be a slug: lower-case letters and digits joined by single hyphens");
        var country = string.IsNullOrWhiteSpace(request.Country) ? firstOrigin ?? string.Empty : Place(request.Country, "organization.country", countryNames, validation);
        return validation.IsValid ? new Organization(id, name, country) : null;
    }
}
