using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Intelligence.Contracts;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;

namespace Intelligence.Adoption.Regions;

/// <summary>What kind of place a region is.</summary>
public enum RegionKind
{
    Country,

    /// <summary><c>global</c> or a grouping of <c>regions.csv</c> ("Global North").</summary>
    Grouping,

    /// <summary>A place the source names that is none of the others ("Southeast Asia", "US/UK"): kept by its label, keyed by the label's key.</summary>
    Other,
}

/// <summary>A region an observation can be for: a country, the world, a named grouping, or another place as the source names it.</summary>
/// <param name="Code">An ISO 3166-1 alpha-2 code (upper case), <c>global</c>, a grouping's code (lower case), or for other the key of its name ("southeast-asia").</param>
/// <param name="Name">The region's name; for other, the label as the source stated it.</param>
public sealed record Region(string Code, string Name, RegionKind Kind)
{
    /// <summary>The source's label when the kind is other; null for a known region, whose code says it.</summary>
    public string? Label => Kind == RegionKind.Other ? Name : null;
}

/// <summary>How a region text was read, and what was dropped on the way ("(mobile)", "(selected)").</summary>
public sealed record RegionReading(Region Region, string? Qualifier, bool Aliased);

/// <summary>
/// The regions of the service: ISO countries (with the platform's names and aliases), <c>global</c>, and the
/// groupings held as data in <c>regions.csv</c> with their other names in <c>region-aliases.csv</c> (the one place
/// region mappings live). Reads regions as sources write them: "US", "United Arab Emirates", "world", "Global
/// North", "China (mobile)"; any other place ("Southeast Asia", "US/UK") is a region of kind other that keeps its
/// label, never refused.
/// </summary>
public sealed partial class RegionCatalog
{
    private readonly FrozenDictionary<string, Region> _groupings;
    private readonly FrozenDictionary<string, string> _aliases;
    private readonly FrozenDictionary<string, string> _aliasKeys;
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
        _aliasKeys = names
            .Select(pair => KeyValuePair.Create(Slugs.From(pair.Key), pair.Value))
            .Concat(list.Select(region => KeyValuePair.Create(Slugs.From(region.Code), region.Code)))
            .Where(pair => pair.Key.Length > 0)
            .DistinctBy(pair => pair.Key)
            .ToFrozenDictionary();
        _countries = countries;
        _countryNames = countryNames;
    }

    public const string Global = "global";

    public static RegionCatalog Default { get; } = new(
        ReadEmbedded("regions.csv").Select(row => new Region(row[0], row[1], RegionKind.Grouping)),
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
            region = new Region(country.Code, country.Name, RegionKind.Country);
            return true;
        }

        region = null!;
        return false;
    }

    /// <summary>
    /// The region a series holds by its code and, for other, its label: a known region as the catalog names it, or
    /// the other place by its label (by its code when none is stored).
    /// </summary>
    public Region Describe(string code, string? label) =>
        TryGet(code, out var known) ? known : new Region(code, label ?? code, RegionKind.Other);

    /// <summary>
    /// Reads a region as a source writes it. A place none of the known names reads as is a region of kind other,
    /// keyed by its label's key; text that only differs from a known name by case or punctuation ("Global!") is
    /// the known region, so an other key never takes a known one's series. Null only for text without a letter or
    /// digit.
    /// </summary>
    public RegionReading? Read(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.Any(char.IsLetterOrDigit))
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
        if (unknown is null && codes.Count == 1 && _countries.TryGet(codes[0], out var country))
        {
            return new RegionReading(new Region(country.Code, country.Name, RegionKind.Country), qualifier, Aliased: true);
        }

        var key = Domain.Names.LabelKey(trimmed);
        if (TryGet(key, out var sameKey))
        {
            return new RegionReading(sameKey, null, Aliased: true);
        }

        return _aliasKeys.TryGetValue(key, out var groupingCode) && _groupings.TryGetValue(groupingCode, out var keyed)
            ? new RegionReading(keyed, null, Aliased: true)
            : new RegionReading(new Region(key, trimmed, RegionKind.Other), null, Aliased: false);
    }

    private static IEnumerable<IReadOnlyList<string>> ReadEmbedded(string name) =>
        CsvRecords.ReadEmbedded(typeof(RegionCatalog).Assembly, name, []).Select(record => record.Fields.Select(field => field.Trim()).ToList());

    [GeneratedRegex(@"\s*\((.*?)\)\s*")]
    private static partial Regex Parenthetical();
}
