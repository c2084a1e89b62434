using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// The reference adoption.csv imported into a fresh service, then queried: the per-row report, ChatGPT's weekly
/// milestones, as-of leaderboards, growth. The class shares one import (the fixture's database).
/// </summary>
public sealed class ImportTests(ImportTests.Imported imported, ITestOutputHelper output) : IClassFixture<ImportTests.Imported>
{
    private const string Header = "obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence";

    /// <summary>The service with the reference file imported once, and the report of that import.</summary>
    public sealed class Imported : IAsyncLifetime
    {
        public AdoptionService Service { get; } = new();

        public JsonElement Report { get; private set; }

        public async Task InitializeAsync()
        {
            await Service.InitializeAsync();
            var response = await Service.Client.PostAsync("/imports", Csv(ReferenceData.Read("adoption.csv")));
            response.EnsureSuccessStatusCode();
            Report = await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        public Task DisposeAsync() => Service.DisposeAsync();
    }

    private HttpClient Client => imported.Service.Client;

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public void The_reference_file_imports_26_observations_and_reports_the_two_rows_without_a_number_by_line()
    {
        var report = imported.Report;

        Assert.Equal(28, report.GetProperty("rows").GetInt32());
        Assert.Equal(26, report.GetProperty("accepted").GetInt32());
        Assert.Equal(0, report.GetProperty("corrected").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([9, 27], rejected.Select(r => r.GetProperty("line").GetInt32()));
        Assert.All(rejected, r => Assert.Contains("kept as note", r.GetProperty("reason").GetString(), StringComparison.Ordinal));
        var normalised = report.GetProperty("normalised").EnumerateArray().Select(n => n.GetProperty("reason").GetString()!).ToList();
        Assert.Contains("product 'DeepSeek (iOS app)' read as subject 'DeepSeek'", normalised);
        Assert.Contains("region 'United Arab Emirates' read as AE", normalised);
        Assert.Contains("value_text '<1.2%' read as at-most", normalised);
    }

    [Fact]
    public async Task Rows_without_a_number_are_kept_as_notes_not_zeros()
    {
        var notes = await Client.GetFromJsonAsync<JsonElement>("/notes");

        Assert.Equal(["A08", "A31"], notes.EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/observations/A31")).StatusCode);
        var series = await Client.GetFromJsonAsync<JsonElement>("/series?subject=deepseek&metric=share-of-users");
        Assert.Equal(["BY", "CN"], series.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("region").GetString()).Order());
    }

    [Fact]
    public async Task Notes_are_paged_by_id_with_a_link_to_the_next_page()
    {
        using var first = await Client.GetAsync("/notes?limit=1");
        var next = first.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
        Assert.NotNull(next);
        var after = next[(next.IndexOf('<', StringComparison.Ordinal) + 1)..next.IndexOf('>', StringComparison.Ordinal)];
        using var second = await Client.GetAsync($"/notes{after}");
        using var refused = await Client.GetAsync("/notes?limit=1001");

        Assert.Equal(["A08"], (await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(["A31"], (await second.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.False(second.Headers.Contains("Link"), "the last page links no next page");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Reimporting_the_same_file_changes_nothing()
    {
        var response = await Client.PostAsync("/imports", Csv(ReferenceData.Read("adoption.csv")));

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, report.GetProperty("accepted").GetInt32());
        Assert.Equal(26, report.GetProperty("unchanged").GetInt32());
        var series = await Client.GetFromJsonAsync<JsonElement>("/series/chatgpt.weekly-active-users.global");
        Assert.Equal(7, series.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task ChatGPT_weekly_users_cross_100M_to_800M_each_once_on_the_disclosure_dates()
    {
        var milestones = await Client.GetFromJsonAsync<JsonElement>("/milestones?subject=chatgpt&metric=weekly-active-users");

        var reached = milestones.EnumerateArray()
            .Select(m => (Threshold: m.GetProperty("threshold").GetDecimal(), On: m.GetProperty("reachedOn").GetString(), By: m.GetProperty("observationId").GetString()))
            .ToList();
        Assert.Equal(
            [
                (100_000_000m, "2023-11-06", "A01"), (200_000_000m, "2024-08-29", "A02"), (300_000_000m, "2024-12-04", "A03"),
                (400_000_000m, "2025-02-20", "A04"), (500_000_000m, "2025-03-31", "A05"), (600_000_000m, "2025-08-04", "A06"),
                (700_000_000m, "2025-08-04", "A06"), (800_000_000m, "2025-10-06", "A07"),
            ],
            reached);
        await using var session = imported.Service.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("chatgpt.weekly-active-users.global");
        Assert.Equal(8, events.Count(e => e.Data is Adoption.Domain.MilestoneReached));
    }

    [Fact]
    public async Task Milestones_are_paged_by_date_threshold_and_series_with_a_link_to_the_next_page()
    {
        var whole = (await Client.GetFromJsonAsync<JsonElement>("/milestones?limit=1000")).EnumerateArray().ToList();
        var walked = new List<JsonElement>();
        var path = "/milestones?limit=25";
        for (var pages = 0; pages < 100 && path is not null; pages++)
        {
            using var response = await Client.GetAsync(path);
            walked.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
            path = response.Headers.TryGetValues("Link", out var links) ? "/milestones" + links.Single()[1..links.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        static string Line(JsonElement m) => $"{m.GetProperty("reachedOn").GetString()} {m.GetProperty("threshold").GetDecimal()} {m.GetProperty("seriesId").GetString()} {m.GetProperty("stillStands").GetBoolean()}";
        Assert.InRange(whole.Count, 8, 2_500); // the reference file's, and those other tests of the class add
        Assert.Equal(whole.Select(Line), walked.Select(Line));
        Assert.Equal(
            whole.OrderBy(m => m.GetProperty("reachedOn").GetString(), StringComparer.Ordinal).ThenBy(m => m.GetProperty("threshold").GetDecimal()).ThenBy(m => m.GetProperty("seriesId").GetString(), StringComparer.Ordinal).Select(Line),
            whole.Select(Line));
        var chatgpt = await Client.GetFromJsonAsync<JsonElement>("/series/chatgpt.weekly-active-users.global");
        Assert.Equal(
            chatgpt.GetProperty("milestones").EnumerateArray().Select(m => $"{m.GetProperty("threshold").GetDecimal()} {m.GetProperty("stillStands").GetBoolean()}"),
            whole.Where(m => m.GetProperty("seriesId").GetString() == "chatgpt.weekly-active-users.global").Select(m => $"{m.GetProperty("threshold").GetDecimal()} {m.GetProperty("stillStands").GetBoolean()}"));
    }

    [Fact]
    public async Task The_leaderboard_of_monthly_users_in_China_changes_with_the_as_of_date()
    {
        var january = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=monthly-active-users&region=CN&asOf=2025-02-01");
        var april = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=monthly-active-users&region=China&asOf=2025-04-01");
        var before = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=monthly-active-users&region=CN&asOf=2024-12-31");

        Assert.Equal(["doubao", "deepseek", "ernie-bot"], Subjects(january));
        Assert.Equal(78_600_000, january.GetProperty("entries")[0].GetProperty("value").GetDecimal());
        Assert.Equal(["deepseek", "doubao", "ernie-bot"], Subjects(april));
        Assert.Equal(187_000_000, april.GetProperty("entries")[0].GetProperty("value").GetDecimal());
        Assert.Equal("approximate", april.GetProperty("entries")[0].GetProperty("bound").GetString());
        Assert.Empty(Subjects(before));
    }

    [Fact]
    public async Task A_rank_leaderboard_puts_the_lowest_number_first_and_needs_a_metric_and_region()
    {
        var ranks = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=app-store-rank&region=US&asOf=2025-01-31");
        var incomplete = await Client.GetAsync("/leaderboard?region=US");

        var entry = Assert.Single(ranks.GetProperty("entries").EnumerateArray());
        Assert.Equal(1, entry.GetProperty("rank").GetInt32());
        Assert.Equal(1, entry.GetProperty("value").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
    }

    [Fact]
    public async Task Growth_of_ChatGPT_weekly_users_reads_each_date_as_of_its_latest_observation()
    {
        var growth = await Client.GetFromJsonAsync<JsonElement>("/series/chatgpt.weekly-active-users.global/growth?from=2023-12-01&to=2025-10-31");
        var tooEarly = await Client.GetAsync("/series/chatgpt.weekly-active-users.global/growth?from=2023-01-01&to=2025-10-31");

        Assert.Equal("A01", growth.GetProperty("fromPoint").GetProperty("id").GetString());
        Assert.Equal("A07", growth.GetProperty("toPoint").GetProperty("id").GetString());
        Assert.Equal(700_000_000, growth.GetProperty("absolute").GetDecimal());
        Assert.Equal(700, growth.GetProperty("percent").GetDouble());
        Assert.Equal(700, growth.GetProperty("days").GetInt32());
        Assert.InRange(growth.GetProperty("annualisedPercent").GetDouble(), 195.9, 196.0);
        Assert.Equal(HttpStatusCode.NotFound, tooEarly.StatusCode);
        Assert.Equal("observation-as-of", (await tooEarly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Share_by_bloc_leaves_aggregates_out_and_counts_unlinked_subjects_as_unknown()
    {
        // Organizations no release names (other test classes publish releases on the same broker).
        var u = Guid.NewGuid().ToString("N")[..8];
        var file = new StringBuilder().AppendLine(Header)
            .AppendLine(CultureInfo.InvariantCulture, $"K01-{u},Kilo {u},Kilo Org {u},US,monthly active users,3000000,3M,users,Kenya,2025-05-31,month,survey,,https://example.org/ke,medium")
            .AppendLine(CultureInfo.InvariantCulture, $"K02-{u},Lima {u},Lima Org {u},CN,monthly active users,1000000,1M,users,KE,2025-04-30,month,survey,,https://example.org/ke,medium")
            .AppendLine(CultureInfo.InvariantCulture, $"K03-{u},Generative AI (any),,,monthly active users,9000000,9M,users,KE,2025-05-31,month,survey,,https://example.org/ke,medium")
            .ToString();
        (await Client.PostAsync("/imports", Csv(file))).EnsureSuccessStatusCode();

        var shares = await Client.GetFromJsonAsync<JsonElement>("/share-by-bloc?metric=monthly-active-users&region=KE&asOf=2025-12-31");
        var rank = await Client.GetAsync("/share-by-bloc?metric=app-store-rank&region=US");

        var bloc = Assert.Single(shares.GetProperty("blocs").EnumerateArray());
        Assert.Equal("unknown", bloc.GetProperty("bloc").GetString());
        Assert.Equal(100.0, bloc.GetProperty("share").GetDouble());
        Assert.Equal(4_000_000, shares.GetProperty("total").GetDecimal());
        Assert.Equal("generative-ai", Assert.Single(shares.GetProperty("excluded").EnumerateArray()).GetProperty("subjectId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, rank.StatusCode);
    }

    [Fact]
    public async Task A_messy_file_is_reported_row_by_row_and_never_stops()
    {
        var file = new StringBuilder().AppendLine(Header)
            .AppendLine("M01,Kimi,Moonshot AI,China,monthly active users,36000000,36M,users,US (California),2025-02-28,month,third_party_tracker,,Aicpb,medium")
            .AppendLine("M02,Kimi,Moonshot AI,China,share of AI users,140,140%,percent,CN,2025-02-28,month,third_party_tracker,,Aicpb,medium")
            .AppendLine("M03,Kimi,Moonshot AI,China,App Store rank,0,#0,rank,CN,2025-02-28,day,ranking,,Appfigures,high")
            .AppendLine("M04,Kimi,Moonshot AI,China,monthly active users,36000000,36M,percent,CN,2025-02-28,month,third_party_tracker,,Aicpb,medium")
            .AppendLine("M05,Kimi,Moonshot AI,China,monthly active users,36000000,36M,users,Atlantis,2025-02-28,month,third_party_tracker,,Aicpb,medium")
            .AppendLine("M06,Kimi,Moonshot AI,China,monthly active users,36000000,36M,users,CN,28/02/2025,month,third_party_tracker,,Aicpb,medium")
            .AppendLine("M07,Kimi,Moonshot AI,China,daily active users,36000000,36M,users,CN,2025-02-28,day,third_party_tracker,,Aicpb,medium")
            .AppendLine("M08,Kimi,Moonshot AI,China,monthly active users,lots,lots,users,CN,2025-02-28,month,third_party_tracker,,Aicpb,medium")
            .AppendLine("M09,Kimi,Moonshot AI,China,monthly active users,36000000,36M,users,CN,2025-02-28,month,third_party_tracker,,,medium")
            .AppendLine("M10,\"Kimi,Moonshot AI,China,monthly active users,36000000,36M,users,CN,2025-02-28,month,third_party_tracker,,Aicpb,medium")
            .ToString();

        var response = await Client.PostAsync("/imports", Csv(file));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, report.GetProperty("accepted").GetInt32()); // M01, and M05 and M07, whose region and metric are kept as other
        var reasons = report.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([3, 4, 5, 7, 9, 10, 11], reasons.Keys.Order());
        Assert.Contains("percentage within 0 to 100", reasons[3], StringComparison.Ordinal);
        Assert.Contains("rank", reasons[4], StringComparison.Ordinal);
        Assert.Contains("unit 'percent' must be users", reasons[5], StringComparison.Ordinal);
        Assert.Contains("date '28/02/2025'", reasons[7], StringComparison.Ordinal);
        Assert.Contains("value 'lots' is not a number", reasons[9], StringComparison.Ordinal);
        Assert.Contains("source is empty", reasons[10], StringComparison.Ordinal);
        var normalised = report.GetProperty("normalised").EnumerateArray().Select(n => n.GetProperty("reason").GetString()).ToList();
        Assert.Contains("region 'US (California)' read as US", normalised);
        Assert.Contains("region 'Atlantis' normalised: kept as other", normalised);
        Assert.Contains("metric 'daily active users' normalised: kept as other", normalised);
        var kimi = await Client.GetFromJsonAsync<JsonElement>("/observations/M01");
        Assert.Equal("US", kimi.GetProperty("region").GetString());
        Assert.Equal("kimi.monthly-active-users.atlantis", (await Client.GetFromJsonAsync<JsonElement>("/observations/M05")).GetProperty("seriesId").GetString());
        Assert.Equal("kimi.daily-active-users.cn", (await Client.GetFromJsonAsync<JsonElement>("/observations/M07")).GetProperty("seriesId").GetString());
    }

    [Fact]
    public async Task A_changed_row_is_a_correction_and_a_row_moving_an_observation_to_another_series_is_refused()
    {
        var first = $"{Header}\nC01,Qwen Chat,Alibaba,China,monthly active users,10000000,10M,users,JP,2025-03-31,month,third_party_tracker,,Aicpb,medium\n";
        (await Client.PostAsync("/imports", Csv(first))).EnsureSuccessStatusCode();
        var changed = $"{Header}\nC01,Qwen Chat,Alibaba,China,monthly active users,12000000,12M,users,JP,2025-03-31,month,third_party_tracker,,Aicpb,medium\n"
            + "C01,Qwen Chat,Alibaba,China,monthly active users,12000000,12M,users,KR,2025-03-31,month,third_party_tracker,,Aicpb,medium\n";

        var report = await (await Client.PostAsync("/imports", Csv(changed))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, report.GetProperty("corrected").GetInt32());
        var refused = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(3, refused.GetProperty("line").GetInt32());
        Assert.StartsWith("observation-id-unique", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var observation = await Client.GetFromJsonAsync<JsonElement>("/observations/C01");
        Assert.Equal(12_000_000, observation.GetProperty("value").GetDecimal());
        Assert.Equal(1, observation.GetProperty("corrections").GetInt32());
    }

    [Fact]
    public async Task A_file_that_is_not_csv_or_lacks_columns_is_refused_whole()
    {
        using var json = JsonContent.Create(new { });
        var wrongType = await Client.PostAsync("/imports", json);
        var noColumns = await Client.PostAsync("/imports", Csv("obs_id,product\nX,Y\n"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noColumns.StatusCode);
        Assert.Equal("import-format", (await noColumns.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Ten_thousand_rows_import_in_batches_and_the_rate_is_reported()
    {
        const int Rows = 10_000;
        var file = new StringBuilder(Rows * 160).AppendLine(Header);
        var start = new DateOnly(2020, 1, 1);
        for (var i = 0; i < Rows; i++)
        {
            // 100 products × 100 days: a realistic mix of new series and series growing within and across batches.
            var product = $"Bulk Product {i % 100:000}";
            var date = start.AddDays(i / 100).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            file.Append(CultureInfo.InvariantCulture, $"B{i:00000},{product},Bulk Org {i % 7},US,monthly active users,{1_000_000 + (i * 50_000)},,users,IN,{date},month,company_disclosure,,https://example.org/bulk,medium\n");
        }

        using var patient = imported.Service.Host.NewClient();
        patient.Timeout = TimeSpan.FromMinutes(5);
        var clock = Stopwatch.StartNew();
        var response = await patient.PostAsync("/imports", Csv(file.ToString()));
        clock.Stop();

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Rows, report.GetProperty("accepted").GetInt32());
        output.WriteLine($"{Rows} rows imported in {clock.Elapsed.TotalSeconds:0.00} s: {Rows / clock.Elapsed.TotalSeconds:0} observations/s");
        var series = await Client.GetFromJsonAsync<JsonElement>("/series/bulk-product-042.monthly-active-users.in");
        Assert.Equal(100, series.GetProperty("points").GetArrayLength());
    }

    private static List<string?> Subjects(JsonElement board) =>
        [.. board.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("subject").GetProperty("id").GetString())];
}
