using System.Text;

namespace Intelligence.Pricing.Domain;

/// <summary>An offering: what its events add up to. Its timeline is ordered by effective date.</summary>
public sealed record Offering(string Id, OfferingDetails Details, IReadOnlyList<PricePoint> Timeline)
{
    /// <summary>The model of the most recent price that names one.</summary>
    public string? ModelId => Timeline.LastOrDefault(p => p.ModelId is not null)?.ModelId;
}

/// <summary>Offering ids: the provider's slug and the offering's slug joined by a dot ("openai.gpt-4o").</summary>
public static class OfferingId
{
    public const int MaxLength = 200;

    public static string From(string provider, string name) => $"{Slug(provider)}.{Slug(name)}";

    public static bool IsValid(string value)
    {
        var parts = value.Split('.');
        return value.Length <= MaxLength && parts.Length == 2 && parts.All(part => part.Length > 0 && Slug(part) == part);
    }

    /// <summary>Lower-case letters and digits joined by single hyphens, as the releases catalog makes its ids.</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-' && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }
}
