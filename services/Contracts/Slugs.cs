using System.Globalization;
using System.Text;

namespace Intelligence.Contracts;

/// <summary>
/// Ids made from names: lower-case ASCII letters and digits joined by single hyphens. Model, organization, provider,
/// measure and subject ids are slugs, and the services meet on them ("OpenAI" in prices and in adoption is the
/// catalog's "openai"), so this is the one rule every service and the gateway apply.
/// </summary>
public static class Slugs
{
    public const int MaxLength = 100;

    /// <summary>"Mistral AI" becomes "mistral-ai"; "Baichuan Inc." becomes "baichuan-inc"; accents are dropped ("Zürich" → "zurich").</summary>
    public static string From(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-' && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }

    /// <summary>A slug of at most <see cref="MaxLength"/> characters: what <see cref="From"/> makes of it is itself.</summary>
    public static bool IsValid(string value) => value.Length is > 0 and <= MaxLength && From(value) == value;
}
