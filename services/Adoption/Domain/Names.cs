using System.Globalization;
using System.Text;

namespace Intelligence.Adoption.Domain;

/// <summary>
/// Keys for names, so that "OpenAI" here and "OpenAI" in the releases catalog meet: lower-case ASCII letters and
/// digits joined by single hyphens, accents dropped ("Mistral AI" is "mistral-ai", "Baichuan Inc." is "baichuan-inc").
/// The releases service makes its organization ids the same way.
/// </summary>
public static class Names
{
    public const int MaxKeyLength = 100;

    /// <summary>Words that name a product's packaging rather than its family: "Gemini app" is of the Gemini family.</summary>
    private static readonly HashSet<string> PackagingWords = new(StringComparer.Ordinal)
    {
        "app", "apps", "bot", "chatbot", "assistant", "mobile", "ios", "android", "web",
    };

    public static string Key(string text)
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

    public static bool IsKey(string value) =>
        value.Length is > 0 and <= MaxKeyLength && value == Key(value);

    /// <summary>The family a product's name points to: "Gemini app" to "gemini", "ERNIE Bot" to "ernie", "DeepSeek" to "deepseek".</summary>
    public static string Family(string text)
    {
        var words = Key(text).Split('-', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && PackagingWords.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join('-', words);
    }
}
