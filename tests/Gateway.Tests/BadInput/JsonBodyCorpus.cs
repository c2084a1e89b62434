using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Intelligence.Gateway.Tests.BadInput;

/// <summary>
/// The bad bodies of one JSON command endpoint, made from a valid example by changing one thing at a time: the
/// document's syntax, its encoding, its size, its Content-Type, or one field (its JSON type, its presence, or a
/// value its format rule refuses). What a field's value must look like is read from the CLR type the endpoint
/// binds (dates, enums, numbers) and, for strings with a format rule, from <see cref="FormatOf"/>.
/// </summary>
internal static class JsonBodyCorpus
{
    /// <summary>The services' command limit is 1 MiB (<c>Limits:MaxRequestBodyBytes</c>).</summary>
    public const int HugeBodyBytes = (1024 * 1024) + 4096;

    /// <summary>The id in the route of every command the corpus sends a bad body to: no resource has it.</summary>
    public const string UnknownId = "corpus-probe";

    private const string Json = "application/json";

    /// <summary>Stands for a string whose JSON text the serializer cannot write (a lone surrogate, raw invalid UTF-8).</summary>
    private const string Marker = "\u2063corpus-marker\u2063";

    private enum Format
    {
        FreeText,
        Slug,
        Url,
        Country,
        Currency,
        Vocabulary,

        /// <summary>A term of an open vocabulary: any wording is kept (as other); only text that cannot be a label is refused.</summary>
        Label,
    }

    /// <summary>
    /// Every bad body for an endpoint. <paramref name="envelopeOnly"/> keeps the items about the document as a
    /// whole (syntax, size, Content-Type), for a route that binds the same body type as one already covered field
    /// by field.
    /// </summary>
    public static IEnumerable<CorpusItem> For(string service, string path, Type bodyType, ValidBodies.Example example, bool envelopeOnly)
    {
        var valid = example.Body.ToJsonString();
        CorpusItem Item(string kind, string detail, string body, string? field = null, string? contentType = Json, int? status = null) =>
            new(service, kind, detail, "POST", path, Encoding.UTF8.GetBytes(body), contentType, Status: status, Field: field);

        foreach (var (detail, body) in Malformed(envelopeOnly))
        {
            yield return Item("malformed-json", detail, body, status: 400);
        }

        yield return new CorpusItem(service, "wrong-content-type", "no Content-Type", "POST", path, Encoding.UTF8.GetBytes(valid), null, Status: 415);
        yield return Item("wrong-content-type", "text/plain", valid, contentType: "text/plain", status: 415);
        yield return Item("wrong-content-type", "application/xml", "<model><id>x</id></model>", contentType: "application/xml", status: 415);
        yield return new CorpusItem(service, "wrong-content-type", "multipart/form-data", "POST", path, Multipart(valid), "multipart/form-data; boundary=corpus-boundary", Status: 415);
        yield return Item("huge-body", $"{HugeBodyBytes} bytes", Huge(example.Body), status: 413);
        if (envelopeOnly)
        {
            yield break;
        }

        foreach (var fraction in new[] { 0.25, 0.5, 0.75 })
        {
            yield return Item("truncated-json", $"cut at {fraction:P0}", valid[..(int)(valid.Length * fraction)], status: 400);
        }

        yield return Item("truncated-json", "last character cut", valid[..^1], status: 400);

        var leaves = Fields(example.Body, bodyType, prefix: string.Empty).ToList();
        foreach (var (field, node, type) in leaves)
        {
            foreach (var (detail, wrong) in WrongTypes(node))
            {
                yield return Item("wrong-type", $"{field} as {detail}", With(example.Body, field, wrong).ToJsonString(), field, status: 400);
            }

            var bare = Nullable.GetUnderlyingType(type) ?? type;
            if (bare == typeof(DateOnly) || bare == typeof(DateTime) || bare == typeof(DateTimeOffset))
            {
                foreach (var date in HostileValues.Dates.Concat(HostileValues.Strings.Where(s => s.Kind == "injection").Select(s => s.Value).Take(2)))
                {
                    yield return Item("invalid-date", $"{field} = '{Shown(date)}'", With(example.Body, field, date).ToJsonString(), field, status: 400);
                }

                continue;
            }

            var format = bare.IsEnum ? Format.Vocabulary : bare == typeof(string) ? FormatOf(field) : (Format?)null;
            if (format is null)
            {
                continue;
            }

            if (format == Format.FreeText)
            {
                // Any text is valid here, so only what no text field may hold: a NUL, text beyond every length limit.
                yield return Item("control-character", $"{field} holds a NUL", With(example.Body, field, "before\u0000after").ToJsonString(), field, status: 400);
                yield return Item("too-long", $"{field} of 20,000 characters", With(example.Body, field, new string('x', 20_000)).ToJsonString(), field, status: 400);
                yield return Item("lone-surrogate", $"{field} holds \\ud800", Raw(example.Body, field, "\"lone \\ud800 surrogate\""), field, status: 400);
                continue;
            }

            var invalid = HostileValues.Strings.AsEnumerable();
            invalid = format switch
            {
                Format.Currency => invalid.Concat(HostileValues.Currencies.Select(c => ("invalid-currency", c))),
                Format.Country => invalid.Concat(HostileValues.Countries.Select(c => ("invalid-country", c))),
                Format.Label => invalid.Where(hostile => hostile.Kind == "unicode").Append(("invalid-label", "---")),
                Format.Url => invalid.Append(("injection", "javascript:alert(1)")),
                Format.Vocabulary => invalid.Append(("invalid-enum", "not-a-value")),
                _ => invalid,
            };
            foreach (var (kind, value) in invalid)
            {
                yield return Item(kind, $"{field} = '{Shown(value)}'", With(example.Body, field, value).ToJsonString(), field, status: 400);
            }
        }

        foreach (var field in example.Required)
        {
            var without = (JsonObject)example.Body.DeepClone();
            without.Remove(field);
            yield return Item("required-removed", $"no {field}", without.ToJsonString(), field, status: 400);
        }

        if (leaves.FirstOrDefault(leaf => leaf.Node is JsonValue value && value.GetValueKind() == JsonValueKind.String) is { Field: { } text })
        {
            yield return new CorpusItem(service, "invalid-utf8", $"{text} holds bytes that are not UTF-8", "POST", path, InvalidUtf8(example.Body, text), Json, Status: 400);
        }
    }

    private static IEnumerable<(string Detail, string Body)> Malformed(bool envelopeOnly)
    {
        yield return ("an unclosed object", "{\"id\": ");
        yield return ("an empty body", string.Empty);
        if (envelopeOnly)
        {
            yield break;
        }

        yield return ("a lone brace", "{");
        yield return ("a missing value", "{\"id\":}");
        yield return ("single quotes", "{'id': 'x'}");
        yield return ("a trailing comma", "{\"id\": \"x\",}");
        yield return ("a missing comma", "{\"id\": \"x\" \"name\": \"y\"}");
        yield return ("an array, not an object", "[]");
        yield return ("a string, not an object", "\"model\"");
        yield return ("the literal null", "null");
        yield return ("a comment", "{/* comment */}");
        yield return ("a NaN number", "{\"value\": NaN}");
        yield return ("a deeply nested array", new string('[', 100_000) + new string(']', 100_000));
    }

    /// <summary>Each leaf of the body (and each object or array as a whole), with the CLR type it binds to.</summary>
    private static IEnumerable<(string Field, JsonNode Node, Type Type)> Fields(JsonObject body, Type type, string prefix)
    {
        foreach (var (name, node) in body)
        {
            if (node is null)
            {
                continue;
            }

            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                ?? throw new InvalidOperationException($"{type.Name} has no property {name}: the valid example does not fit the endpoint.");
            var field = prefix + name;
            yield return (field, node, property.PropertyType);
            if (node is JsonObject nested)
            {
                foreach (var leaf in Fields(nested, property.PropertyType, field + "."))
                {
                    yield return leaf;
                }
            }
            else if (node is JsonArray { Count: > 0 } array && array[0] is { } first)
            {
                var element = property.PropertyType.GetGenericArguments().Single();
                yield return ($"{field}[0]", first, element);
            }
        }
    }

    /// <summary>The format rule of a string field, by its name: the same names mean the same rule in every service.</summary>
    private static Format FormatOf(string field)
    {
        var name = field.Split('.')[^1];
        name = name.Contains('[', StringComparison.Ordinal) ? name[..name.IndexOf('[', StringComparison.Ordinal)] : name;
        return name switch
        {
            "id" or "modelId" or "amendedBy" or "revokedBy" or "targets" => Format.Slug,
            "sourceUrl" => Format.Url,
            "jurisdiction" => Format.Country,
            "currency" => Format.Currency,

            // Open vocabularies (adoption, the catalog, prices): a place, metric or kind no mapping covers is kept as other.
            "region" or "originCountries" or "country" or "providerCountry" or "modalities" or "metric" or "unit" or "measurementType" or "confidence"
                or "dateBasis" or "freeAccess" or "openWeightsLabel" or "benchmark" or "variant" => Format.Label,
            _ => Format.FreeText,
        };
    }

    /// <summary>Values of another JSON type than the field's, none of which a lenient reader could take for it.</summary>
    private static IEnumerable<(string Detail, JsonNode Value)> WrongTypes(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => [("a number", JsonValue.Create(42)), ("an object", new JsonObject())],
        JsonValueKind.Number => [("a word", JsonValue.Create("forty-two")), ("an array", new JsonArray(1))],
        JsonValueKind.True or JsonValueKind.False => [("a word", JsonValue.Create("yes")), ("a number", JsonValue.Create(1))],
        JsonValueKind.Array => [("a string", JsonValue.Create("FR")), ("an object", new JsonObject())],
        JsonValueKind.Object => [("a string", JsonValue.Create("x")), ("an array", new JsonArray())],
        _ => [],
    };

    /// <summary>A copy of the body with the field at <paramref name="field"/> (<c>a.b</c>, <c>a[0]</c>) replaced.</summary>
    private static JsonObject With(JsonObject body, string field, JsonNode? value)
    {
        var copy = (JsonObject)body.DeepClone();
        var segments = field.Split('.');
        JsonNode parent = copy;
        foreach (var segment in segments[..^1])
        {
            parent = parent[segment]!;
        }

        var last = segments[^1];
        if (last.EndsWith("[0]", StringComparison.Ordinal))
        {
            parent[last[..^3]]![0] = value;
        }
        else
        {
            parent[last] = value;
        }

        return copy;
    }

    private static JsonObject With(JsonObject body, string field, string value) => With(body, field, JsonValue.Create(value));

    /// <summary>The body with the field's JSON text replaced by <paramref name="jsonText"/>, which no serializer would write.</summary>
    private static string Raw(JsonObject body, string field, string jsonText) =>
        With(body, field, Marker).ToJsonString().Replace(JsonSerializer.Serialize(Marker), jsonText, StringComparison.Ordinal);

    private static byte[] InvalidUtf8(JsonObject body, string field)
    {
        var text = With(body, field, Marker).ToJsonString().Split(JsonSerializer.Serialize(Marker));
        return [.. Encoding.UTF8.GetBytes(text[0] + "\"bad "), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(" bytes\"" + text[1])];
    }

    private static string Huge(JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        copy["padding"] = new string('a', HugeBodyBytes);
        return copy.ToJsonString();
    }

    private static byte[] Multipart(string json) => Encoding.UTF8.GetBytes(
        "--corpus-boundary\r\nContent-Disposition: form-data; name=\"body\"\r\nContent-Type: application/json\r\n\r\n" + json + "\r\n--corpus-boundary--\r\n");

    private static string Shown(string value) => value.Length > 40 ? $"{value[..10]}... ({value.Length} chars)" : value.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
