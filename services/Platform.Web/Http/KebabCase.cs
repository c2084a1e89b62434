using System.Text.Json;

namespace Intelligence.Platform.Http;

/// <summary>Enum values as the API writes them in JSON and query strings: kebab case ("not-applicable").</summary>
public static class KebabCase
{
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Name(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The value a query-string parameter names, null when absent; when it names none, a field error in
    /// <paramref name="validation"/> listing the values it may take.
    /// </summary>
    public static TEnum? Read<TEnum>(string? text, string field, Validation validation)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        validation.Add(field, $"must be one of {Names<TEnum>()}");
        return null;
    }

    public static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Name));
}
