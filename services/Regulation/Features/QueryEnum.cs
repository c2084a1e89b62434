using System.Text.Json;
using Intelligence.Platform.Http;

namespace Intelligence.Regulation.Features;

/// <summary>Enum values in query strings, written as the JSON writes them ("export-control", "in-force").</summary>
internal static class QueryEnum
{
    /// <summary>The value <paramref name="text"/> names, null when absent; a named field error when it names none.</summary>
    public static TEnum? Read<TEnum>(string? text, string field, Validation validation)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var wanted = text.Trim();
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        validation.Add(field, $"must be one of {string.Join(", ", Enum.GetValues<TEnum>().Select(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString())))}");
        return null;
    }
}
