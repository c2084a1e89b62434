using System.Globalization;
using System.Text;

namespace Intelligence.Platform.Domain;

/// <summary>Ids made from names: lower-case letters and digits joined by single hyphens, the same rule in every service.</summary>
public static class Slugs
{
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
            else if (builder.Length > 0 && builder[^1] != '-' && char.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }
}
