using Intelligence.Contracts;

namespace Intelligence.Platform.Http;

/// <summary>Query-string parameters that name an enum value in kebab case (<see cref="KebabCase"/>).</summary>
public static class EnumParameters
{
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

        if (KebabCase.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        validation.Add(field, $"must be one of {KebabCase.Names<TEnum>()}");
        return null;
    }
}
