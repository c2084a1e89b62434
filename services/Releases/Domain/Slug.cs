using System.Text;
using System.Text.RegularExpressions;

namespace Intelligence.Releases.Domain;

/// <summary>Slugs are the catalog's ids: lower-case letters and digits joined by single hyphens.</summary>
public static partial class Slug
{
    public const int MaxLength = 100;

    public static bool IsValid(string value) => value.Length <= MaxLength && Pattern().IsMatch(value);

    /// <summary>"Mistral AI" becomes "mistral-ai"; "Baichuan Inc." becomes "baichuan-inc".</summary>
    public static string From(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-' && !IsCombiningMark(c))
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-');
    }

    private static bool IsCombiningMark(char c) =>
        char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark;

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z")]
    private static partial Regex Pattern();
}
