using System.Text.RegularExpressions;

namespace Intelligence.Regulation.Domain;

/// <summary>Measure ids are slugs: lower-case letters and digits joined by single hyphens ("us-eo14110").</summary>
public static partial class MeasureId
{
    public const int MaxLength = 100;

    public static bool IsValid(string value) => value.Length <= MaxLength && Pattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z")]
    private static partial Regex Pattern();
}
