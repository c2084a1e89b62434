using System.Text;

namespace Intelligence.Pricing.Domain;

/// <summary>One dated score of a model on a benchmark, as the releases service published it.</summary>
/// <param name="StreamVersion">The version of the releases event that stated it: a later one for the same date corrects it.</param>
public sealed record ScorePoint(DateOnly MeasuredOn, decimal Score, string Source, string Confidence, string? ConfidenceLabel, string? Note, long StreamVersion);

/// <summary>Which side of the quality gap a model stood on at a date, and why.</summary>
public enum Openness
{
    /// <summary>Its weights were open.</summary>
    OpenWeights,

    /// <summary>Closed weights, but an API offering of it was priced at zero.</summary>
    FreeApi,

    /// <summary>Closed weights and no free API price: the paid side.</summary>
    Paid,
}

/// <summary>A model's best standing on one side of the gap at a month's end.</summary>
public sealed record Standing(string ModelId, string? Name, string? Variant, string? Bloc, Openness Openness, ScorePoint Score);

/// <summary>
/// The quality axis of price-performance as pure functions: which score stands on a date, which score an offering
/// of a model takes, and how far the best free or open-weight model stood from the best paid one.
/// </summary>
public static class Quality
{
    /// <summary>The rating gap at which the better model wins three battles in four on a Bradley–Terry (Elo-style) scale is about 191 points; one of 400 is ten to one.</summary>
    public const double RatingScale = 400;

    /// <summary>The score in force on <paramref name="date"/>: the latest measured on or before it; null before the first.</summary>
    public static ScorePoint? On(IReadOnlyList<ScorePoint> points, DateOnly date) => points.LastOrDefault(point => point.MeasuredOn <= date);

    /// <summary>
    /// A history's points with a new one: a point for a date already held is replaced only by a later event (higher
    /// stream version), so a redelivered or late event changes nothing. The same list when nothing changes.
    /// </summary>
    public static IReadOnlyList<ScorePoint> With(IReadOnlyList<ScorePoint> points, ScorePoint point) =>
        points.FirstOrDefault(held => held.MeasuredOn == point.MeasuredOn) is { } held && held.StreamVersion >= point.StreamVersion
            ? points
            : [.. points.Where(other => other.MeasuredOn != point.MeasuredOn).Append(point).OrderBy(other => other.MeasuredOn)];

    /// <summary>
    /// Whether a score of a release's <paramref name="variant"/> is the score of an offering named
    /// <paramref name="offering"/>: the offering's name begins with the variant's words ("Claude 3 Opus" fits the
    /// offering "Claude 3 Opus", not "Claude 3 Haiku"; "Gemini 1.5 Pro" fits "Gemini 1.5 Pro (&lt;=128k)"). A score of no
    /// variant is the whole release's and fits every offering of it.
    /// </summary>
    public static bool Fits(string? variant, string offering)
    {
        if (variant is null)
        {
            return true;
        }

        var (variantKey, offeringKey) = (Key(variant), Key(offering));
        return variantKey.Length > 0
            && (offeringKey == variantKey || offeringKey.StartsWith(variantKey + "-", StringComparison.Ordinal));
    }

    /// <summary>
    /// Of a model's score histories (one per variant), the one an offering takes: the history of the variant it is
    /// named for, else the whole release's (no variant); null when neither exists (a Haiku offering takes no Opus score).
    /// </summary>
    public static THistory? ForOffering<THistory>(IEnumerable<THistory> histories, Func<THistory, string?> variantOf, string offering)
        where THistory : class
    {
        var list = histories.ToList();
        return list.FirstOrDefault(history => variantOf(history) is not null && Fits(variantOf(history), offering))
            ?? list.FirstOrDefault(history => variantOf(history) is null);
    }

    /// <summary>The last day of a month.</summary>
    public static DateOnly MonthEnd(DateOnly month) => new(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));

    /// <summary>The best (highest) standing of a side, ties to the earlier measured, then the model id; null for an empty side.</summary>
    public static Standing? Best(IEnumerable<Standing> side) => side
        .OrderByDescending(standing => standing.Score.Score)
        .ThenBy(standing => standing.Score.MeasuredOn)
        .ThenBy(standing => standing.ModelId, StringComparer.Ordinal)
        .FirstOrDefault();

    /// <summary>
    /// How far the free side stands below the paid one: the absolute gap (paid minus free; negative when the free side
    /// leads), the gap as a share of the paid score, and on a rating scale the share of battles the free model would
    /// win against the paid one (0.5 when level). Null parts where a side is missing or the share cannot be taken.
    /// </summary>
    public static (decimal? Gap, decimal? Relative, decimal? FreeWinRate) Gap(Standing? free, Standing? paid, bool ratingScale)
    {
        if (free is null || paid is null)
        {
            return (null, null, null);
        }

        var gap = paid.Score.Score - free.Score.Score;
        var relative = paid.Score.Score == 0 ? (decimal?)null : Math.Round(gap / paid.Score.Score, 4);
        var winRate = ratingScale ? Math.Round((decimal)(1 / (1 + Math.Pow(10, (double)gap / RatingScale))), 3) : (decimal?)null;
        return (gap, relative, winRate);
    }

    /// <summary>Lower-case ASCII letters and digits joined by single hyphens, as the catalog makes ids.</summary>
    private static string Key(string text)
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
