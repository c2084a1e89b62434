using System.Text.Json;
using System.Text.Json.Serialization;

namespace Intelligence.Platform.Http;

/// <summary>
/// Reads JSON strings of request bodies, refusing any that holds a NUL (<c>\u0000</c>): no field means one, and
/// PostgreSQL cannot store it in the <c>jsonb</c> of an event, so it would fail the write with a 500 instead of
/// naming the field. The serializer reports the refusal with the field's path, like any unreadable value.
/// </summary>
internal sealed class TextWithoutNul : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("The text holds a NUL character (U+0000).")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
