using System.Collections.Frozen;
using Intelligence.Contracts;

namespace Intelligence.Platform.Geography;

/// <summary>A country as ISO 3166-1 alpha-2 names it, with the bloc it is grouped under.</summary>
public sealed record Country(string Code, string Name, string Bloc);

/// <summary>
/// The ISO 3166-1 countries and their blocs, loaded from <c>countries.csv</c> (built from Debian's iso-codes).
/// Blocs are data, not code: a country's bloc changes by editing that file.
/// </summary>
public sealed class Countries
{
    private readonly FrozenDictionary<string, Country> _byCode;

    private Countries(IEnumerable<Country> countries) =>
        _byCode = countries.ToFrozenDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    public static Countries Iso3166 { get; } = Load();

    public IEnumerable<Country> All => _byCode.Values;

    public bool TryGet(string code, out Country country) => _byCode.TryGetValue(code, out country!);

    public string BlocOf(string code) => _byCode.TryGetValue(code, out var country) ? country.Bloc : Blocs.Other;

    private static Countries Load() =>
        new(EmbeddedCsv.Read("countries.csv").Select(row => Blocs.IsKnown(row[2])
            ? new Country(row[0], row[1], row[2])
            : throw new InvalidOperationException($"countries.csv gives {row[0]} the bloc '{row[2]}', which is none of {string.Join(", ", Blocs.All)}.")));
}
