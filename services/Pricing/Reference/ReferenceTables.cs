using System.Collections.Frozen;
using System.Globalization;
using Intelligence.Platform.Import;
using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Reference;

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
    public static IReadOnlyList<CsvRecord> Read(string name, IReadOnlyCollection<string> columns) =>
        CsvRecords.ReadEmbedded(typeof(ReferenceTables).Assembly, name, columns);
}
