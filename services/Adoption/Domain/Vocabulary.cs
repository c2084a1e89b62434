using Intelligence.Contracts;

namespace Intelligence.Adoption.Domain;

/// <summary>What an observation counts. Each known metric has one unit (<see cref="Metrics.UnitOf"/>).</summary>
public enum Metric
{
    WeeklyActiveUsers,
    MonthlyActiveUsers,
    RegisteredUsers,
    CumulativeDownloads,
    AppStoreRank,

    /// <summary>Share of the users of such products (market share), in percent.</summary>
    ShareOfUsers,

    /// <summary>Share of the working-age population using the subject, in percent.</summary>
    ShareOfWorkingAgePopulation,

    /// <summary>Share of the tokens served (of a platform's traffic), in percent.</summary>
    ShareOfTokens,

    /// <summary>
    /// A metric none of the above is ("daily active users", "paid subscribers"), named by the source's label
    /// (<see cref="SeriesKey.MetricLabel"/>); its unit is the one each observation states.
    /// </summary>
    Other,
}

public enum Unit
{
    Users,
    Downloads,
    Rank,
    Percent,

    /// <summary>A unit none of the above is ("subscribers", "tokens"), named by the observation's <see cref="Observation.UnitLabel"/>.</summary>
    Other,
}

/// <summary>How the figure was obtained.</summary>
public enum MeasurementType
{
    CompanyDisclosure,
    ThirdPartyEstimate,
    Survey,
    Ranking,

    /// <summary>Another way the source names ("press leak"), kept as <see cref="Observation.MeasurementTypeLabel"/>; without a label, not stated.</summary>
    Other,
}

/// <summary>How the source states the value: "100M", "~700M", "400M+", "&lt;1.2%".</summary>
public enum Bound
{
    Exact,
    Approximate,
    AtLeast,
    AtMost,
}

public enum Confidence
{
    High,
    Medium,
    Low,

    /// <summary>Another grade the source gives ("very high", "B"), kept as <see cref="Observation.ConfidenceLabel"/>; without a label, not stated.</summary>
    Other,
}

/// <summary>What a series is about: a product ("ChatGPT"), a model, or an aggregate ("generative AI, any").</summary>
public enum SubjectKind
{
    Product,
    Model,
    Aggregate,
}

/// <summary>The rules that tie metrics to units and say how their values compare and combine.</summary>
public static class Metrics
{
    /// <summary>The one unit of a known metric; null for <see cref="Metric.Other"/>, whose observations state their own.</summary>
    public static Unit? UnitOf(Metric metric) => metric switch
    {
        Metric.WeeklyActiveUsers or Metric.MonthlyActiveUsers or Metric.RegisteredUsers => Unit.Users,
        Metric.CumulativeDownloads => Unit.Downloads,
        Metric.AppStoreRank => Unit.Rank,
        Metric.Other => null,
        _ => Unit.Percent,
    };

    /// <summary>A rank is better when lower: #1 leads a leaderboard, and a rank milestone is reached at or above a place.</summary>
    public static bool LowerIsBetter(Unit unit) => unit == Unit.Rank;

    /// <summary>Whether values of different subjects can be added up (users can; ranks cannot).</summary>
    public static bool Adds(Unit unit) => unit != Unit.Rank;

    public static bool CountsUsers(Metric metric) => UnitOf(metric) == Unit.Users;
}

/// <summary>Enum values as the API and the published language write them: kebab case ("weekly-active-users").</summary>
public static class Vocabulary
{
    public static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => KebabCase.Name(value);

    /// <summary>
    /// Reads a kind by its own name: "weekly-active-users", "WeeklyActiveUsers" or "weekly_active_users". Never
    /// <c>other</c>: a kind of other is a label's, read by <see cref="Terms"/>.
    /// </summary>
    public static bool TryRead<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        var compact = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).Trim();
        // Enum.TryParse also reads numbers and comma-joined names ("users, rank"): neither names one kind.
        return Enum.TryParse(compact, ignoreCase: true, out value) && Enum.IsDefined(value) && !compact.Any(c => char.IsDigit(c) || c == ',')
            && !string.Equals(value.ToString(), "Other", StringComparison.Ordinal);
    }
}
