using System.Globalization;
using System.Text.Json;
using Intelligence.Platform.Catalogs;
using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Catalogs;

/// <summary>A provider of the genai-prices catalog and its priced models.</summary>
/// <param name="PricingUrl">The provider's pricing page, the first the catalog names; null when it names none.</param>
public sealed record GenaiProvider(string Id, string Name, string? PricingUrl, IReadOnlyList<GenaiModel> Models);

/// <summary>
/// A model as one provider prices it: its undated price (<see cref="GenaiPrice.StartsOn"/> null) and the prices it changes to
/// from stated dates, each in USD per million tokens with the catalog's other units kept as stated
/// (<see cref="Price.OtherRates"/>); <paramref name="Notes"/> say what was read how, and <paramref name="Problem"/>
/// why the entry cannot be priced at all (it is skipped, with that reason).
/// </summary>
public sealed record GenaiModel(string Id, string? Name, bool Deprecated, IReadOnlyList<GenaiPrice> Prices, IReadOnlyList<string> Notes, string? Problem);

public sealed record GenaiPrice(DateOnly? StartsOn, Price Price);

/// <summary>
/// Reads a genai-prices snapshot (the format of its upstream <c>data.json</c> and of the list its npm package
/// embeds): an array of providers, each with <c>models</c>, each with <c>prices</c> either one price or a list of
/// prices under constraints (<c>start_date</c>: a dated change; <c>time_of_date</c>: a time-of-day price, noted).
/// A file of another shape is refused whole (<see cref="CatalogFormatException"/>): a partial reading would delist
/// whatever it missed. One model's unusable price only skips that model.
/// </summary>
public static class GenaiPricesSnapshot
{
    public const string Catalog = "genai-prices";

    private const string InputKey = "input_mtok";
    private const string OutputKey = "output_mtok";
    private const string CachedInputKey = "cache_read_mtok";

    public static IReadOnlyList<GenaiProvider> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new CatalogFormatException($"A genai-prices snapshot is a JSON array of providers; this one is a JSON {Kind(root)}: nothing was stored.");
        }

        var providers = new List<GenaiProvider>();
        var index = 0;
        foreach (var provider in root.EnumerateArray())
        {
            var where = $"provider {index++}";
            var id = RequiredString(provider, "id", where);
            where = $"provider '{id}'";
            var name = RequiredString(provider, "name", where);
            if (!provider.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
            {
                throw new CatalogFormatException($"{where} has no 'models' array: nothing was stored.");
            }

            var pricingUrl = provider.TryGetProperty("pricing_urls", out var urls) && urls.ValueKind == JsonValueKind.Array
                ? urls.EnumerateArray().Where(url => url.ValueKind == JsonValueKind.String).Select(url => url.GetString()).FirstOrDefault(IsWebUrl)
                : null;
            providers.Add(new GenaiProvider(id, name, pricingUrl, [.. models.EnumerateArray().Select((model, i) => ReadModel(model, $"{where}, model {i}"))]));
        }

        if (providers.Count == 0)
        {
            throw new CatalogFormatException("The snapshot lists no provider: nothing was stored.");
        }

        return providers;
    }

    private static GenaiModel ReadModel(JsonElement model, string where)
    {
        var id = RequiredString(model, "id", where);
        var name = model.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
        var deprecated = model.TryGetProperty("deprecated", out var deprecatedElement) && deprecatedElement.ValueKind == JsonValueKind.True;
        if (!model.TryGetProperty("prices", out var prices) || prices.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            throw new CatalogFormatException($"{where} ('{id}') has no 'prices' object or list: nothing was stored.");
        }

        var notes = new List<string>();
        var read = new List<GenaiPrice>();
        string? problem = null;
        var conditional = prices.ValueKind == JsonValueKind.Array ? prices.EnumerateArray().ToList() : [];
        foreach (var (entry, constraint) in prices.ValueKind == JsonValueKind.Object
            ? [(prices, default(JsonElement?))]
            : conditional.Select(item => (item.TryGetProperty("prices", out var inner) ? inner : default, item.TryGetProperty("constraint", out var c) ? c : (JsonElement?)null)))
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new CatalogFormatException($"{where} ('{id}') has a conditional price without a 'prices' object: nothing was stored.");
            }

            var (price, priceProblem) = ReadPrice(entry);
            switch (Constraint(constraint))
            {
                case (null, null):
                    if (priceProblem is not null)
                    {
                        problem = priceProblem;
                    }
                    else
                    {
                        read.Add(new GenaiPrice(null, price!));
                    }

                    break;
                case ({ } startsOn, null):
                    if (priceProblem is not null)
                    {
                        notes.Add($"the price from {startsOn:yyyy-MM-dd} is not read: {priceProblem}");
                    }
                    else
                    {
                        read.Add(new GenaiPrice(startsOn, price!));
                    }

                    break;
                case (_, { } other):
                    notes.Add($"{other} ({entry.GetRawText()}) is not a dated price: noted, not recorded");
                    break;
            }
        }

        if (problem is null && !read.Any(price => price.StartsOn is null))
        {
            problem = "it states no undated price";
        }

        return new GenaiModel(id, name, deprecated, read, notes, problem);
    }

    /// <summary>A start date, or the words for a constraint this service does not model (time of day, an unknown kind).</summary>
    private static (DateOnly? StartsOn, string? Other) Constraint(JsonElement? constraint)
    {
        if (constraint is not { ValueKind: JsonValueKind.Object } value)
        {
            return (null, null);
        }

        var type = value.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
        if (type == "start_date"
            && value.TryGetProperty("start_date", out var start)
            && DateOnly.TryParseExact(start.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startsOn))
        {
            return (startsOn, null);
        }

        return type == "time_of_date"
            ? (null, $"a time-of-day price from {Text(value, "start_time")} to {Text(value, "end_time")}")
            : (null, $"a price under the constraint '{value.GetRawText()}'");
    }

    /// <summary>
    /// The price one <c>prices</c> object states: input, output and cached input per million tokens (the base of a
    /// tiered price, its tiers kept in <see cref="Price.OtherRates"/>), and every other unit as stated; one that states
    /// no rate at all is free (0 in and out). An amount that is no usable number is a problem.
    /// </summary>
    private static (Price? Price, string? Problem) ReadPrice(JsonElement prices)
    {
        var amounts = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var other = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in prices.EnumerateObject())
        {
            var (amount, tiers, problem) = Amount(property.Value);
            if (problem is not null)
            {
                return (null, $"{property.Name} {problem}");
            }

            if (property.Name is InputKey or OutputKey or CachedInputKey)
            {
                amounts[property.Name] = amount;
                foreach (var (start, tierPrice) in tiers)
                {
                    other[$"{property.Name} from {start} tokens"] = Number(tierPrice);
                }
            }
            else
            {
                other[property.Name] = tiers.Count == 0
                    ? Number(amount)
                    : $"{Number(amount)} ({string.Join(", ", tiers.Select(tier => $"{Number(tier.Price)} from {tier.Start}"))})";
            }
        }

        if (amounts.Count == 0 && other.Count == 0)
        {
            // The catalog's own calculator charges nothing for a model without rates: a free model (":free" at a
            // router) or one included in a subscription. It is a free API price, not a missing one.
            amounts[InputKey] = 0;
            amounts[OutputKey] = 0;
        }

        var price = new Price(
            "USD", amounts.TryGetValue(InputKey, out var input) ? input : null, amounts.TryGetValue(OutputKey, out var output) ? output : null,
            amounts.TryGetValue(CachedInputKey, out var cached) ? cached : null, MonthlyFee: null, FreeTierLimits: null, UnitsPerUsd: 1)
        {
            OtherRates = other.Count == 0 ? null : string.Join("; ", other.Select(pair => $"{pair.Key}={pair.Value}")),
        };
        return (price, null);
    }

    private static (decimal Amount, IReadOnlyList<(long Start, decimal Price)> Tiers, string? Problem) Amount(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return Usable(value, out var amount) is { } problem ? (0, [], problem) : (amount, [], null);
        }

        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("base", out var baseElement))
        {
            return (0, [], $"is {value.GetRawText()}, neither a number nor a tiered price");
        }

        if (Usable(baseElement, out var basePrice) is { } baseProblem)
        {
            return (0, [], baseProblem);
        }

        var tiers = new List<(long, decimal)>();
        if (value.TryGetProperty("tiers", out var tierList) && tierList.ValueKind == JsonValueKind.Array)
        {
            foreach (var tier in tierList.EnumerateArray())
            {
                if (!tier.TryGetProperty("start", out var start) || !start.TryGetInt64(out var startTokens)
                    || !tier.TryGetProperty("price", out var tierPrice) || Usable(tierPrice, out var amount) is not null)
                {
                    return (0, [], $"has an unreadable tier {tier.GetRawText()}");
                }

                tiers.Add((startTokens, amount));
            }
        }

        return (basePrice, tiers, null);
    }

    private static string? Usable(JsonElement value, out decimal amount)
    {
        amount = 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out amount))
        {
            return $"is {value.GetRawText()}, not a number";
        }

        return amount < 0 ? "is negative" : amount > Price.MaxAmount ? $"is above {Price.MaxAmount:0}" : null;
    }

    private static string RequiredString(JsonElement element, string property, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text
            ? text
            : throw new CatalogFormatException($"{where} has no '{property}' string: nothing was stored.");

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ToString() : "?";

    private static bool IsWebUrl(string? text) =>
        text is { Length: <= 2000 } && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
