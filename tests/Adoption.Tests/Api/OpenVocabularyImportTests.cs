using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// A file in the shape of the reference adoption.csv whose metrics, units, regions, measurement types and confidence
/// grades nobody mapped: every row is kept, each label said in the report and shown in the reads beside its kind;
/// other metrics and places are series of their own, filtered by label or key, never merged with one another or
/// compared across units.
/// </summary>
public sealed class OpenVocabularyImportTests(OpenVocabularyImportTests.Imported imported) : IClassFixture<OpenVocabularyImportTests.Imported>
{
    private const string Header = "obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence";

    private static readonly string File = string.Join('\n',
        Header,
        "V01,ChatGPT,OpenAI,US,paid subscribers,15000000,15M,subscribers,global,2025-01-31,month,company_disclosure,,https://example.org/v01,high",
        "V02,ChatGPT,OpenAI,US,paid subscribers,20000000,20M,subscribers,global,2025-04-30,month,company_disclosure,,https://example.org/v02,high",
        "V03,ChatGPT,OpenAI,US,enterprise customers,3000000,3M,customers,global,2025-06-30,,press leak,,https://example.org/v03,very high",
        "V04,ChatGPT,OpenAI,US,daily active users,160000000,~160M,users,Southeast Asia,2025-05-31,day,third_party_tracker,,https://example.org/v04,medium",
        "V05,Claude,Anthropic,US,daily active users,20000000,20M,users,Southeast Asia,2025-05-31,day,third_party_tracker,,https://example.org/v05,medium",
        "V06,Gemini app,Google,US,app downloads,500000000,500M+,downloads,global,2025-05-31,cumulative,third_party_app_analytics,,https://example.org/v06,medium",
        "V07,OpenRouter,OpenRouter,US,tokens per day,1000000000000,1T,tokens,global,2025-05-31,day,platform_data,,https://example.org/v07,medium",
        "V08,DeepSeek,DeepSeek,CN,API developers,2000000,2M,developers,DACH,2025-05-31,H1-2025,,,https://example.org/v08,",
        "V09,ChatGPT,OpenAI,US,visits,5000000000,5.0B,visits,global,2025-05-31,month,semrush panel,,https://example.org/v09,M",
        "V10,Le Chat,Mistral AI,FR,monthly active users,1200,1.2k,thousand users,EU,2025-05-31,month,third_party_tracker,,https://example.org/v10,medium",
        "V11,Claude,Anthropic,US,paid subscribers,4000000,4M,users,global,2025-04-30,month,third_party_tracker,,https://example.org/v11,low",
        "V12,ChatGPT,OpenAI,US,日活跃用户,30000000,3000万,users,CN,2025-05-31,day,third_party_tracker,,https://example.org/v12,low",
        "V13,ChatGPT,OpenAI,US,月活跃用户,90000000,9000万,users,CN,2025-05-31,month,third_party_tracker,,https://example.org/v13,low") + "\n";

    /// <summary>The service with the file imported once, and the report of that import.</summary>
    public sealed class Imported : IAsyncLifetime
    {
        public AdoptionService Service { get; } = new();

        public JsonElement Report { get; private set; }

        public async Task InitializeAsync()
        {
            await Service.InitializeAsync();
            var response = await Service.Client.PostAsync("/imports", Csv(File));
            response.EnsureSuccessStatusCode();
            Report = await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        public Task DisposeAsync() => Service.DisposeAsync();
    }

    private HttpClient Client => imported.Service.Client;

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static string[] SeriesIds(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];

    [Fact]
    public void Every_row_is_kept_and_each_label_kept_as_other_is_said_in_the_report()
    {
        var report = imported.Report;

        Assert.Equal(13, report.GetProperty("rows").GetInt32());
        Assert.Equal(13, report.GetProperty("accepted").GetInt32());
        Assert.Equal(0, report.GetProperty("rejected").GetArrayLength());
        var normalised = report.GetProperty("normalised").EnumerateArray()
            .Select(n => (Line: n.GetProperty("line").GetInt32(), Reason: n.GetProperty("reason").GetString()!))
            .ToList();
        Assert.Contains((2, "metric 'paid subscribers' normalised: kept as other"), normalised);
        Assert.Contains((2, "unit 'subscribers' normalised: kept as other"), normalised);
        Assert.Contains((4, "measurement_type 'press leak' normalised: kept as other"), normalised);
        Assert.Contains((4, "confidence 'very high' normalised: kept as other"), normalised);
        Assert.Contains((5, "region 'Southeast Asia' normalised: kept as other"), normalised);
        Assert.Contains((7, "metric 'app downloads' read as cumulative-downloads"), normalised);
        Assert.Contains((9, "region 'DACH' normalised: kept as other"), normalised);
        Assert.Contains((9, "measurement_type is empty: kept as other"), normalised);
        Assert.Contains((9, "confidence is empty: kept as other"), normalised);
        Assert.Contains((10, "confidence 'M' read as medium"), normalised);
        Assert.Contains((11, "unit 'thousand users' normalised: kept as other"), normalised);
    }

    [Fact]
    public async Task Other_metrics_are_series_of_their_own_listed_by_label_or_key_with_the_label_beside_the_kind()
    {
        var byLabel = await Client.GetFromJsonAsync<JsonElement>("/series?metric=paid%20subscribers");
        var byKey = await Client.GetFromJsonAsync<JsonElement>("/series?metric=paid-subscribers&subject=chatgpt");
        var chatGpt = await Client.GetFromJsonAsync<JsonElement>("/series?subject=chatgpt");
        var milestones = await Client.GetFromJsonAsync<JsonElement>("/milestones?metric=paid%20subscribers");
        var allMilestones = await Client.GetFromJsonAsync<JsonElement>("/milestones?limit=1000");

        Assert.Equal(["chatgpt.paid-subscribers.global", "claude.paid-subscribers.global"], SeriesIds(byLabel));
        // An other metric's milestones are found by its label's key, as its series are.
        Assert.Equal(
            allMilestones.EnumerateArray().Where(m => m.GetProperty("metricLabel").GetString() == "paid subscribers").Select(m => m.GetProperty("seriesId").GetString()),
            milestones.EnumerateArray().Select(m => m.GetProperty("seriesId").GetString()));
        var paid = Assert.Single(byKey.GetProperty("items").EnumerateArray());
        Assert.Equal("other", paid.GetProperty("metric").GetString());
        Assert.Equal("paid subscribers", paid.GetProperty("metricLabel").GetString());
        Assert.Equal("other", paid.GetProperty("unit").GetString());
        Assert.Equal("subscribers", paid.GetProperty("unitLabel").GetString());
        Assert.Equal(2, paid.GetProperty("observations").GetInt32());
        var ids = SeriesIds(chatGpt);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Contains("chatgpt.enterprise-customers.global", ids);
        Assert.Contains("chatgpt.visits.global", ids);
        Assert.Contains("chatgpt.daily-active-users.southeast-asia", ids);
        var chinese = ids.Where(id => id.EndsWith(".cn", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, chinese.Count); // two labels Names.Key cannot spell are still two series
    }

    [Fact]
    public async Task A_series_read_shows_its_labels_and_each_point_its_own()
    {
        var series = await Client.GetFromJsonAsync<JsonElement>("/series/chatgpt.paid-subscribers.global");
        var observation = await Client.GetFromJsonAsync<JsonElement>("/observations/V03");

        Assert.Equal(["V01", "V02"], series.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.All(series.GetProperty("points").EnumerateArray(), p => Assert.Equal("subscribers", p.GetProperty("unitLabel").GetString()));
        Assert.Equal("paid subscribers", series.GetProperty("metricLabel").GetString());
        Assert.Equal("grouping", series.GetProperty("regionKind").GetString());
        Assert.Equal("enterprise customers", observation.GetProperty("metricLabel").GetString());
        Assert.Equal("customers", observation.GetProperty("unitLabel").GetString());
        Assert.Equal("other", observation.GetProperty("measurementType").GetString());
        Assert.Equal("press leak", observation.GetProperty("measurementTypeLabel").GetString());
        Assert.Equal("other", observation.GetProperty("confidence").GetString());
        Assert.Equal("very high", observation.GetProperty("confidenceLabel").GetString());
    }

    [Fact]
    public async Task Other_places_are_regions_listed_by_label_or_key_and_kept_under_the_label_the_source_gave()
    {
        var byLabel = await Client.GetFromJsonAsync<JsonElement>("/series?region=Southeast%20Asia");
        var byKey = await Client.GetFromJsonAsync<JsonElement>("/series?region=southeast-asia");
        var dach = await Client.GetFromJsonAsync<JsonElement>("/observations/V08");

        Assert.Equal(["chatgpt.daily-active-users.southeast-asia", "claude.daily-active-users.southeast-asia"], SeriesIds(byLabel));
        Assert.Equal(SeriesIds(byLabel), SeriesIds(byKey));
        var first = byLabel.GetProperty("items")[0];
        Assert.Equal("southeast-asia", first.GetProperty("region").GetString());
        Assert.Equal("other", first.GetProperty("regionKind").GetString());
        Assert.Equal("Southeast Asia", first.GetProperty("regionLabel").GetString());
        Assert.Equal("Southeast Asia", first.GetProperty("regionName").GetString());
        Assert.Equal("DACH", dach.GetProperty("regionLabel").GetString());
        Assert.Equal("H1-2025", dach.GetProperty("period").GetString());
        Assert.Equal("other", dach.GetProperty("measurementType").GetString());
        Assert.Equal(JsonValueKind.Null, dach.GetProperty("measurementTypeLabel").ValueKind);
    }

    [Fact]
    public async Task A_leaderboard_and_shares_of_an_other_metric_in_an_other_place_rank_and_add_its_series()
    {
        var board = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=daily%20active%20users&region=Southeast%20Asia&asOf=2025-12-31");
        var shares = await Client.GetFromJsonAsync<JsonElement>("/share-by-bloc?metric=daily-active-users&region=southeast-asia&asOf=2025-12-31");

        Assert.Equal(["chatgpt", "claude"], board.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("subject").GetProperty("id").GetString()));
        Assert.Equal("daily active users", board.GetProperty("metricLabel").GetString());
        Assert.Equal("users", board.GetProperty("unit").GetString());
        Assert.Equal("Southeast Asia", board.GetProperty("regionLabel").GetString());
        Assert.Equal(180_000_000m, shares.GetProperty("total").GetDecimal());
        Assert.Equal("daily active users", shares.GetProperty("metricLabel").GetString());
    }

    [Fact]
    public async Task Values_in_different_units_are_never_ranked_together_a_unit_is_asked_for_instead()
    {
        var mixed = await Client.GetAsync("/leaderboard?metric=paid%20subscribers&region=global&asOf=2025-12-31");
        var subscribers = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=paid%20subscribers&region=global&unit=subscribers&asOf=2025-12-31");
        var monthlyInUsers = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=monthly-active-users&region=EU&asOf=2025-12-31");
        var monthlyInThousands = await Client.GetFromJsonAsync<JsonElement>("/leaderboard?metric=monthly-active-users&region=EU&unit=thousand%20users&asOf=2025-12-31");

        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        var errors = (await mixed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var rule = errors.GetProperty("unit")[0].GetString();
        Assert.Contains("several units", rule, StringComparison.Ordinal);
        Assert.Contains("subscribers", rule, StringComparison.Ordinal);
        Assert.Contains("users", rule, StringComparison.Ordinal);
        var entry = Assert.Single(subscribers.GetProperty("entries").EnumerateArray());
        Assert.Equal("chatgpt.paid-subscribers.global", entry.GetProperty("seriesId").GetString());
        Assert.Equal(20_000_000m, entry.GetProperty("value").GetDecimal());
        Assert.Empty(monthlyInUsers.GetProperty("entries").EnumerateArray());
        Assert.Equal("V10", Assert.Single(monthlyInThousands.GetProperty("entries").EnumerateArray()).GetProperty("observationId").GetString());
        Assert.Equal("thousand users", monthlyInThousands.GetProperty("unitLabel").GetString());
    }

    [Fact]
    public async Task Growth_of_an_other_metric_compares_its_points_in_their_unit()
    {
        var growth = await Client.GetFromJsonAsync<JsonElement>("/series/chatgpt.paid-subscribers.global/growth?from=2025-02-01&to=2025-05-31");

        Assert.Equal("V01", growth.GetProperty("fromPoint").GetProperty("id").GetString());
        Assert.Equal("V02", growth.GetProperty("toPoint").GetProperty("id").GetString());
        Assert.Equal(5_000_000m, growth.GetProperty("absolute").GetDecimal());
    }

    [Fact]
    public async Task Observations_across_series_carry_every_label_and_filter_by_an_other_metric()
    {
        var visits = await Client.GetFromJsonAsync<JsonElement>("/observations?metric=visits");
        var none = await Client.GetFromJsonAsync<JsonElement>("/observations?metric=likes");

        var line = Assert.Single(visits.GetProperty("items").EnumerateArray());
        Assert.Equal("V09", line.GetProperty("id").GetString());
        Assert.Equal("visits", line.GetProperty("metricLabel").GetString());
        Assert.Equal("visits", line.GetProperty("unitLabel").GetString());
        Assert.Equal("semrush panel", line.GetProperty("measurementTypeLabel").GetString());
        Assert.Equal("medium", line.GetProperty("confidence").GetString());
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Reimporting_the_file_finds_every_row_unchanged()
    {
        var report = await (await Client.PostAsync("/imports", Csv(File))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(0, report.GetProperty("accepted").GetInt32());
        Assert.Equal(0, report.GetProperty("corrected").GetInt32());
        Assert.Equal(13, report.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public void An_event_stored_before_labels_existed_still_reads_with_every_label_absent()
    {
        var serializer = imported.Service.Store.Options.Serializer();
        var key = new SeriesKey(new Subject("chatgpt", "ChatGPT", SubjectKind.Product, "openai", "OpenAI"), Metric.WeeklyActiveUsers, "global");
        var recorded = new ObservationRecorded(key.SeriesId, key, new Observation(
            "A01", 100_000_000, Unit.Users, Bound.Exact, new DateOnly(2023, 11, 6), "week", MeasurementType.CompanyDisclosure, Confidence.High, "The Verge", "100M", null));
        var stored = JsonNode.Parse(serializer.ToJson(recorded))!.AsObject();
        foreach (var (part, property) in new[] { ("key", "metricLabel"), ("key", "regionLabel"), ("key", "metricKey"), ("observation", "unitLabel"), ("observation", "measurementTypeLabel"), ("observation", "confidenceLabel") })
        {
            stored[part]!.AsObject().Remove(property);
        }

        using var old = new MemoryStream(Encoding.UTF8.GetBytes(stored.ToJsonString()));
        Assert.Equal(recorded, serializer.FromJson<ObservationRecorded>(old));
    }
}
