using System.Collections.Frozen;
using System.Globalization;
using Intelligence.Platform.Import;
using Intelligence.Pricing.Domain;

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

/// <summary>A price-file model name, the offering it belongs to, and the catalog model it is for.</summary>
public sealed record ModelAlias(string PriceModel, string Offering, string? ModelId);

/// <summary>
/// How names in price files map to offerings and catalog model ids, from the shipped <c>model-aliases.csv</c>. A name
/// not in the table is its own offering, and its model id is the slug of the name (as the catalog makes ids).
/// </summary>
public sealed class ModelAliases(IEnumerable<ModelAlias> aliases)
{
    private readonly FrozenDictionary<string, ModelAlias> _byName =
        aliases.ToFrozenDictionary(alias => alias.PriceModel, StringComparer.OrdinalIgnoreCase);

    public static ModelAliases Shipped { get; } = new(ReferenceTables.Read("model-aliases.csv", ["price_model", "offering", "model_id"])
        .Select(row => new ModelAlias(row["price_model"], row["offering"], row["model_id"] is { Length: > 0 } id ? id : null)));

    public bool TryGet(string priceModel, out ModelAlias alias) => _byName.TryGetValue(priceModel, out alias!);
}

/// <summary>
/// The dated FX rates the service ships, from <c>fx-rates.csv</c>; recorded as events on start. The table is monthly:
/// a rate followed by a month its sources do not cover ends with its own month, so a price in the gap waits for a
/// rate instead of taking a stale one (the Nigerian naira doubled across one such gap).
/// </summary>
public static class ShippedFxRates
{
    public static IReadOnlyList<RecordFxRate> All { get; } = [.. ReferenceTables.Read("fx-rates.csv", ["currency", "effective_date", "units_per_usd", "source"])
        .Select(row => new RecordFxRate(
            row["currency"],
            DateOnly.ParseExact(row["effective_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            decimal.Parse(row["units_per_usd"], NumberStyles.Number, CultureInfo.InvariantCulture),
            row["source"]))
        .GroupBy(rate => rate.Currency)
        .SelectMany(currency => EndBeforeGaps([.. currency.OrderBy(rate => rate.EffectiveOn)]))];

    private static IEnumerable<RecordFxRate> EndBeforeGaps(IReadOnlyList<RecordFxRate> monthly) =>
        monthly.Select((rate, i) => i + 1 < monthly.Count && monthly[i + 1].EffectiveOn > rate.EffectiveOn.AddMonths(1)
            ? rate with { ValidUntil = rate.EffectiveOn.AddMonths(1) }
            : rate);
}

/// <summary>The PPP factors the service ships, from <c>ppp-factors.csv</c> (World Bank, each row with its source).</summary>
public static class ShippedPpp
{
    public static PppTable Table { get; } = new(ReferenceTables.Read("ppp-factors.csv", ["country", "currency", "year", "lcu_per_international_dollar", "source"])
        .Select(row => new PppFactor(
            row["country"],
            row["currency"],
            int.Parse(row["year"], NumberStyles.None, CultureInfo.InvariantCulture),
            decimal.Parse(row["lcu_per_international_dollar"], NumberStyles.Number, CultureInfo.InvariantCulture),
            row["source"])));
}

internal static class ReferenceTables
{
    /// <summary>Reads an embedded table; a broken shipped table is a build defect, so it throws.</summary>
    public static IReadOnlyList<CsvRecord> Read(string name, IReadOnlyCollection<string> columns)
    {
        using var stream = typeof(ReferenceTables).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the pricing assembly.");
        using var reader = new StreamReader(stream);
        var records = CsvRecords.ReadAsync(reader, columns).ToBlockingEnumerable().ToList();
        return records.FirstOrDefault(record => record.Error is not null) is { } broken
            ? throw new InvalidOperationException($"{name}, line {broken.Line}: {broken.Error}")
            : records;
    }
}
