using System.Collections.Frozen;

namespace Intelligence.Pricing.Reference;

/// <summary>
/// How a stated currency was read: its code, and a note when the reading was not literal (a symbol or a local name,
/// or a three-letter code outside ISO 4217 kept as stated); or the problem when it names no currency at all.
/// </summary>
public sealed record StatedCurrency(string? Code, string? Note, string? Problem);

/// <summary>
/// ISO 4217 currency codes, from the shipped <c>iso-4217.csv</c> (Debian iso-codes), and the unambiguous symbols and
/// names sources use for them (<c>currency-aliases.csv</c>). A price is a fact in whatever currency its source states:
/// a three-letter code outside the list is kept as stated (its USD amounts wait for a rate), never refused.
/// </summary>
public sealed class Currencies(IEnumerable<string> codes, IReadOnlyDictionary<string, string> aliases)
{
    private readonly FrozenSet<string> _codes = codes.ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenDictionary<string, string> _aliases = aliases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static Currencies Iso4217 { get; } = new(
        ReferenceTables.Read("iso-4217.csv", ["code"]).Select(row => row["code"]),
        ReferenceTables.Read("currency-aliases.csv", ["alias", "code"]).ToDictionary(row => row["alias"], row => row["code"], StringComparer.OrdinalIgnoreCase));

    public bool IsKnown(string code) => _codes.Contains(code);

    public StatedCurrency Read(string? text)
    {
        var stated = text?.Trim() ?? string.Empty;
        var upper = stated.ToUpperInvariant();
        if (stated.Length == 0)
        {
            return new(null, null, "is required");
        }

        if (_codes.Contains(upper))
        {
            return new(upper, null, null);
        }

        if (_aliases.TryGetValue(stated, out var code))
        {
            return new(code, $"currency '{stated}' read as {code}", null);
        }

        return upper.Length == 3 && upper.All(char.IsAsciiLetterUpper)
            ? new(upper, $"currency '{stated}' is not in ISO 4217: kept as stated, its USD amounts pending until a rate for {upper} is recorded", null)
            : new(null, null, $"'{stated}' is not a currency: an ISO 4217 code (e.g. USD, INR, BRL) or a symbol or name in the alias table");
    }
}
