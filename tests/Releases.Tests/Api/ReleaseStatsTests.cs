using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// The statistics projection on a small set checked by hand:
///   china-a CN 2024-01-10 open, free   · china-b CN 2024-02-01 closed, not free
///   us-c    US 2024-02-15 open, free   · usgb-d US+GB 2024-03-01 closed, limited
///   eu-e    FR+DE 2024-04-20 open, n/a
/// </summary>
public sealed class ReleaseStatsTests(ReleasesService service) : IClassFixture<ReleasesService>, IAsyncLifetime
{
    private const string Source = "https://example.org/stats";

    public async Task InitializeAsync()
    {
        if ((await service.Client.GetAsync("/models/china-a")).IsSuccessStatusCode)
        {
            return;
        }

        await Post(new { id = "china-a", name = "China A", organization = new { name = "Lab A" }, originCountries = new[] { "CN" }, releaseDate = "2024-01-10", openWeights = true, freeAccess = "yes", sourceUrl = Source });
        await Post(new { id = "china-b", name = "China B", organization = new { name = "Lab B" }, originCountries = new[] { "CN" }, releaseDate = "2024-02-01", openWeights = false, freeAccess = "no", sourceUrl = Source });
        await Post(new { id = "us-c", name = "US C", organization = new { name = "Lab C" }, originCountries = new[] { "US" }, releaseDate = "2024-02-15", openWeights = true, freeAccess = "yes", sourceUrl = Source });
        await Post(new { id = "usgb-d", name = "US GB D", organization = new { name = "Lab D" }, originCountries = new[] { "US", "GB" }, releaseDate = "2024-03-01", openWeights = false, freeAccess = "limited", sourceUrl = Source });
        await Post(new { id = "eu-e", name = "EU E", organization = new { name = "Lab E" }, originCountries = new[] { "FR", "DE" }, releaseDate = "2024-04-20", openWeights = true, freeAccess = "not-applicable", sourceUrl = Source });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Quarters_by_bloc_count_each_model_once_per_bloc_with_its_shares()
    {
        var rows = await Stats("period=quarter&groupBy=bloc&to=2024-06-30");

        Assert.Equal(
            [
                "2024-Q1 China 2 open 1 (0.5) free 1 (0.5)",
                "2024-Q1 Other 1 open 0 (0) free 0 (0)",
                "2024-Q1 US 2 open 1 (0.5) free 1 (0.5)",
                "2024-Q2 EU 1 open 1 (1) free 0 (0)",
            ],
            rows);
    }

    [Fact]
    public async Task Months_by_country_list_a_two_country_model_under_each_country()
    {
        var rows = await Stats("period=month&groupBy=country&from=2024-03-01&to=2024-04-30");

        Assert.Equal(
            [
                "2024-03 GB 1 open 0 (0) free 0 (0)",
                "2024-03 US 1 open 0 (0) free 0 (0)",
                "2024-04 DE 1 open 1 (1) free 0 (0)",
                "2024-04 FR 1 open 1 (1) free 0 (0)",
            ],
            rows);
    }

    [Fact]
    public async Task A_correction_moves_a_model_between_periods_and_an_access_change_updates_the_shares()
    {
        await Post(new { id = "move-f", name = "Move F", organization = new { name = "Lab F" }, originCountries = new[] { "JP" }, releaseDate = "2023-05-05", openWeights = false, freeAccess = "no", sourceUrl = Source });
        Assert.Equal(["2023 JP 1 open 0 (0) free 0 (0)"], await Stats("period=year&groupBy=country&to=2023-12-31"));

        await Post(new { reason = "wrong year", releaseDate = "2022-05-05", sourceUrl = Source }, "/models/move-f/corrections");
        await Post(new { effectiveOn = "2023-01-01", openWeights = true, freeAccess = "yes", sourceUrl = Source }, "/models/move-f/access");

        Assert.Equal(["2022 JP 1 open 1 (1) free 1 (1)"], await Stats("period=year&groupBy=country&to=2023-12-31"));
    }

    [Fact]
    public async Task An_unknown_period_is_400_naming_period()
    {
        var response = await service.Client.GetAsync("/stats?period=week");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Body()).GetProperty("errors").TryGetProperty("period", out _));
    }

    [Fact]
    public async Task A_window_of_days_adds_whole_months_and_the_days_at_its_edges()
    {
        // 15 January to 1 March: no release in January's days, February whole, 1 March's day.
        Assert.Equal(["China 1 open 0 free 0", "Other 1 open 0 free 0", "US 2 open 1 free 1"], await Window("from=2024-01-15&to=2024-03-01"));

        // Inside one month: days only.
        Assert.Equal(["US 1 open 1 free 1"], await Window("from=2024-02-02&to=2024-02-20"));
    }

    [Theory]
    [InlineData("2024-01-10", "2024-01-10")]
    [InlineData("2023-12-31", "2024-04-20")]
    [InlineData("2024-02-16", "2024-04-19")]
    [InlineData("2024-01-01", "2024-12-31")]
    [InlineData("2024-02-01", "2024-03-31")]
    public async Task A_window_counts_what_the_model_list_holds_in_it(string from, string to)
    {
        var listed = await service.Client.GetFromJsonAsync<JsonElement>($"/models?from={from}&to={to}&pageSize=200");
        var expected = listed.GetProperty("items").EnumerateArray()
            .SelectMany(m => m.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()!).Distinct())
            .GroupBy(country => country)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Key} {group.Count()}");

        var counted = (await service.Client.GetFromJsonAsync<JsonElement>($"/stats/window?from={from}&to={to}&groupBy=country")).EnumerateArray()
            .Select(r => $"{r.GetProperty("group").GetString()} {r.GetProperty("releases").GetInt32()}");

        Assert.Equal(expected, counted);
    }

    [Theory]
    [InlineData("to=2024-01-01", "from")]
    [InlineData("from=2024-02-01&to=2024-01-01", "from")]
    [InlineData("from=2024-01-01&to=2024-02-01&groupBy=region", "groupBy")]
    public async Task A_bad_window_is_400_naming_the_field(string query, string field)
    {
        var response = await service.Client.GetAsync($"/stats/window?{query}");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Body()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private async Task<List<string>> Window(string query) =>
        (await service.Client.GetFromJsonAsync<JsonElement>($"/stats/window?{query}")).EnumerateArray()
            .Select(r => $"{r.GetProperty("group").GetString()} {r.GetProperty("releases").GetInt32()} open {r.GetProperty("openWeights").GetInt32()} free {r.GetProperty("freeAccess").GetInt32()}")
            .ToList();

    private async Task Post(object body, string path = "/models")
    {
        (await service.Client.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode();
        await service.CaughtUpAsync();
    }

    private async Task<List<string>> Stats(string query)
    {
        var rows = await service.Client.GetFromJsonAsync<JsonElement>($"/stats?{query}");
        return rows.EnumerateArray()
            .Select(r => $"{r.GetProperty("period").GetString()} {r.GetProperty("group").GetString()} {r.GetProperty("releases").GetInt32()} " +
                         $"open {r.GetProperty("openWeights").GetInt32()} ({r.GetProperty("openWeightShare").GetDouble()}) " +
                         $"free {r.GetProperty("freeAccess").GetInt32()} ({r.GetProperty("freeAccessShare").GetDouble()})")
            .ToList();
    }
}
