using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.TestSupport;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// <c>GET /headlines</c> over a set checked by hand, as of 2025-06-30. Vela Chat (China, CN) has three series whose
/// latest observations all state 80M: weekly worldwide on June 1 (a2), monthly in China on June 1 (a4), monthly
/// worldwide on May 1 (a5); its later 1B (a6) is retracted and its 900M (a3) comes after the date. Orion Assistant
/// (US; US and GB) has 300M weekly (b1); its monthly series ends in 2B "accounts" (b3), another unit, so its 400M
/// users before (b2) is not its latest; its 5B registered users (b4) is another metric. Lyra App (GB, bloc Other)
/// has 350M monthly in GB (e1). Nomad Bot, linked to nothing, has 9B weekly (c1) and counts nowhere.
/// </summary>
public sealed class HeadlineTests(HeadlineTests.HandChecked set) : IClassFixture<HeadlineTests.HandChecked>
{
    private const string AsOf = "2025-06-30";

    /// <summary>The service beside releases, with the hand-checked set recorded once and linked.</summary>
    public sealed class HandChecked : IAsyncLifetime
    {
        private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

        private readonly AdoptionWithReleases _system = new();

        public string U { get; } = Guid.NewGuid().ToString("N")[..8];

        public HttpClient Client => _system.Client;

        public async Task InitializeAsync()
        {
            await _system.InitializeAsync();
            await AnnounceAsync($"vela{U}-1", $"Vela{U}-1", $"Vela Labs {U}", ["CN"]);
            await AnnounceAsync($"orion{U}-1", $"Orion{U}-1", $"Orion AI {U}", ["US", "GB"]);
            await AnnounceAsync($"lyra{U}-1", $"Lyra{U}-1", $"Lyra {U}", ["GB"]);
            await Eventually.Until(
                async () =>
                {
                    await using var session = _system.Store.QuerySession();
                    return await session.LoadManyAsync<CatalogModel>($"vela{U}-1", $"orion{U}-1", $"lyra{U}-1");
                },
                models => models.Count == 3,
                Delivery,
                "the three models in the adoption replica");

            var vela = $"Vela Chat {U}";
            var orion = $"Orion Assistant {U}";
            await RecordAsync("a1", vela, $"Vela Labs {U}", "weekly-active-users", "global", 50_000_000, "2025-03-31");
            await RecordAsync("a2", vela, $"Vela Labs {U}", "weekly-active-users", "global", 80_000_000, "2025-06-01");
            await RecordAsync("a3", vela, $"Vela Labs {U}", "weekly-active-users", "global", 900_000_000, "2025-07-15");
            await RecordAsync("a6", vela, $"Vela Labs {U}", "weekly-active-users", "global", 1_000_000_000, "2025-06-25");
            await RecordAsync("a4", vela, $"Vela Labs {U}", "monthly-active-users", "CN", 80_000_000, "2025-06-01");
            await RecordAsync("a5", vela, $"Vela Labs {U}", "monthly-active-users", "global", 80_000_000, "2025-05-01");
            await RecordAsync("b1", orion, $"Orion AI {U}", "weekly-active-users", "global", 300_000_000, "2025-06-15");
            await RecordAsync("b2", orion, $"Orion AI {U}", "monthly-active-users", "global", 400_000_000, "2025-04-30");
            await RecordAsync("b3", orion, $"Orion AI {U}", "monthly-active-users", "global", 2_000_000_000, "2025-06-20", unit: "accounts");
            await RecordAsync("b4", orion, $"Orion AI {U}", "registered-users", "global", 5_000_000_000, "2025-06-01");
            await RecordAsync("e1", $"Lyra App {U}", $"Lyra {U}", "monthly-active-users", "GB", 350_000_000, "2025-06-10");
            await RecordAsync("c1", $"Nomad Bot {U}", $"Nomad {U}", "weekly-active-users", "global", 9_000_000_000, "2025-06-01");
            (await Client.PostAsJsonAsync($"/observations/{Id("a6")}/retraction", new { reason = "misread", source = "https://example.org/erratum" })).EnsureSuccessStatusCode();
        }

        public Task DisposeAsync() => _system.DisposeAsync();

        /// <summary>
        /// Empties the read models of the observation queries, as in a store from before they existed, then
        /// rebuilds them from the events as an operator's rebuild does.
        /// </summary>
        public async Task RebuildReadModelsAsync()
        {
            await _system.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(SeriesLink));
            await _system.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(StandingObservation));
            await _system.Store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(MilestoneRecord));
            var coordinator = _system.Host.Services.GetRequiredService<IProjectionCoordinator>();
            await coordinator.DaemonForMainDatabase().RebuildProjectionAsync(nameof(ObservationReadsProjection), TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        public string Id(string name) => $"{name}-{U}";

        private async Task AnnounceAsync(string id, string name, string organization, string[] countries) =>
            (await _system.ReleasesClient.PostAsJsonAsync("/models", new
            {
                id,
                name,
                organization = new { name = organization },
                originCountries = countries,
                releaseDate = "2025-01-10",
                openWeights = false,
                sourceUrl = "https://example.org/release",
            })).EnsureSuccessStatusCode();

        public async Task RecordAsync(
            string name, string subject, string organization, string metric, string region, decimal value, string observedOn, string? unit = null) =>
            (await Client.PostAsJsonAsync("/observations", new
            {
                id = Id(name),
                subject = new { name = subject, organization = new { name = organization } },
                metric,
                region,
                value,
                unit,
                observedOn,
                measurementType = "third-party-estimate",
                source = "https://example.org/tracker",
            })).EnsureSuccessStatusCode();
    }

    private Task<JsonElement> GetAsync(string path) => set.Client.GetFromJsonAsync<JsonElement>(path);

    private static (string Group, string Id)[] Headlines(JsonElement answer) =>
        [.. answer.EnumerateArray().Select(h => (h.GetProperty("group").GetString()!, h.GetProperty("observation").GetProperty("id").GetString()!))];

    [Fact]
    public async Task Each_bloc_has_its_largest_latest_active_users_in_users_the_later_then_the_first_id_on_a_tie()
    {
        var headlines = await GetAsync($"/headlines?asOf={AsOf}&groupBy=bloc");

        Assert.Equal([("China", set.Id("a2")), ("Other", set.Id("e1")), ("US", set.Id("b1"))], Headlines(headlines));
    }

    [Fact]
    public async Task A_subject_counts_in_each_of_its_origin_countries()
    {
        var headlines = await GetAsync($"/headlines?asOf={AsOf}&groupBy=country");

        Assert.Equal([("CN", set.Id("a2")), ("GB", set.Id("e1")), ("US", set.Id("b1"))], Headlines(headlines));
    }

    [Fact]
    public async Task A_headline_is_the_observation_line_the_latest_observations_show()
    {
        var headlines = await GetAsync($"/headlines?asOf={AsOf}&groupBy=country");
        var latest = await GetAsync($"/observations?latest=true&to={AsOf}&pageSize=500");

        var lines = latest.GetProperty("items").EnumerateArray().ToDictionary(line => line.GetProperty("id").GetString()!, line => line.GetRawText());
        Assert.All(headlines.EnumerateArray(), h =>
        {
            var observation = h.GetProperty("observation");
            Assert.Equal(lines[observation.GetProperty("id").GetString()!], observation.GetRawText());
        });
        var china = headlines[0].GetProperty("observation");
        Assert.Equal($"vela-chat-{set.U}.weekly-active-users.global", china.GetProperty("seriesId").GetString());
        Assert.Equal("China", china.GetProperty("subject").GetProperty("link").GetProperty("bloc").GetString());
        Assert.Equal(80_000_000m, china.GetProperty("value").GetDecimal());
        Assert.Equal("2025-06-01", china.GetProperty("observedOn").GetString());
    }

    [Fact]
    public async Task An_earlier_date_takes_each_series_latest_then()
    {
        // On May 1 Orion's monthly series stands at 400M users (b2): its latest, in users, above its weekly 300M (not yet observed).
        var headlines = await GetAsync("/headlines?asOf=2025-05-01&groupBy=bloc");

        Assert.Equal([("China", set.Id("a5")), ("US", set.Id("b2"))], Headlines(headlines));
    }

    [Fact]
    public async Task By_default_headlines_are_by_bloc_as_of_today()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var byDefault = await GetAsync("/headlines");
        var explicitly = await GetAsync($"/headlines?asOf={today}&groupBy=bloc");

        Assert.Equal(explicitly.GetRawText(), byDefault.GetRawText());
        Assert.Contains(("China", set.Id("a3")), Headlines(byDefault));
    }

    [Fact]
    public async Task The_read_models_rebuilt_from_the_events_give_the_same_answers()
    {
        string[] reads =
        [
            $"/headlines?asOf={AsOf}&groupBy=bloc", $"/headlines?asOf={AsOf}&groupBy=country", $"/observations?latest=true&to={AsOf}", "/observations?bloc=us", "/milestones",
            $"/leaderboard?metric=weekly-active-users&region=global&asOf={AsOf}", $"/share-by-bloc?metric=monthly-active-users&region=global&asOf={AsOf}",
        ];
        var before = await Task.WhenAll(reads.Select(read => set.Client.GetStringAsync(read)));

        await set.RebuildReadModelsAsync();

        Assert.Equal(before, await Task.WhenAll(reads.Select(read => set.Client.GetStringAsync(read))));
        Assert.Equal(3, JsonDocument.Parse(before[0]).RootElement.GetArrayLength());
        Assert.True(JsonDocument.Parse(before[4]).RootElement.GetArrayLength() > 0, "the set's series reached milestones");
        Assert.Equal(
            [set.Id("c1"), set.Id("b1"), set.Id("a2")],
            JsonDocument.Parse(before[5]).RootElement.GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("observationId").GetString()));
    }

    [Fact]
    public async Task A_headline_read_once_follows_a_later_observation_and_its_retraction()
    {
        // A year after the set's other dates, so the other answers stay as they are.
        const string Later = "/headlines?asOf=2026-06-30&groupBy=bloc";
        Assert.Contains(("Other", set.Id("e1")), Headlines(await GetAsync(Later)));

        await set.RecordAsync("e2", $"Lyra App {set.U}", $"Lyra {set.U}", "monthly-active-users", "DE", 600_000_000, "2026-01-01");
        var recorded = Headlines(await GetAsync(Later));
        (await set.Client.PostAsJsonAsync($"/observations/{set.Id("e2")}/retraction", new { reason = "misread", source = "https://example.org/erratum" })).EnsureSuccessStatusCode();
        var retracted = Headlines(await GetAsync(Later));

        Assert.Contains(("Other", set.Id("e2")), recorded);
        Assert.Contains(("Other", set.Id("e1")), retracted);
        Assert.Equal([("China", set.Id("a3")), ("Other", set.Id("e1")), ("US", set.Id("b1"))], retracted);
    }

    [Fact]
    public async Task An_unknown_grouping_is_400_naming_groupBy()
    {
        var response = await set.Client.GetAsync($"/headlines?asOf={AsOf}&groupBy=organization");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("groupBy", out _));
    }
}
