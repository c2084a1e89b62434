namespace Intelligence.Adoption.Domain;

/// <summary>A rule an observation's figure breaks, by the field it concerns.</summary>
public sealed record BrokenRule(string Field, string Rule);

/// <summary>
/// What makes a figure fit its metric: a known metric's own unit, a percentage within 0 to 100, a rank a positive
/// whole number, a count of users or downloads a non-negative whole number. A unit of kind other (a known metric's
/// figure in "accounts", an other metric's in "subscribers") is kept as stated: no rule of a known unit applies to it,
/// and it is never compared with figures in another unit. A missing value is never taken for zero.
/// </summary>
public static class ObservationRules
{
    /// <summary>More users than people: a figure this large is a typing error, not a fact.</summary>
    public const decimal MaxUsers = 10_000_000_000m;

    public const decimal MaxDownloads = 1_000_000_000_000m;

    public const int MaxIdLength = 100;

    /// <summary>Observation ids: letters, digits, '.', '_' and '-', starting with a letter or digit ("A01", "openai-2025-10-06").</summary>
    public static bool IsObservationId(string id) =>
        id.Length is > 0 and <= MaxIdLength
        && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static IReadOnlyList<BrokenRule> Check(Metric metric, Unit? unit, decimal? value)
    {
        var broken = new List<BrokenRule>();
        var expected = Metrics.UnitOf(metric);
        if (unit is { } given && given != Unit.Other && expected is { } own && given != own)
        {
            broken.Add(new("unit", $"must be {Vocabulary.Text(own)} for {Vocabulary.Text(metric)}, not {Vocabulary.Text(given)}"));
        }

        if (value is not { } v)
        {
            broken.Add(new("value", "is required: an observation without a number is kept as a note, never stored as zero"));
            return broken;
        }

        // A known metric's figure is held to its own unit unless the source stated another (kept as other).
        switch (expected is { } metricUnit && unit != Unit.Other ? metricUnit : unit)
        {
            case Unit.Percent when v is < 0 or > 100:
                broken.Add(new("value", "must be a percentage within 0 to 100"));
                break;
            case Unit.Rank when v < 1 || v != decimal.Truncate(v):
                broken.Add(new("value", "must be a rank: a whole number from 1"));
                break;
            case Unit.Users when v < 0 || v != decimal.Truncate(v) || v > MaxUsers:
                broken.Add(new("value", $"must be a whole, non-negative number of users, at most {MaxUsers:0}"));
                break;
            case Unit.Downloads when v < 0 || v != decimal.Truncate(v) || v > MaxDownloads:
                broken.Add(new("value", $"must be a whole, non-negative number of downloads, at most {MaxDownloads:0}"));
                break;
            default:
                break;
        }

        return broken;
    }
}
