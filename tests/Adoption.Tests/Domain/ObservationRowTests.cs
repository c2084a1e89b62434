using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Features;
using Intelligence.Adoption.Import;
using Intelligence.Adoption.Regions;
using Intelligence.Adoption.Tests.Api;
using Intelligence.Platform.Import;
using Microsoft.Extensions.Configuration;

namespace Intelligence.Adoption.Tests.Domain;

/// <summary>Every row of the reference adoption.csv, read as the importer reads it; regions; milestone settings.</summary>
public sealed class ObservationRowTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static async Task<Dictionary<string, RowReading>> ReadReferenceAsync()
    {
        using var reader = new StringReader(ReferenceData.Read("adoption.csv"));
        var rows = new Dictionary<string, RowReading>();
        await foreach (var record in CsvRecords.ReadAsync(reader, ObservationRow.RequiredColumns))
        {
            rows[record["obs_id"]] = ObservationRow.Read(record, RegionCatalog.Default, Today);
        }

        return rows;
    }

    [Fact]
    public async Task Every_reference_row_is_an_observation_except_the_two_without_a_number_which_are_notes()
    {
        var rows = await ReadReferenceAsync();

        Assert.Equal(28, rows.Count);
        Assert.Equal(["A08", "A31"], rows.Where(r => r.Value.Row is null).Select(r => r.Key).Order());
        Assert.All(rows.Where(r => r.Value.Row is null), r => Assert.NotNull(r.Value.Note));
        Assert.Contains("qualitative", rows["A08"].Rejection, StringComparison.Ordinal);
        Assert.Contains("value is empty", rows["A31"].Rejection, StringComparison.Ordinal);
        Assert.Equal("11-14% (Ethiopia, Zimbabwe, Uganda, Niger); Africa 2-4x other regions", rows["A31"].Note!.Text);
    }

    [Theory]
    [InlineData("A01", "chatgpt.weekly-active-users.global", 100_000_000, Bound.Exact)]
    [InlineData("A06", "chatgpt.weekly-active-users.global", 700_000_000, Bound.Approximate)]
    [InlineData("A09", "deepseek.app-store-rank.us", 1, Bound.Exact)]
    [InlineData("A10", "deepseek.cumulative-downloads.global", 2_600_000, Bound.Exact)]
    [InlineData("A14", "deepseek.monthly-active-users.cn", 187_000_000, Bound.Approximate)]
    [InlineData("A19", "gemini-app.monthly-active-users.global", 400_000_000, Bound.AtLeast)]
    [InlineData("A21", "meta-ai.monthly-active-users.global", 1_000_000_000, Bound.Approximate)]
    [InlineData("A22", "generative-ai.share-of-working-age-population.global", 15.1, Bound.Exact)]
    [InlineData("A24", "generative-ai.share-of-working-age-population.global-north", 24.7, Bound.Exact)]
    [InlineData("A25", "generative-ai.share-of-working-age-population.global-south", 14.1, Bound.Exact)]
    [InlineData("A26", "generative-ai.share-of-working-age-population.ae", 64, Bound.Exact)]
    [InlineData("A28", "generative-ai.share-of-working-age-population.us", 28.3, Bound.Exact)]
    [InlineData("A29", "deepseek.share-of-users.cn", 89, Bound.Approximate)]
    [InlineData("A30", "deepseek.share-of-users.by", 56, Bound.Approximate)]
    [InlineData("A32", "chinese-open-weight-models.share-of-tokens.global", 1.2, Bound.AtMost)]
    [InlineData("A34", "ernie-bot.registered-users.cn", 200_000_000, Bound.Exact)]
    public async Task Reference_rows_land_in_their_series_with_their_bound(string id, string seriesId, double value, Bound bound)
    {
        var row = (await ReadReferenceAsync())[id].Row!;

        Assert.Equal(seriesId, row.Command.Key.SeriesId);
        Assert.Equal((decimal)value, row.Command.Observation.Value);
        Assert.Equal(bound, row.Command.Observation.Bound);
    }

    [Fact]
    public async Task Qualifiers_dropped_from_names_are_kept_in_the_note_and_reported_as_normalised()
    {
        var rows = await ReadReferenceAsync();

        var ios = rows["A09"].Row!;
        Assert.Contains("product as reported: DeepSeek (iOS app)", ios.Command.Observation.Note, StringComparison.Ordinal);
        Assert.Equal(MeasurementType.Ranking, ios.Command.Observation.MeasurementType);
        var quarter = rows["A14"].Row!;
        Assert.Contains("metric as reported: monthly active users (quarter avg)", quarter.Command.Observation.Note, StringComparison.Ordinal);
        Assert.Contains("region as reported: China (mobile)", quarter.Command.Observation.Note, StringComparison.Ordinal);
        Assert.Contains(quarter.Normalised, n => n.StartsWith("region 'China (mobile)' read as CN", StringComparison.Ordinal));
        var aggregate = rows["A32"].Row!.Command.Key.Subject;
        Assert.Equal(SubjectKind.Aggregate, aggregate.Kind);
        Assert.Null(aggregate.OrganizationId);
        var product = rows["A11"].Row!.Command.Key.Subject;
        Assert.Equal(new Subject("doubao", "Doubao", SubjectKind.Product, "bytedance", "ByteDance"), product);
    }

    [Theory]
    [InlineData("US", "US")]
    [InlineData("us", "US")]
    [InlineData("United Arab Emirates", "AE")]
    [InlineData("United States", "US")]
    [InlineData("US (California)", "US")]
    [InlineData("China (mobile)", "CN")]
    [InlineData("global", "global")]
    [InlineData("world", "global")]
    [InlineData("global (across Meta apps)", "global")]
    [InlineData("Global North", "global-north")]
    [InlineData("Sub-Saharan Africa (selected)", "sub-saharan-africa")]
    [InlineData("low/middle-income countries", "low-middle-income")]
    public void Regions_are_read_as_sources_write_them(string text, string code) =>
        Assert.Equal(code, RegionCatalog.Default.Read(text)?.Region.Code);

    [Theory]
    [InlineData("US/UK", "us-uk")]
    [InlineData("Atlantis", "atlantis")]
    [InlineData("Southeast Asia (selected)", "southeast-asia-selected")]
    public void Several_countries_or_unknown_places_are_regions_of_kind_other_keyed_by_their_label(string text, string key)
    {
        var region = RegionCatalog.Default.Read(text)!.Region;

        Assert.Equal(new Region(key, text, RegionKind.Other), region);
        Assert.Equal(text, region.Label);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--")]
    public void Text_without_a_letter_or_digit_is_no_region(string text) => Assert.Null(RegionCatalog.Default.Read(text));

    [Fact]
    public void Milestone_thresholds_come_from_configuration_per_metric_and_default_to_100M_steps_for_users()
    {
        var configured = MilestoneSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Adoption:Milestones:cumulative-downloads:0"] = "1000000",
            ["Adoption:Milestones:cumulative-downloads:1"] = "500000",
        }).Build());
        var defaults = MilestoneSettings.Read(new ConfigurationBuilder().Build());

        Assert.Equal([500_000m, 1_000_000m], configured.For(Metric.CumulativeDownloads));
        Assert.Empty(configured.For(Metric.WeeklyActiveUsers));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 100_000_000m), defaults.For(Metric.WeeklyActiveUsers));
        Assert.Empty(defaults.For(Metric.ShareOfUsers));
        Assert.Throws<InvalidOperationException>(() => MilestoneSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Adoption:Milestones:daily-users:0"] = "1",
        }).Build()));
    }
}
