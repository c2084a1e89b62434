using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>
/// The as-of queries, the divergence matrix and the responses window on the reference file, checked by hand
/// against its rows.
/// </summary>
public sealed class ReferenceQueryTests(ReferenceRegulations service) : IClassFixture<ReferenceRegulations>
{
    private async Task<JsonElement> Get(string path) => await service.Client.GetFromJsonAsync<JsonElement>(path);

    private static string? StatusOf(JsonElement answer, string id) =>
        answer.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id).GetProperty("status").GetString();

    private static HashSet<string> InForceIds(JsonElement answer) =>
        answer.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("measure").GetProperty("id").GetString()!).ToHashSet();

    [Fact]
    public async Task Executive_order_14110_is_in_force_on_2024_06_01_and_not_on_2025_02_01()
    {
        Assert.Equal("in-force", StatusOf(await Get("/status?asOf=2024-06-01"), "us-eo14110"));
        Assert.Equal("revoked", StatusOf(await Get("/status?asOf=2025-02-01"), "us-eo14110"));
        Assert.Equal("none", StatusOf(await Get("/status?asOf=2023-10-29"), "us-eo14110"));
    }

    [Fact]
    public async Task The_status_of_every_measure_is_answered_for_any_date()
    {
        var answer = await Get("/status?asOf=2025-12-31");

        Assert.Equal(25, answer.GetProperty("measures").GetArrayLength());
        Assert.Equal("vetoed", StatusOf(answer, "us-ca-sb1047"));
        Assert.Equal("revoked", StatusOf(answer, "us-aidiffusion"));
        Assert.Equal("adopted", StatusOf(answer, "us-co-sb205"));
        Assert.Equal("adopted", StatusOf(answer, "kr-aibasic"));
        Assert.Equal("in-force", StatusOf(await Get("/status?asOf=2026-02-01"), "kr-aibasic"));
    }

    [Theory]
    [InlineData("2024-07-20", "adopted", 0)]
    [InlineData("2024-09-01", "in-force", 0)]
    [InlineData("2025-03-01", "in-force", 1)]
    [InlineData("2025-09-01", "in-force", 2)]
    public async Task The_AI_Act_enters_into_force_then_applies_in_stages(string asOf, string status, int stages)
    {
        var measure = await Get($"/measures/eu-aiact?asOf={asOf}");

        Assert.Equal(status, measure.GetProperty("status").GetString());
        Assert.Equal(stages, measure.GetProperty("stagesStarted").GetArrayLength());
        Assert.Equal(
            ["politically-agreed", "adopted", "entered-into-force", "application-started", "application-started"],
            measure.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("step").GetString()));
    }

    [Fact]
    public async Task Measures_in_force_in_the_US_on_a_date_are_the_hand_checked_ones()
    {
        Assert.Equal(
            ["us-bis-2022", "us-bis-2023", "us-eo14110", "us-nist-rmf", "us-voluntary"],
            InForceIds(await Get("/jurisdictions/US/in-force?asOf=2024-06-01")).Order());
        Assert.Equal(
            ["us-aidiffusion", "us-bis-2022", "us-bis-2023", "us-bis-2024", "us-eo14179", "us-nist-rmf", "us-voluntary"],
            InForceIds(await Get("/jurisdictions/US/in-force?asOf=2025-02-01")).Order());
    }

    [Fact]
    public async Task In_an_EU_member_state_EU_law_is_in_force_beside_its_own_measures()
    {
        var answer = await Get("/jurisdictions/it/in-force?asOf=2025-02-01");

        var via = answer.GetProperty("measures").EnumerateArray()
            .ToDictionary(m => m.GetProperty("measure").GetProperty("id").GetString()!, m => m.GetProperty("via").GetString());
        Assert.Equal(
            new Dictionary<string, string?> { ["eu-aiact"] = "eu", ["it-garante-chatgpt"] = "own", ["it-garante-deepseek"] = "own" },
            via);
    }

    [Fact]
    public async Task The_divergence_matrix_counts_measures_in_force_by_jurisdiction_target_and_direction()
    {
        var answer = await Get("/divergence?asOf=2025-06-01");

        var cells = answer.GetProperty("cells").EnumerateArray()
            .ToDictionary(c => (c.GetProperty("row").GetString(), c.GetProperty("target").GetString()));
        var usChips = cells[("US", "chips-and-hardware")];
        Assert.Equal(4, usChips.GetProperty("inForce").GetInt32());
        Assert.Equal(4, usChips.GetProperty("byDirection").GetProperty("restrictive").GetInt32());
        Assert.Equal(["us-bis-2022", "us-bis-2023", "us-bis-2024", "us-h20"], usChips.GetProperty("measureIds").EnumerateArray().Select(id => id.GetString()).Order());
        Assert.Equal(1, cells[("CN", "critical-minerals")].GetProperty("byDirection").GetProperty("countermeasure").GetInt32());
        Assert.False(cells.ContainsKey(("US-CA", "frontier-models")), "A vetoed bill is in force nowhere.");
        Assert.Contains("US-CA", answer.GetProperty("rows").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_divergence_matrix_can_be_read_by_bloc()
    {
        var answer = await Get("/divergence?asOf=2025-06-01&by=bloc&target=foreign-ai-apps");

        var cells = answer.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("row").GetString()!, c => c.GetProperty("inForce").GetInt32());
        Assert.Equal(2, cells["EU"]);
        Assert.Equal(3, cells["Other"]);
    }

    [Fact]
    public async Task The_in_force_counts_agree_with_GET_status_every_fortnight_from_late_2022_to_2026()
    {
        for (var day = new DateOnly(2022, 11, 1); day <= new DateOnly(2026, 3, 1); day = day.AddDays(14))
        {
            await InForceCountAgreement.AssertAgreesAsync(service.Client, day);
        }
    }

    [Fact]
    public async Task The_DeepSeek_bans_show_up_as_responses_in_the_30_days_after_R1()
    {
        var all = await Get("/responses?after=2025-01-20&days=30");
        var bans = await Get("/responses?after=2025-01-20&days=30&target=foreign-ai-apps");

        Assert.Equal(
            ["au-deepseek", "eu-aiact", "it-garante-deepseek", "kr-pipc-deepseek", "tw-deepseek", "us-eo14179"],
            all.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("measureId").GetString()).Distinct().Order());
        Assert.Equal(
            ["it-garante-deepseek", "tw-deepseek", "au-deepseek", "kr-pipc-deepseek"],
            bans.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("measureId").GetString()));
        Assert.Equal(10, bans.GetProperty("responses")[0].GetProperty("daysAfter").GetInt32());
    }

    [Fact]
    public async Task Responses_come_the_first_limit_at_a_time_in_date_order_with_the_count_of_all()
    {
        var all = await Get("/responses?after=2025-01-20&days=30");
        var first = await Get("/responses?after=2025-01-20&days=30&limit=3");

        static string[] Events(JsonElement answer) =>
            [.. answer.GetProperty("responses").EnumerateArray().Select(r => $"{r.GetProperty("measureId").GetString()} {r.GetProperty("event").GetProperty("step").GetString()} {r.GetProperty("event").GetProperty("on").GetString()}")];
        Assert.True(Events(all).Length > 3, string.Join("; ", Events(all)));
        Assert.Equal(Events(all).Order(StringComparer.Ordinal).Count(), Events(all).Distinct().Count());
        Assert.Equal(Events(all)[..3], Events(first));
        Assert.Equal(Events(all).Length, first.GetProperty("count").GetInt32());
        Assert.True(first.GetProperty("more").GetBoolean());
        Assert.False(all.GetProperty("more").GetBoolean());
        Assert.Equal(
            Events(all).Select(e => e.Split(' ')[2]).Order(StringComparer.Ordinal),
            Events(all).Select(e => e.Split(' ')[2]));
    }

    [Fact]
    public async Task Measures_are_listed_by_jurisdiction_bloc_type_target_direction_and_status()
    {
        var chinese = await Get("/measures?bloc=China");
        var revokedUs = await Get("/measures?jurisdiction=US&status=revoked&asOf=2025-12-31");
        var exportControls = await Get("/measures?type=export-control&direction=restrictive&target=chips-and-hardware");

        Assert.Equal(["cn-deepsynth", "cn-ga-ge-ban", "cn-genai-measures"], chinese.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Order());
        Assert.Equal(["us-aidiffusion", "us-eo14110"], revokedUs.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Order());
        Assert.Equal(5, exportControls.GetProperty("total").GetInt32());
    }
}
