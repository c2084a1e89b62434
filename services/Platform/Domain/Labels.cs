using System.Globalization;

namespace Intelligence.Platform.Domain;

/// <summary>
/// Labels of open vocabularies: a metric, a region, a country or a kind in the source's own words, kept (as
/// <c>other</c>) when no documented mapping covers it. Any wording is a label; what is refused is text that cannot be
/// one: nothing to read, a paragraph, or characters that hide or reorder what is shown.
/// </summary>
public static class Labels
{
    public const int MaxLength = 200;

    /// <summary>The rule <paramref name="text"/> breaks as a label, said so it follows the field's name; null when it is one.</summary>
    public static string? Problem(string text)
    {
        var label = text.Trim();
        if (label.Length == 0)
        {
            return "is empty";
        }

        if (label.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        for (var i = 0; i < label.Length; i++)
        {
            if (char.IsSurrogatePair(label, i))
            {
                i++;
                continue;
            }

            // Invisible or reordering characters would make two labels that look alike different keys, and a lone
            // surrogate is not text PostgreSQL can store.
            if (char.GetUnicodeCategory(label[i]) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate)
            {
                return "must not hold control, invisible formatting or broken characters";
            }
        }

        return label.Any(char.IsLetterOrDigit) ? null : "must hold a letter or a digit";
    }
}
