using System.Text.RegularExpressions;
using Intelligence.Contracts;

namespace Intelligence.Adoption.Domain;

/// <summary>A metric as read: its kind, the source's label when the kind is other, and a qualifier dropped from a known name.</summary>
/// <param name="Qualifier">"quarter avg" of "monthly active users (quarter avg)": the name is known, the qualifier kept in the note.</param>
public sealed record MetricTerm(Metric Kind, string? Label, string? Qualifier)
{
    /// <summary>The metric's part of a series id: the kind's name, or the key of its label when other.</summary>
    public string Key => Terms.KeyOf(Kind, Label);
}

/// <summary>A unit, measurement type or confidence as read: its kind, and the source's label when the kind is other.</summary>
public sealed record Term<TKind>(TKind Kind, string? Label)
    where TKind : struct, Enum;

/// <summary>
/// The documented mappings of adoption's open vocabularies: how sources name metrics, units, measurement types and
/// confidence, read into the service's kinds. This is the one place they live; the regions' are the CSV files in
/// <c>Regions/</c>. A lookup ignores case and punctuation ("Weekly Active Users", "weekly_active_users" and "WAU"
/// are one metric) and every kind is read by its own name too. A label no entry covers is kept as <c>other</c> with
/// the label as the source stated it, never refused: a row lost to a vocabulary is a sourced fact lost.
/// </summary>
/// <remarks>
/// Add an entry only where the meaning is the same. "app downloads" are downloads and "weekly users" weekly active
/// users; but "daily active users", "paid subscribers", "API developers", "enterprise customers", "tokens per day"
/// and "visits" count something none of the kinds counts, so they stay other, each its own series by its label.
/// </remarks>
public static partial class Terms
{
    private static readonly IReadOnlyDictionary<string, Metric> MetricNames = Table(new Dictionary<string, Metric>
    {
        ["WAU"] = Metric.WeeklyActiveUsers,
        ["WAUs"] = Metric.WeeklyActiveUsers,
        ["weekly active users"] = Metric.WeeklyActiveUsers,
        ["weekly actives"] = Metric.WeeklyActiveUsers,
        ["weekly users"] = Metric.WeeklyActiveUsers,
        ["MAU"] = Metric.MonthlyActiveUsers,
        ["MAUs"] = Metric.MonthlyActiveUsers,
        ["monthly active users"] = Metric.MonthlyActiveUsers,
        ["monthly actives"] = Metric.MonthlyActiveUsers,
        ["monthly users"] = Metric.MonthlyActiveUsers,
        ["registered users"] = Metric.RegisteredUsers,
        ["cumulative registered users"] = Metric.RegisteredUsers,
        ["total registered users"] = Metric.RegisteredUsers,
        ["registered accounts"] = Metric.RegisteredUsers,
        ["downloads"] = Metric.CumulativeDownloads,
        ["cumulative downloads"] = Metric.CumulativeDownloads,
        ["total downloads"] = Metric.CumulativeDownloads,
        ["lifetime downloads"] = Metric.CumulativeDownloads,
        ["app downloads"] = Metric.CumulativeDownloads,
        ["app store rank"] = Metric.AppStoreRank,
        ["app store ranking"] = Metric.AppStoreRank,
        ["app store position"] = Metric.AppStoreRank,
        ["App Store rank, free apps"] = Metric.AppStoreRank,
        ["share of users"] = Metric.ShareOfUsers,
        ["share of AI users"] = Metric.ShareOfUsers,
        ["market share"] = Metric.ShareOfUsers,
        ["user share"] = Metric.ShareOfUsers,
        ["share of working-age population"] = Metric.ShareOfWorkingAgePopulation,
        ["share of working-age population using AI"] = Metric.ShareOfWorkingAgePopulation,
        ["share of tokens"] = Metric.ShareOfTokens,
        ["share of weekly tokens"] = Metric.ShareOfTokens,
        ["token share"] = Metric.ShareOfTokens,
    });

    private static readonly IReadOnlyDictionary<string, Unit> UnitNames = Table(new Dictionary<string, Unit>
    {
        ["user"] = Unit.Users,
        ["people"] = Unit.Users,
        ["persons"] = Unit.Users,
        ["download"] = Unit.Downloads,
        ["ranking"] = Unit.Rank,
        ["position"] = Unit.Rank,
        ["%"] = Unit.Percent,
        ["pct"] = Unit.Percent,
        ["per cent"] = Unit.Percent,
        ["percentage"] = Unit.Percent,
    });

    /// <summary>How sources label the way a figure was obtained.</summary>
    private static readonly IReadOnlyDictionary<string, MeasurementType> MeasurementNames = Table(new Dictionary<string, MeasurementType>
    {
        ["company_telemetry_paper"] = MeasurementType.CompanyDisclosure,
        ["press_release"] = MeasurementType.CompanyDisclosure,
        ["earnings_call"] = MeasurementType.CompanyDisclosure,
        ["annual_report"] = MeasurementType.CompanyDisclosure,
        ["third_party_app_analytics"] = MeasurementType.ThirdPartyEstimate,
        ["third_party_tracker"] = MeasurementType.ThirdPartyEstimate,
        ["third_party_panel"] = MeasurementType.ThirdPartyEstimate,
        ["telemetry_model"] = MeasurementType.ThirdPartyEstimate,
        ["platform_data"] = MeasurementType.ThirdPartyEstimate,
        ["analyst_estimate"] = MeasurementType.ThirdPartyEstimate,
        ["poll"] = MeasurementType.Survey,
        ["app_store_chart"] = MeasurementType.Ranking,
    });

    private static readonly IReadOnlyDictionary<string, Confidence> ConfidenceNames = Table(new Dictionary<string, Confidence>
    {
        ["h"] = Confidence.High,
        ["med"] = Confidence.Medium,
        ["m"] = Confidence.Medium,
        ["l"] = Confidence.Low,
    });

    /// <summary>A metric as a source names it; a known name with a parenthesised qualifier is the known metric.</summary>
    public static MetricTerm ReadMetric(string text)
    {
        var label = text.Trim();
        if (Lookup(MetricNames, label) is { } metric)
        {
            return new MetricTerm(metric, null, null);
        }

        var match = Parenthetical().Match(label);
        return match.Success && Lookup(MetricNames, Parenthetical().Replace(label, " ").Trim()) is { } bare
            ? new MetricTerm(bare, null, match.Groups[1].Value.Trim())
            : new MetricTerm(Metric.Other, label, null);
    }

    public static Term<Unit> ReadUnit(string text) => Read(UnitNames, text, Unit.Other);

    public static Term<MeasurementType> ReadMeasurementType(string text) => Read(MeasurementNames, text, MeasurementType.Other);

    public static Term<Confidence> ReadConfidence(string text) => Read(ConfidenceNames, text, Confidence.Other);

    /// <summary>Whether <paramref name="text"/> is the kind's own name, so reading it normalised nothing worth a note.</summary>
    public static bool IsOwnName<TKind>(TKind kind, string text)
        where TKind : struct, Enum => Slugs.From(text) == Vocabulary.Text(kind);

    /// <summary>A metric's part of a series id: "weekly-active-users", or the label's key for other ("paid-subscribers").</summary>
    public static string KeyOf(Metric kind, string? label) => kind == Metric.Other ? OtherKey(label) : Vocabulary.Text(kind);

    /// <summary>What tells units apart: "users", or the label's key for other; values in different units never meet.</summary>
    public static string KeyOf(Unit kind, string? label) => kind == Unit.Other ? OtherKey(label) : Vocabulary.Text(kind);

    private static string OtherKey(string? label) => label is null || Names.LabelKey(label) is not { Length: > 0 } key ? "other" : key;

    private static Term<TKind> Read<TKind>(IReadOnlyDictionary<string, TKind> names, string text, TKind other)
        where TKind : struct, Enum
    {
        var label = text.Trim();
        return Lookup(names, label) is { } kind ? new Term<TKind>(kind, null) : new Term<TKind>(other, label);
    }

    private static TKind? Lookup<TKind>(IReadOnlyDictionary<string, TKind> names, string label)
        where TKind : struct, Enum
    {
        if (Vocabulary.TryRead<TKind>(label, out var own))
        {
            return own;
        }

        return names.TryGetValue(label, out var kind) || names.TryGetValue(Slugs.From(label), out kind) ? kind : null;
    }

    /// <summary>Each entry by its text (for "%", which has no key) and by its key; each kind by its own name.</summary>
    private static Dictionary<string, TKind> Table<TKind>(Dictionary<string, TKind> entries)
        where TKind : struct, Enum
    {
        var table = new Dictionary<string, TKind>(StringComparer.OrdinalIgnoreCase);
        foreach (var kind in Enum.GetValues<TKind>().Where(kind => kind.ToString() != "Other"))
        {
            table[Vocabulary.Text(kind)] = kind;
        }

        foreach (var (name, kind) in entries)
        {
            table[name] = kind;
            if (Slugs.From(name) is { Length: > 0 } key)
            {
                table[key] = kind;
            }
        }

        return table;
    }

    [GeneratedRegex(@"\s*\((.*?)\)\s*")]
    private static partial Regex Parenthetical();
}
