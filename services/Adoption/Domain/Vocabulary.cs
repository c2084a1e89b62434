using System.Text.Json;

namespace Intelligence.Adoption.Domain;

/// <summary>What an observation counts. Each metric has one unit (<see cref="Metrics.UnitOf"/>).</summary>
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
}

public enum Unit
{
    Users,
    Downloads,
    Rank,
    Percent,
}

/// <summary>How the figure was obtained.</summary>
public enum MeasurementType
{
    CompanyDisclosure,
    ThirdPartyEstimate,
    Survey,
    Ranking,
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
    public static Unit UnitOf(Metric metric) => metric switch
    {
        Metric.WeeklyActiveUsers or Metric.MonthlyActiveUsers or Metric.RegisteredUsers => Unit.Users,
        Metric.CumulativeDownloads => Unit.Downloads,
        Metric.AppStoreRank => Unit.Rank,
        _ => Unit.Percent,
    };

    /// <summary>A rank is better when lower: #1 leads a leaderboard, and a rank milestone is reached at or above a place.</summary>
    public static bool LowerIsBetter(Metric metric) => metric == Metric.AppStoreRank;

    /// <summary>Whether values of different subjects can be added up (users can; ranks cannot).</summary>
    public static bool Adds(Metric metric) => metric != Metric.AppStoreRank;

    public static bool CountsUsers(Metric metric) => UnitOf(metric) == Unit.Users;
}

/// <summary>Enum values as the API and the published language write them: kebab case ("weekly-active-users").</summary>
public static class Vocabulary
{
    public static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Reads "weekly-active-users", "WeeklyActiveUsers" or "weekly_active_users".</summary>
    public static bool TryRead<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        var compact = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).Trim();
        return Enum.TryParse(compact, ignoreCase: true, out value) && Enum.IsDefined(value) && !compact.Any(char.IsDigit);
    }
}
