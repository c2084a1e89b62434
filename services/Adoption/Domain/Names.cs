using System.Security.Cryptography;
using System.Text;
using Intelligence.Contracts;

namespace Intelligence.Adoption.Domain;

/// <summary>
/// Keys for names, so that "OpenAI" here and "OpenAI" in the releases catalog meet: a name's key is its slug
/// (<see cref="Slugs.From"/>), the rule the releases service makes its ids by.
/// </summary>
public static class Names
{
    /// <summary>Words that name a product's packaging rather than its family: "Gemini app" is of the Gemini family.</summary>
    private static readonly HashSet<string> PackagingWords = new(StringComparer.Ordinal)
    {
        "app", "apps", "bot", "chatbot", "assistant", "mobile", "ios", "android", "web",
    };

    /// <summary>
    /// The key of a label kept as other ("paid subscribers" is "paid-subscribers"), so that labels differing only in
    /// case or punctuation meet and different ones never do. Letters <see cref="Slugs.From"/> would drop (Chinese, Cyrillic)
    /// add a short digest of the label, or "日活跃用户" and "月活跃用户" would share the empty key.
    /// </summary>
    public static string LabelKey(string label)
    {
        var key = Slugs.From(label);
        var text = label.Trim().Normalize(NormalizationForm.FormD);
        if (!text.Any(c => char.IsLetterOrDigit(c) && !char.IsAscii(c)))
        {
            return key;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(label.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormC))))[..10];
        return key.Length == 0 ? digest : $"{key}-{digest}";
    }

    /// <summary>The family a product's name points to: "Gemini app" to "gemini", "ERNIE Bot" to "ernie", "DeepSeek" to "deepseek".</summary>
    public static string Family(string text)
    {
        var words = Slugs.From(text).Split('-', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && PackagingWords.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join('-', words);
    }

    /// <summary>
    /// The families a model's name key is of: its every part up to a hyphen, and itself ("deepseek-r1" is of
    /// "deepseek" and "deepseek-r1"). A subject's <see cref="Family"/> names the model when it is one of them, so the
    /// models a subject may link to are found by an indexed lookup of its family, not by a scan of the catalog.
    /// </summary>
    public static IReadOnlyList<string> Families(string key)
    {
        if (key.Length == 0)
        {
            return [];
        }

        var families = new List<string>();
        for (var hyphen = key.IndexOf('-', StringComparison.Ordinal); hyphen >= 0; hyphen = key.IndexOf('-', hyphen + 1))
        {
            if (hyphen > 0)
            {
                families.Add(key[..hyphen]);
            }
        }

        families.Add(key);
        return families;
    }
}
