using System.Text.RegularExpressions;
using Intelligence.Platform.Domain;

namespace Intelligence.Releases.Domain;

/// <summary>Slugs are the catalog's ids: lower-case letters and digits joined by single hyphens.</summary>
public static partial class Slug
{
    public const int MaxLength = 100;

    public static bool IsValid(string value) => value.Length <= MaxLength && Pattern().IsMatch(value);

    /// <summary>"Mistral AI" becomes "mistral-ai"; "Baichuan Inc." becomes "baichuan-inc".</summary>
    public static string From(string text) => Slugs.From(text);

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z")]
    private static partial Regex Pattern();
}
