using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>
/// A small set of measures recorded over HTTP, each in force (or not) on 2024-06-01 and 2025-06-01 for a reason the
/// counts must get right: a subdivision, a revocation and a suspension between the two dates, a measure in force
/// only later, EU and INTL, a measure only adopted, a vetoed bill, and a direction no mapping covers.
/// </summary>
public sealed class HandCheckedMeasures : RegulationService
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await InForceAsync("us-export-rule", "US", "restrictive", "2024-01-01");
        await InForceAsync("us-ca-sandbox", "US-CA", "promotional", "2024-02-01");
        await InForceAsync("us-revoked-order", "US", "restrictive", "2024-01-01");
        await RecordAsync("us-revoked-order", "revocation", new { date = "2025-01-20", source = "EO 14148" });
        await InForceAsync("us-suspended-grant", "US", "promotional", "2024-01-01");
        await RecordAsync("us-suspended-grant", "suspension", new { date = "2025-03-01", source = "OMB memo" });
        await InForceAsync("eu-late-act", "EU", "restrictive", "2024-08-01");
        await InForceAsync("fr-charter", "FR", "governance", "2024-05-01");
        await InForceAsync("intl-declaration", "INTL", "governance", "2023-11-01");
        await InForceAsync("jp-sandbox", "JP", null, "2024-04-01");
        await RecordAsync("cn-draft-rule", "adoption", new { date = "2024-03-01", source = "CAC", measure = Measure("CN", "restrictive") });
        await RecordAsync("us-ca-vetoed-bill", "proposal", new { date = "2024-02-07", source = "SB 1047", measure = Measure("US-CA", "restrictive") });
        await RecordAsync("us-ca-vetoed-bill", "revocation", new { date = "2024-09-29", source = "veto message", kind = "vetoed" });
    }

    private static object Measure(string jurisdiction, string? direction) => direction is null
        ? new { title = $"A measure of {jurisdiction}", jurisdiction, type = "regulation", targets = new[] { "frontier-models" }, directionLabel = "experimentation zone" }
        : new { title = $"A measure of {jurisdiction}", jurisdiction, type = "regulation", targets = new[] { "frontier-models" }, direction };

    /// <summary>Adopted and in force on <paramref name="date"/>; <paramref name="direction"/> null for a direction only the source's label states.</summary>
    public async Task InForceAsync(string id, string jurisdiction, string? direction, string date)
    {
        await RecordAsync(id, "adoption", new { date, source = "https://example.org/" + id, measure = Measure(jurisdiction, direction) });
        await RecordAsync(id, "entry-into-force", new { date, source = "https://example.org/" + id });
    }

    public async Task RecordAsync(string id, string step, object body)
    {
        var response = await Client.PostAsJsonAsync($"/measures/{id}/{step}", body);
        Assert.True(response.IsSuccessStatusCode, $"{id} {step}: {await response.Content.ReadAsStringAsync()}");
        await CaughtUpAsync(); // the counts read the status spells, which the daemon writes a moment after
    }
}

/// <summary><c>GET /in-force-counts</c> on the hand-checked measures.</summary>
public sealed class InForceCountTests(HandCheckedMeasures service) : IClassFixture<HandCheckedMeasures>
{
    private async Task<string> Counts(string query) => (await service.Client.GetFromJsonAsync<JsonElement>("/in-force-counts" + query)).GetRawText();

    private static string Json(string expected) => JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(expected));

    [Fact]
    public async Task By_bloc_a_subdivision_counts_in_its_country_s_bloc_and_revoked_suspended_adopted_and_vetoed_measures_do_not_count()
    {
        Assert.Equal(
            Json("""
                [
                  { "group": "EU", "inForce": 2, "byDirection": { "governance": 1, "restrictive": 1 } },
                  { "group": "International", "inForce": 1, "byDirection": { "governance": 1 } },
                  { "group": "Other", "inForce": 1, "byDirection": { "other": 1 } },
                  { "group": "US", "inForce": 2, "byDirection": { "promotional": 1, "restrictive": 1 } }
                ]
                """),
            await Counts("?asOf=2025-06-01&groupBy=bloc"));
    }

    [Fact]
    public async Task By_country_US_CA_counts_in_US_and_EU_and_INTL_count_as_themselves()
    {
        Assert.Equal(
            Json("""
                [
                  { "group": "EU", "inForce": 1, "byDirection": { "restrictive": 1 } },
                  { "group": "FR", "inForce": 1, "byDirection": { "governance": 1 } },
                  { "group": "INTL", "inForce": 1, "byDirection": { "governance": 1 } },
                  { "group": "JP", "inForce": 1, "byDirection": { "other": 1 } },
                  { "group": "US", "inForce": 2, "byDirection": { "promotional": 1, "restrictive": 1 } }
                ]
                """),
            await Counts("?asOf=2025-06-01&groupBy=country"));
    }

    [Fact]
    public async Task Before_the_revocation_and_the_suspension_both_count_and_a_measure_in_force_later_does_not()
    {
        Assert.Equal(
            Json("""
                [
                  { "group": "FR", "inForce": 1, "byDirection": { "governance": 1 } },
                  { "group": "INTL", "inForce": 1, "byDirection": { "governance": 1 } },
                  { "group": "JP", "inForce": 1, "byDirection": { "other": 1 } },
                  { "group": "US", "inForce": 4, "byDirection": { "promotional": 2, "restrictive": 2 } }
                ]
                """),
            await Counts("?asOf=2024-06-01&groupBy=country"));
    }

    [Fact]
    public async Task A_measure_counts_from_the_day_it_enters_into_force_to_the_day_before_it_is_revoked()
    {
        Assert.Equal(Json("""[{ "group": "INTL", "inForce": 1, "byDirection": { "governance": 1 } }]"""), await Counts("?asOf=2023-12-31&groupBy=country"));
        Assert.Equal("[]", await Counts("?asOf=2023-10-31"));
        Assert.Equal(2, UsRestrictive(await Counts("?asOf=2025-01-19&groupBy=country")));
        Assert.Equal(1, UsRestrictive(await Counts("?asOf=2025-01-20&groupBy=country")));
    }

    [Fact]
    public async Task Without_asOf_the_counts_are_today_s_and_without_groupBy_by_bloc()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var implicitly = await Counts(string.Empty);
        var explicitly = await Counts($"?asOf={today}&groupBy=bloc");

        Assert.Equal(explicitly, implicitly);
        Assert.Contains("\"group\":\"International\"", implicitly, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("region")]
    [InlineData("Bloc")]
    [InlineData("")]
    public async Task A_groupBy_other_than_bloc_or_country_is_a_400_problem_naming_the_field(string groupBy)
    {
        var response = await service.Client.GetAsync($"/in-force-counts?asOf=2025-06-01&groupBy={groupBy}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("must be bloc or country", problem.GetProperty("errors").GetProperty("groupBy")[0].GetString());
    }

    /// <summary>A day's counts are kept once counted; a measure recorded after, and its revocation, mark them stale.</summary>
    [Fact]
    public async Task A_day_counted_once_follows_a_later_measure_and_its_revocation()
    {
        // Years after the set's other dates, so the other tests' answers stay as they are.
        const string Later = "?asOf=2031-06-01&groupBy=country";
        var before = await Counts(Later);
        var again = await Counts(Later);

        await service.InForceAsync("nz-late-code", "NZ", "governance", "2031-01-01");
        var recorded = await Counts(Later);
        await service.RecordAsync("nz-late-code", "revocation", new { date = "2031-03-01", source = "repeal" });
        var revoked = await Counts(Later);

        Assert.Equal(before, again);
        Assert.DoesNotContain("\"NZ\"", before, StringComparison.Ordinal);
        Assert.Contains("{\"group\":\"NZ\",\"inForce\":1,\"byDirection\":{\"governance\":1}}", recorded, StringComparison.Ordinal);
        Assert.Equal(before, revoked);
    }

    /// <summary>/status keeps its counts per filter and day too: a new measure and its revocation move them at once.</summary>
    [Fact]
    public async Task Status_counts_kept_for_a_day_follow_a_new_measure_and_its_revocation()
    {
        async Task<string> StatusCounts(string query) =>
            (await service.Client.GetFromJsonAsync<JsonElement>($"/status?asOf=2032-06-01&pageSize=1{query}")).GetProperty("counts").GetRawText();
        async Task<int> InForce() =>
            (await service.Client.GetFromJsonAsync<JsonElement>("/status?asOf=2032-06-01&pageSize=1")).GetProperty("counts").TryGetProperty("in-force", out var count) ? count.GetInt32() : 0;

        var norway = await StatusCounts("&jurisdiction=NO");
        var inForce = await InForce();
        Assert.Equal(norway, await StatusCounts("&jurisdiction=NO")); // the kept cell answers the same

        await service.InForceAsync("no-late-rule", "NO", "governance", "2032-01-01");
        var recorded = await StatusCounts("&jurisdiction=NO");
        var inForceAfter = await InForce();
        await service.RecordAsync("no-late-rule", "revocation", new { date = "2032-03-01", source = "repeal" });
        var revoked = await StatusCounts("&jurisdiction=NO");

        Assert.Equal("{}", norway);
        Assert.Equal("{\"in-force\":1}", recorded);
        Assert.Equal(inForce + 1, inForceAfter);
        Assert.Equal("{\"revoked\":1}", revoked);
    }

    [Fact]
    public async Task The_counts_agree_with_the_statuses_of_GET_status_day_by_day()
    {
        for (var day = new DateOnly(2023, 10, 30); day <= new DateOnly(2025, 7, 1); day = day.AddDays(7))
        {
            await InForceCountAgreement.AssertAgreesAsync(service.Client, day);
        }
    }

    private static int UsRestrictive(string counts) =>
        JsonDocument.Parse(counts).RootElement.EnumerateArray().Single(g => g.GetProperty("group").GetString() == "US")
            .GetProperty("byDirection").GetProperty("restrictive").GetInt32();
}

/// <summary>What the gateway computed from <c>GET /status</c> before the counts were read from the service: the measures with status in-force, by group and direction.</summary>
public static class InForceCountAgreement
{
    public static async Task AssertAgreesAsync(HttpClient client, DateOnly day)
    {
        var asOf = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var status = await client.GetFromJsonAsync<JsonElement>($"/status?asOf={asOf}");
        var inForce = status.GetProperty("measures").EnumerateArray().Where(m => m.GetProperty("status").GetString() == "in-force").ToList();
        foreach (var (groupBy, groupOf) in new (string, Func<JsonElement, string>)[]
        {
            ("bloc", m => m.GetProperty("bloc").GetString()!),
            ("country", m => m.GetProperty("jurisdiction").GetString()!.Split('-')[0]),
        })
        {
            var expected = inForce
                .GroupBy(groupOf, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key}:{g.Count()}:" + string.Join(',', g.GroupBy(m => m.GetProperty("direction").GetString()!, StringComparer.Ordinal)
                    .OrderBy(d => d.Key, StringComparer.Ordinal)
                    .Select(d => $"{d.Key}={d.Count()}")));
            var counts = await client.GetFromJsonAsync<JsonElement>($"/in-force-counts?asOf={asOf}&groupBy={groupBy}");
            var actual = counts.EnumerateArray()
                .Select(g => $"{g.GetProperty("group").GetString()}:{g.GetProperty("inForce").GetInt32()}:" + string.Join(',', g.GetProperty("byDirection").EnumerateObject()
                    .Select(d => $"{d.Name}={d.Value.GetInt32()}")));
            Assert.Equal([.. expected], [.. actual]);
        }
    }
}

/// <summary>
/// The in-force measures of a jurisdiction and the responses in a window, which read only the measures concerned (found
/// through the status spells and the step dates), on the hand-checked measures.
/// </summary>
public sealed class ScopedReadTests(HandCheckedMeasures service) : IClassFixture<HandCheckedMeasures>
{
    private async Task<Dictionary<string, string>> ViaById(string path) =>
        (await service.Client.GetFromJsonAsync<JsonElement>(path)).GetProperty("measures").EnumerateArray()
            .ToDictionary(m => m.GetProperty("measure").GetProperty("id").GetString()!, m => m.GetProperty("via").GetString()!);

    private async Task<List<string>> Responses(string query) =>
        [.. (await service.Client.GetFromJsonAsync<JsonElement>("/responses" + query)).GetProperty("responses").EnumerateArray()
            .Select(r => $"{r.GetProperty("measureId").GetString()} {r.GetProperty("event").GetProperty("step").GetString()} {r.GetProperty("daysAfter").GetInt32()}")];

    [Fact]
    public async Task A_country_s_measures_in_force_take_in_its_subdivisions_unless_asked_not_to()
    {
        Assert.Equal(
            new Dictionary<string, string> { ["us-export-rule"] = "own", ["us-ca-sandbox"] = "subnational" },
            await ViaById("/jurisdictions/US/in-force?asOf=2025-06-01"));
        Assert.Equal(
            new Dictionary<string, string> { ["us-export-rule"] = "own" },
            await ViaById("/jurisdictions/US/in-force?asOf=2025-06-01&subnational=false"));
        Assert.Equal(
            new Dictionary<string, string> { ["us-export-rule"] = "own", ["us-ca-sandbox"] = "subnational", ["us-revoked-order"] = "own", ["us-suspended-grant"] = "own" },
            await ViaById("/jurisdictions/US/in-force?asOf=2024-06-01"));
    }

    [Fact]
    public async Task A_subdivision_has_its_country_s_measures_and_an_EU_member_the_EU_s()
    {
        Assert.Equal(
            new Dictionary<string, string> { ["us-ca-sandbox"] = "own", ["us-export-rule"] = "national" },
            await ViaById("/jurisdictions/us-ca/in-force?asOf=2025-06-01"));
        Assert.Equal(
            new Dictionary<string, string> { ["fr-charter"] = "own", ["eu-late-act"] = "eu" },
            await ViaById("/jurisdictions/FR/in-force?asOf=2025-06-01"));
        Assert.Equal(
            new Dictionary<string, string> { ["fr-charter"] = "own" },
            await ViaById("/jurisdictions/FR/in-force?asOf=2024-06-01&direction=governance"));
        Assert.Empty(await ViaById("/jurisdictions/CN/in-force?asOf=2025-06-01"));
    }

    [Fact]
    public async Task A_jurisdictions_measures_in_force_come_by_the_day_their_status_began_a_limit_at_a_time_with_the_count_of_all()
    {
        const string Us = "/jurisdictions/US/in-force?asOf=2024-06-01";
        var all = await service.Client.GetFromJsonAsync<JsonElement>(Us);
        var first = await service.Client.GetFromJsonAsync<JsonElement>(Us + "&limit=2");
        var aimed = await service.Client.GetFromJsonAsync<JsonElement>(Us + "&anyTarget=open-source,%20Frontier-Models");
        var none = await service.Client.GetFromJsonAsync<JsonElement>(Us + "&anyTarget=open-source,model-weights");
        var targeted = await service.Client.GetFromJsonAsync<JsonElement>(Us + "&target=frontier-models&type=regulation");
        var untargeted = await service.Client.GetFromJsonAsync<JsonElement>(Us + "&target=open-source");

        string[] byStart = ["us-export-rule", "us-revoked-order", "us-suspended-grant", "us-ca-sandbox"];
        Assert.Equal(byStart, Ids(all));
        Assert.Equal((4, false), Count(all));
        Assert.Equal(byStart[..2], Ids(first));
        Assert.Equal((4, false), Count(first));
        Assert.Equal(byStart, Ids(aimed));
        Assert.Empty(Ids(none));
        Assert.Equal((0, false), Count(none));
        Assert.Equal(byStart, Ids(targeted));
        Assert.Empty(Ids(untargeted));
        foreach (var (query, field) in new[] { ("&limit=0", "limit"), ("&anyTarget=not%20a%20tag", "anyTarget") })
        {
            var response = await service.Client.GetAsync(Us + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }

        static string[] Ids(JsonElement answer) => [.. answer.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("measure").GetProperty("id").GetString()!)];
        static (int, bool) Count(JsonElement answer) => (answer.GetProperty("count").GetInt32(), answer.GetProperty("countIsLowerBound").GetBoolean());
    }

    [Fact]
    public async Task Responses_are_the_steps_in_the_window_of_the_measures_asked_for()
    {
        Assert.Equal(["us-revoked-order revoked 19", "us-suspended-grant suspended 59"], await Responses("?after=2025-01-01&days=90&bloc=US"));
        Assert.Equal(
            ["us-ca-sandbox adopted 32", "us-ca-sandbox entered-into-force 32", "us-ca-vetoed-bill proposed 38", "us-ca-vetoed-bill revoked 273"],
            await Responses("?after=2023-12-31&days=366&jurisdiction=us-ca"));
        Assert.Equal(["us-ca-vetoed-bill revoked 273"], await Responses("?after=2023-12-31&days=366&jurisdiction=US&step=revoked"));
        Assert.Equal(["eu-late-act adopted 1", "eu-late-act entered-into-force 1"], await Responses("?after=2024-07-31&days=1"));
        Assert.Empty(await Responses("?after=2024-08-01&days=30&bloc=EU&direction=governance"));
    }
}
