using System.Collections.Frozen;
using System.Globalization;
using Intelligence.Platform.Import;
using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Reference;

/// <summary>ISO 4217 currency codes, from the shipped <c>iso-4217.csv</c> (Debian iso-codes).</summary>
public sealed class Currencies(IEnumerable<string> codes)
{
    private readonly FrozenSet<string> _codes = codes.ToFrozenSet(StringComparer.Ordinal);

    public static Currencies Iso4217 { get; } = new(ReferenceTables.Read("iso-4217.csv", ["code"]).Select(row => row["code"]));

    public bool IsKnown(string code) => _codes.Contains(code);
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

/// <summary>The dated FX rates the service ships, from <c>fx-rates.csv</c>; recorded as events on start.</summary>
public static class ShippedFxRates
{
    public static IReadOnlyList<RecordFxRate> All { get; } = ReferenceTables.Read("fx-rates.csv", ["currency", "effective_date", "units_per_usd", "source"])
        .Select(row => new RecordFxRate(
            row["currency"],
            DateOnly.ParseExact(row["effective_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            decimal.Parse(row["units_per_usd"], NumberStyles.Number, CultureInfo.InvariantCulture),
            row["source"]))
        .ToList();
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
