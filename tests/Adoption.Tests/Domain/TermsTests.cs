using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Domain;

namespace Intelligence.Adoption.Tests.Domain;

/// <summary>
/// The documented mappings of adoption's open vocabularies: a known name reads as its kind, a documented neighbour
/// as the kind it means, anything else as other with the source's label, keyed so that different labels never share
/// a series.
/// </summary>
public sealed class TermsTests
{
    private static readonly Subject ChatGpt = new("chatgpt", "ChatGPT", SubjectKind.Product, "openai", "OpenAI");

    [Theory]
    [InlineData("weekly active users", Metric.WeeklyActiveUsers)]
    [InlineData("weekly-active-users", Metric.WeeklyActiveUsers)]
    [InlineData("WeeklyActiveUsers", Metric.WeeklyActiveUsers)]
    [InlineData("Weekly_Active_Users!", Metric.WeeklyActiveUsers)]
    [InlineData("WAU", Metric.WeeklyActiveUsers)]
    [InlineData("MAU", Metric.MonthlyActiveUsers)]
    [InlineData("App Store rank, free apps", Metric.AppStoreRank)]
    [InlineData("share of AI users", Metric.ShareOfUsers)]
    public void Known_names_read_as_their_metric_without_a_label(string text, Metric metric) =>
        Assert.Equal(new MetricTerm(metric, null, null), Terms.ReadMetric(text));

    [Theory]
    [InlineData("weekly users", Metric.WeeklyActiveUsers)]
    [InlineData("MAUs", Metric.MonthlyActiveUsers)]
    [InlineData("app downloads", Metric.CumulativeDownloads)]
    [InlineData("lifetime downloads", Metric.CumulativeDownloads)]
    [InlineData("registered accounts", Metric.RegisteredUsers)]
    [InlineData("app store ranking", Metric.AppStoreRank)]
    [InlineData("user share", Metric.ShareOfUsers)]
    [InlineData("token share", Metric.ShareOfTokens)]
    public void Neighbours_that_mean_the_same_read_as_the_known_metric(string text, Metric metric) =>
        Assert.Equal(metric, Terms.ReadMetric(text).Kind);

    [Theory]
    [InlineData("daily active users", "daily-active-users")]
    [InlineData("paid subscribers", "paid-subscribers")]
    [InlineData("API developers", "api-developers")]
    [InlineData("enterprise customers", "enterprise-customers")]
    [InlineData("tokens per day", "tokens-per-day")]
    [InlineData("visits", "visits")]
    [InlineData("monthly active users in the EU", "monthly-active-users-in-the-eu")]
    public void Anything_else_is_other_with_the_label_as_stated_and_a_series_of_its_own(string text, string key)
    {
        var metric = Terms.ReadMetric(text);

        Assert.Equal(new MetricTerm(Metric.Other, text, null), metric);
        Assert.Equal(key, metric.Key);
        Assert.Equal($"chatgpt.{key}.global", new SeriesKey(ChatGpt, metric.Kind, "global", metric.Label).SeriesId);
    }

    [Fact]
    public void A_known_metric_with_a_qualifier_keeps_the_qualifier_and_an_unknown_one_stays_whole()
    {
        Assert.Equal(new MetricTerm(Metric.MonthlyActiveUsers, null, "quarter avg"), Terms.ReadMetric("monthly active users (quarter avg)"));
        Assert.Equal(new MetricTerm(Metric.Other, "paid subscribers (Plus)", null), Terms.ReadMetric("paid subscribers (Plus)"));
    }

    [Fact]
    public void Labels_differing_only_in_case_or_punctuation_share_a_series_and_different_ones_never_do()
    {
        string Id(string label) => new SeriesKey(ChatGpt, Metric.Other, "global", label).SeriesId;

        Assert.Equal(Id("Paid subscribers"), Id("paid-subscribers"));
        Assert.NotEqual(Id("paid subscribers (Plus)"), Id("paid subscribers (Team)"));
        Assert.NotEqual(Id("日活跃用户"), Id("月活跃用户"));
        Assert.NotEqual(Id("用户 2"), Id("访问 2"));
        Assert.DoesNotContain("..", Id("日活跃用户"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users", Unit.Users, null)]
    [InlineData("people", Unit.Users, null)]
    [InlineData("Downloads", Unit.Downloads, null)]
    [InlineData("%", Unit.Percent, null)]
    [InlineData("percentage", Unit.Percent, null)]
    [InlineData("position", Unit.Rank, null)]
    [InlineData("subscribers", Unit.Other, "subscribers")]
    [InlineData("thousand users", Unit.Other, "thousand users")]
    [InlineData("users, rank", Unit.Other, "users, rank")]
    public void Units_read_as_a_known_unit_or_other_with_the_label(string text, Unit unit, string? label) =>
        Assert.Equal(new Term<Unit>(unit, label), Terms.ReadUnit(text));

    [Theory]
    [InlineData("company_disclosure", MeasurementType.CompanyDisclosure, null)]
    [InlineData("press_release", MeasurementType.CompanyDisclosure, null)]
    [InlineData("third_party_tracker", MeasurementType.ThirdPartyEstimate, null)]
    [InlineData("poll", MeasurementType.Survey, null)]
    [InlineData("press leak", MeasurementType.Other, "press leak")]
    public void Measurement_types_read_as_a_known_type_or_other_with_the_label(string text, MeasurementType type, string? label) =>
        Assert.Equal(new Term<MeasurementType>(type, label), Terms.ReadMeasurementType(text));

    [Theory]
    [InlineData("high", Confidence.High, null)]
    [InlineData("H", Confidence.High, null)]
    [InlineData("med", Confidence.Medium, null)]
    [InlineData("very high", Confidence.Other, "very high")]
    [InlineData("other", Confidence.Other, "other")]
    public void Confidence_reads_as_a_known_grade_or_other_with_the_label(string text, Confidence confidence, string? label) =>
        Assert.Equal(new Term<Confidence>(confidence, label), Terms.ReadConfidence(text));

    [Theory]
    [InlineData("Global!", "global", RegionKind.Grouping)]
    [InlineData("us.", "US", RegionKind.Country)]
    [InlineData("MENA", "middle-east-north-africa", RegionKind.Grouping)]
    [InlineData("Middle-East North-Africa", "middle-east-north-africa", RegionKind.Grouping)]
    [InlineData("Southeast Asia", "southeast-asia", RegionKind.Other)]
    [InlineData("DACH", "dach", RegionKind.Other)]
    public void A_place_that_only_looks_different_from_a_known_region_is_that_region_and_no_other_key_takes_a_known_one(string text, string code, RegionKind kind)
    {
        var region = RegionCatalog.Default.Read(text)!.Region;

        Assert.Equal((code, kind), (region.Code, region.Kind));
        Assert.Equal(kind == RegionKind.Other ? text : null, region.Label);
    }

    [Fact]
    public void A_series_describes_its_region_by_the_catalog_or_by_the_label_it_keeps()
    {
        Assert.Equal(new Region("southeast-asia", "Southeast Asia", RegionKind.Other), RegionCatalog.Default.Describe("southeast-asia", "Southeast Asia"));
        Assert.Equal(RegionKind.Country, RegionCatalog.Default.Describe("US", null).Kind);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("---", "must hold a letter or a digit")]
    [InlineData("paid\u202Esubscribers", "must not hold control, invisible formatting or broken characters")]
    [InlineData("paid\u200Bsubscribers", "must not hold control, invisible formatting or broken characters")]
    [InlineData("paid\u0000", "must not hold control, invisible formatting or broken characters")]
    public void Text_that_cannot_be_a_label_says_why(string text, string problem) => Assert.Equal(problem, Labels.Problem(text));

    [Fact]
    public void A_lone_surrogate_is_no_label() =>
        Assert.Equal("must not hold control, invisible formatting or broken characters", Labels.Problem($"lone {(char)0xD800} surrogate"));

    [Theory]
    [InlineData("paid subscribers")]
    [InlineData("日活跃用户")]
    [InlineData("users 🤖")]
    [InlineData("<script>")]
    public void Any_wording_is_a_label(string text) => Assert.Null(Labels.Problem(text));

    [Fact]
    public void A_label_longer_than_a_label_is_refused() =>
        Assert.Equal($"must be at most {Labels.MaxLength} characters", Labels.Problem(new string('a', Labels.MaxLength + 1)));
}
