using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Intelligence.Platform.Geography;

/// <summary>
/// Reads countries as the reference files write them: ISO codes ("CN"), names ("China", "United Kingdom"),
/// common aliases ("UK", "USA", held in <c>country-aliases.csv</c>), several at once ("US/UK") and sub-national
/// places reduced to their country ("US (California)").
/// </summary>
public sealed partial class CountryNames
{
    private readonly Countries _countries;
    private readonly FrozenDictionary<string, string> _codeByName;

    private CountryNames(Countries countries, IEnumerable<KeyValuePair<string, string>> aliases)
    {
        _countries = countries;
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var country in countries.All)
        {
            names.TryAdd(country.Name, country.Code);
        }

        foreach (var (alias, code) in aliases)
        {
            names[alias] = code;
        }

        _codeByName = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public static CountryNames Default { get; } = new(Countries.Iso3166, EmbeddedCsv.Read("country-aliases.csv").Select(row => KeyValuePair.Create(row[0], row[1])));

    /// <summary>The ISO codes the text names, in order, or the part it could not read.</summary>
    public (IReadOnlyList<string> Codes, string? Unknown) Read(string text)
    {
        var codes = new List<string>();
        foreach (var part in text.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "US (California)" is the US: a state or province counts for its country.
            var place = Parenthetical().Replace(part, string.Empty).Trim();
            if (_countries.TryGet(place, out var country) && place.Length == 2)
            {
                codes.Add(country.Code);
            }
            else if (_codeByName.TryGetValue(place, out var code))
            {
                codes.Add(code);
            }
            else
            {
                return (codes, part);
            }
        }

        return codes.Count == 0 ? (codes, text) : (codes.Distinct().ToList(), null);
    }

    [GeneratedRegex(@"\s*\(.*?\)\s*")]
    private static partial Regex Parenthetical();
}
