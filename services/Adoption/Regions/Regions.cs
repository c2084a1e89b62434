using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Intelligence.Platform.Geography;

namespace Intelligence.Adoption.Regions;

/// <summary>A region an observation can be for: a country, the world, or a named grouping.</summary>
/// <param name="Code">An ISO 3166-1 alpha-2 code (upper case), <c>global</c>, or a grouping's code (lower case).</param>
public sealed record Region(string Code, string Name, bool IsCountry);

/// <summary>How a region text was read, and what was dropped on the way ("(mobile)", "(selected)").</summary>
public sealed record RegionReading(Region Region, string? Qualifier, bool Aliased);

/// <summary>
/// The regions of the service: ISO countries (with the platform's names and aliases), <c>global</c>, and the
/// groupings held as data in <c>regions.csv</c> with their other names in <c>region-aliases.csv</c>. Reads regions
/// as sources write them: "US", "United Arab Emirates", "world", "Global North", "China (mobile)".
/// </summary>
public sealed partial class RegionCatalog
{
    private readonly FrozenDictionary<string, Region> _groupings;
    private readonly FrozenDictionary<string, string> _aliases;
    private readonly Countries _countries;
    private readonly CountryNames _countryNames;

    private RegionCatalog(IEnumerable<Region> groupings, IEnumerable<KeyValuePair<string, string>> aliases, Countries countries, CountryNames countryNames)
    {
        var list = groupings.ToList();
        _groupings = list.ToFrozenDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var region in list)
        {
            names[region.Name] = region.Code;
        }

        foreach (var (alias, code) in aliases)
        {
            names[alias] = code;
        }

        _aliases = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _countries = countries;
        _countryNames = countryNames;
    }

    public const string Global = "global";

    public static RegionCatalog Default { get; } = new(
        ReadEmbedded("regions.csv").Select(row => new Region(row[0], row[1], IsCountry: false)),
        ReadEmbedded("region-aliases.csv").Select(row => KeyValuePair.Create(row[0], row[1])),
        Countries.Iso3166,
        CountryNames.Default);

    public IEnumerable<Region> Groupings => _groupings.Values;

    /// <summary>The region a code names exactly ("US", "global", "global-north"); false otherwise.</summary>
    public bool TryGet(string code, out Region region)
    {
        if (_groupings.TryGetValue(code, out var grouping))
        {
            region = grouping;
            return true;
        }

        if (code.Length == 2 && _countries.TryGet(code, out var country))
        {
            region = new Region(country.Code, country.Name, IsCountry: true);
            return true;
        }

        region = null!;
        return false;
    }

    /// <summary>Reads a region as a source writes it; null when it names no region (or several countries).</summary>
    public RegionReading? Read(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (TryGet(trimmed, out var exact))
        {
            return new RegionReading(exact, null, Aliased: false);
        }

        if (_aliases.TryGetValue(trimmed, out var aliased) && _groupings.TryGetValue(aliased, out var whole))
        {
            return new RegionReading(whole, null, Aliased: true);
        }

        var qualifier = Parenthetical().Match(trimmed) is { Success: true } match ? match.Groups[1].Value.Trim() : null;
        var place = Parenthetical().Replace(trimmed, " ").Trim();
        if (TryGet(place, out var code))
        {
            return new RegionReading(code, qualifier, Aliased: true);
        }

        if (_aliases.TryGetValue(place, out var alias) && _groupings.TryGetValue(alias, out var grouping))
        {
            return new RegionReading(grouping, qualifier, Aliased: true);
        }

        var (codes, unknown) = _countryNames.Read(place);
        return unknown is null && codes.Count == 1 && _countries.TryGet(codes[0], out var country)
            ? new RegionReading(new Region(country.Code, country.Name, IsCountry: true), qualifier, Aliased: true)
            : null;
    }

    private static List<string[]> ReadEmbedded(string name)
    {
        using var stream = typeof(RegionCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the adoption assembly.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header; the files hold no quoted fields
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                rows.Add(line.Split(',', 2, StringSplitOptions.TrimEntries));
            }
        }

        return rows;
    }

    [GeneratedRegex(@"\s*\((.*?)\)\s*")]
    private static partial Regex Parenthetical();
}
