using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Intelligence.Platform.Geography;
using Intelligence.Regulation.Domain;

namespace Intelligence.Regulation.Import;

/// <summary>
/// Reads jurisdictions as the reference file writes them: codes ("CN", "EU", "US-CA"), country names ("China",
/// "Italy", "UK"), subdivisions in parentheses ("US (California)" is US-CA) and international declarations
/// ("International (UK host; 28 countries ...)" is INTL).
/// </summary>
public sealed partial class JurisdictionNames(Countries countries, CountryNames countryNames)
{
    /// <summary>US states (and DC) by name, for "US (California)"; other countries' subdivisions are read by code.</summary>
    private static readonly FrozenDictionary<string, string> UsStates = new (string Name, string Code)[]
    {
        ("Alabama", "AL"),
        ("Alaska", "AK"),
        ("Arizona", "AZ"),
        ("Arkansas", "AR"),
        ("California", "CA"),
        ("Colorado", "CO"),
        ("Connecticut", "CT"),
        ("Delaware", "DE"),
        ("District of Columbia", "DC"),
        ("Florida", "FL"),
        ("Georgia", "GA"),
        ("Hawaii", "HI"),
        ("Idaho", "ID"),
        ("Illinois", "IL"),
        ("Indiana", "IN"),
        ("Iowa", "IA"),
        ("Kansas", "KS"),
        ("Kentucky", "KY"),
        ("Louisiana", "LA"),
        ("Maine", "ME"),
        ("Maryland", "MD"),
        ("Massachusetts", "MA"),
        ("Michigan", "MI"),
        ("Minnesota", "MN"),
        ("Mississippi", "MS"),
        ("Missouri", "MO"),
        ("Montana", "MT"),
        ("Nebraska", "NE"),
        ("Nevada", "NV"),
        ("New Hampshire", "NH"),
        ("New Jersey", "NJ"),
        ("New Mexico", "NM"),
        ("New York", "NY"),
        ("North Carolina", "NC"),
        ("North Dakota", "ND"),
        ("Ohio", "OH"),
        ("Oklahoma", "OK"),
        ("Oregon", "OR"),
        ("Pennsylvania", "PA"),
        ("Rhode Island", "RI"),
        ("South Carolina", "SC"),
        ("South Dakota", "SD"),
        ("Tennessee", "TN"),
        ("Texas", "TX"),
        ("Utah", "UT"),
        ("Vermont", "VT"),
        ("Virginia", "VA"),
        ("Washington", "WA"),
        ("West Virginia", "WV"),
        ("Wisconsin", "WI"),
        ("Wyoming", "WY"),
    }.ToFrozenDictionary(state => state.Name, state => state.Code, StringComparer.OrdinalIgnoreCase);

    public static JurisdictionNames Default { get; } = new(Countries.Iso3166, CountryNames.Default);

    /// <summary>The jurisdiction's code, or why the text names none (or several).</summary>
    public (string? Code, string? Error) Read(string text)
    {
        var upper = text.Trim().ToUpperInvariant();
        if (Jurisdictions.IsValid(upper, countries))
        {
            return (upper, null);
        }

        if (upper.StartsWith("INTERNATIONAL", StringComparison.Ordinal) || upper.StartsWith("INTL", StringComparison.Ordinal))
        {
            return (Jurisdictions.International, null);
        }

        if (upper is "EUROPEAN UNION" or "EUROPE (EU)")
        {
            return (Jurisdictions.EuropeanUnion, null);
        }

        var match = Subdivision().Match(text.Trim());
        var (codes, unknown) = countryNames.Read(match.Success ? match.Groups["country"].Value : text);
        if (unknown is not null)
        {
            return (null, $"'{unknown}' is not a known country or jurisdiction");
        }

        if (codes.Count != 1)
        {
            return (null, $"names {codes.Count} countries ({string.Join("/", codes)}); a measure has one jurisdiction (INTL for declarations between countries)");
        }

        if (!match.Success)
        {
            return (codes[0], null);
        }

        var place = match.Groups["place"].Value.Trim();
        if (codes[0] == "US" && UsStates.TryGetValue(place, out var state))
        {
            return ($"US-{state}", null);
        }

        var code = $"{codes[0]}-{place.ToUpperInvariant()}";
        return Jurisdictions.IsValid(code, countries) ? (code, null) : (null, $"'{place}' is not a known subdivision of {codes[0]}");
    }

    [GeneratedRegex(@"^(?<country>[^()]+?)\s*\((?<place>[^()]+)\)$")]
    private static partial Regex Subdivision();
}
