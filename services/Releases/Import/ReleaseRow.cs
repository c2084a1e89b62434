using System.Globalization;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Import;

/// <summary>A row of the releases file read into an announcement, with what had to be normalised on the way.</summary>
public sealed record ReadRow(int Line, AnnounceModel Command, IReadOnlyList<string> Normalised);

/// <summary>
/// Reads a row of the bulk-import format (the columns of the reference <c>releases.csv</c>) into an
/// <see cref="AnnounceModel"/>. Messy values are normalised where their meaning is clear ("US/UK", "China",
/// "n/a", "no (weights opened later)"), and said so; anything else rejects the row with the reason.
/// </summary>
public static class ReleaseRow
{
    public static readonly IReadOnlyList<string> RequiredColumns =
        ["model", "organization", "org_country", "release_date", "date_basis", "open_weights", "licence", "consumer_free_access", "source", "confidence"];

    /// <summary>The row as a command, or the reason it cannot be one.</summary>
    public static (ReadRow? Row, string? Rejection) Read(CsvRecord record, CountryNames countryNames, DateOnly today)
    {
        if (record.Error is not null)
        {
            return (null, record.Error);
        }

        var normalised = new List<string>();
        var name = record["model"];
        if (name.Length == 0)
        {
            return (null, "model is empty");
        }

        var id = Slug.From(name);
        if (!Slug.IsValid(id))
        {
            return (null, $"model '{name}' gives no usable id");
        }

        var organizationName = record["organization"];
        if (organizationName.Length == 0)
        {
            return (null, "organization is empty");
        }

        var (countries, unknown) = countryNames.Read(record["org_country"]);
        if (unknown is not null)
        {
            return (null, $"org_country '{record["org_country"]}': '{unknown}' is not a known country");
        }

        // Names ("China") read as codes without comment; several countries or a place within one are worth a note.
        if (countries.Count > 1 || record["org_country"].Contains('(', StringComparison.Ordinal))
        {
            normalised.Add($"org_country '{record["org_country"]}' read as {string.Join("/", countries)}");
        }

        if (!DateOnly.TryParseExact(record["release_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var releasedOn))
        {
            return (null, $"release_date '{record["release_date"]}' is not a date (yyyy-MM-dd)");
        }

        if (releasedOn > today.AddYears(1))
        {
            return (null, $"release_date {releasedOn:yyyy-MM-dd} is more than a year ahead");
        }

        var openWeightsText = record["open_weights"];
        bool openWeights;
        if (openWeightsText.StartsWith("yes", StringComparison.OrdinalIgnoreCase))
        {
            openWeights = true;
        }
        else if (openWeightsText.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            openWeights = false;
        }
        else
        {
            return (null, $"open_weights '{openWeightsText}' is neither yes nor no");
        }

        if (openWeightsText.Length > 3)
        {
            normalised.Add($"open_weights '{openWeightsText}' read as {(openWeights ? "yes" : "no")} (at release)");
        }

        if (ReadFreeAccess(record["consumer_free_access"]) is not { } freeAccess)
        {
            return (null, $"consumer_free_access '{record["consumer_free_access"]}' is not yes, no, limited or n/a");
        }

        if (!Enum.TryParse<Confidence>(record["confidence"], ignoreCase: true, out var confidence) || !Enum.IsDefined(confidence))
        {
            return (null, $"confidence '{record["confidence"]}' is not high, medium or low");
        }

        var source = record["source"];
        if (source.Length == 0)
        {
            return (null, "source is empty: every fact needs one");
        }

        var basisText = record["date_basis"];
        var licence = record["licence"].Length == 0 ? "unspecified" : record["licence"];
        var details = new ModelDetails(
            name,
            new Organization(Slug.From(organizationName), organizationName, countries[0]),
            countries,
            releasedOn,
            ReadDateBasis(basisText),
            new Access(openWeights, licence, freeAccess, basisText.Contains("api", StringComparison.OrdinalIgnoreCase) ? true : null),
            ["text"],
            ParameterCount: null,
            confidence);
        return (new ReadRow(record.Line, new AnnounceModel(id, details, source), normalised), null);
    }

    /// <summary>"weights release" and "weights+API release" date the weights; "API+... release" dates the API; the rest announcements.</summary>
    internal static DateBasis ReadDateBasis(string text)
    {
        var lower = text.ToLowerInvariant();
        if (lower.StartsWith("weights", StringComparison.Ordinal))
        {
            return DateBasis.WeightsRelease;
        }

        return lower.StartsWith("api", StringComparison.Ordinal) || lower.Contains("+api release", StringComparison.Ordinal)
            ? DateBasis.ApiRelease
            : DateBasis.Announcement;
    }

    private static FreeAccess? ReadFreeAccess(string text) => text.ToLowerInvariant() switch
    {
        "yes" => FreeAccess.Yes,
        "no" => FreeAccess.No,
        "limited" => FreeAccess.Limited,
        "n/a" or "na" or "not applicable" => FreeAccess.NotApplicable,
        "" or "unknown" => FreeAccess.Unknown,
        _ => null,
    };
}
