using System.Globalization;
using Intelligence.Contracts;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Import;

/// <summary>A row of the releases file read into an announcement, with what had to be normalised on the way.</summary>
public sealed record ReadRow(int Line, AnnounceModel Command, IReadOnlyList<string> Normalised) : IImportRow;

/// <summary>
/// Reads a row of the bulk-import format (the columns of the reference <c>releases.csv</c>) into an
/// <see cref="AnnounceModel"/>. Messy values are normalised where their meaning is clear ("US/UK", "China",
/// "n/a", "no (weights opened later)"), and said so; an org_country that is no known country, and a date basis, open
/// weights, free access or confidence no documented mapping covers (<see cref="Terms"/>), are kept as other with
/// their labels, and said so. Only what leaves no usable fact rejects the row, with the reason: no model or
/// organization, nowhere it comes from, no date, no yes-or-no or words on its weights, no source.
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

        var id = Slugs.From(name);
        if (!Slugs.IsValid(id))
        {
            return (null, $"model '{name}' gives no usable id");
        }

        var organizationName = record["organization"];
        if (organizationName.Length == 0)
        {
            return (null, "organization is empty");
        }

        var countryText = record["org_country"];
        var places = countryText.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if ((places.Length == 0 ? Labels.Problem(countryText) ?? "names no place" : places.Select(Labels.Problem).FirstOrDefault(problem => problem is not null)) is { } badPlace)
        {
            return (null, $"org_country '{countryText}' {badPlace}: say where the organization is based (any place's name is kept)");
        }

        var countries = new List<string>();
        foreach (var origin in places.Select(place => Origins.Read(countryNames, place)).Distinct())
        {
            countries.Add(origin);
            if (!Origins.IsCountry(Countries.Iso3166, origin))
            {
                normalised.Add($"org_country '{origin}' normalised: kept as other");
            }
        }

        // Names ("China") read as codes without comment; several countries or a place within one are worth a note.
        if (countries.Count > 1 || countryText.Contains('(', StringComparison.Ordinal))
        {
            normalised.Add($"org_country '{countryText}' read as {string.Join("/", countries)}");
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
        if (Labels.Problem(openWeightsText) is { } badWeights || Terms.ReadOpenWeights(openWeightsText) is not { } openWeights)
        {
            return (null, $"open_weights '{openWeightsText}' {Labels.Problem(openWeightsText)}: say yes, no, or the source's words");
        }

        if (openWeights.Label is not null)
        {
            normalised.Add($"open_weights '{openWeights.Label}' normalised: kept as other");
        }
        else if (openWeights.Qualified)
        {
            normalised.Add($"open_weights '{openWeightsText}' read as {(openWeights.Open ? "yes" : "no")} (at release)");
        }

        if (ReadTerm("consumer_free_access", record["consumer_free_access"], Terms.ReadFreeAccess, normalised, allowEmpty: true) is not { } freeAccess)
        {
            return (null, $"consumer_free_access '{record["consumer_free_access"]}' {Labels.Problem(record["consumer_free_access"])}");
        }

        if (ReadTerm("confidence", record["confidence"], Terms.ReadConfidence, normalised, allowEmpty: false) is not { } confidence)
        {
            return (null, $"confidence '{record["confidence"]}' {Labels.Problem(record["confidence"])}");
        }

        if (ReadTerm("date_basis", record["date_basis"], Terms.ReadDateBasis, normalised, allowEmpty: true) is not { } dateBasis)
        {
            return (null, $"date_basis '{record["date_basis"]}' {Labels.Problem(record["date_basis"])}");
        }

        var source = record["source"];
        if (source.Length == 0)
        {
            return (null, "source is empty: every fact needs one");
        }

        var basisText = record["date_basis"];
        var licence = record["licence"].Length == 0 ? "unspecified" : record["licence"];
        var access = new Access(
            openWeights.Open, licence, freeAccess.Kind, basisText.Contains("api", StringComparison.OrdinalIgnoreCase) ? true : null, openWeights.Label, freeAccess.Label);
        var details = new ModelDetails(
            name,
            new Organization(Slugs.From(organizationName), organizationName, countries[0]),
            countries,
            releasedOn,
            dateBasis.Kind,
            access,
            ["text"],
            ParameterCount: null,
            confidence.Kind,
            dateBasis.Label,
            confidence.Label);
        return (new ReadRow(record.Line, new AnnounceModel(id, details, source), normalised), null);
    }

    /// <summary>
    /// A column of an open vocabulary as the row states it: its kind, or other with the label, said in the report;
    /// an empty cell is the column's own reading when <paramref name="allowEmpty"/> (free access unknown, the basis an
    /// announcement), else other without a label: not stated. Null when the text cannot be a label.
    /// </summary>
    private static Term<TKind>? ReadTerm<TKind>(string column, string text, Func<string, Term<TKind>> read, List<string> normalised, bool allowEmpty)
        where TKind : struct, Enum
    {
        if (text.Trim().Length == 0)
        {
            if (allowEmpty)
            {
                return read(text);
            }

            normalised.Add($"{column} is empty: kept as other");
            return read(text) with { Label = null };
        }

        if (Labels.Problem(text) is not null)
        {
            return null;
        }

        var term = read(text);
        if (term.Label is not null)
        {
            normalised.Add($"{column} '{term.Label}' normalised: kept as other");
        }

        return term;
    }
}
