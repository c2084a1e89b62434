using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Adoption.Tests.Api;

/// <summary><c>GET /observations</c>: observations across series in a window, by catalog model, bloc or country, or only each series' latest.</summary>
public sealed class ObservationListTests(AdoptionWithReleases system) : IClassFixture<AdoptionWithReleases>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    private async Task RecordAsync(string id, string subject, string metric, string region, decimal value, string observedOn) =>
        (await system.Client.PostAsJsonAsync("/observations", new
        {
            id,
            subject = new { name = subject, organization = new { name = $"Org {subject}" } },
            metric,
            region,
            value,
            observedOn,
            measurementType = "third-party-estimate",
            source = "https://example.org/tracker",
        })).EnsureSuccessStatusCode();

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(line => line.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Observations_of_the_series_linked_to_a_model_in_a_window_or_only_the_latest_of_each()
    {
        var u = Guid.NewGuid().ToString("N")[..8];
        (await system.ReleasesClient.PostAsJsonAsync("/models", new
        {
            id = $"lumen{u}-1",
            name = $"Lumen{u}-1",
            organization = new { name = $"Lumen Lab {u}" },
            originCountries = new[] { "NR" },
            releaseDate = "2020-01-15",
            openWeights = true,
            sourceUrl = "https://example.org/release",
        })).EnsureSuccessStatusCode();
        await RecordAsync($"l1-{u}", $"Lumen{u}", "monthly-active-users", "global", 1_000_000, "2020-02-29");
        await RecordAsync($"l2-{u}", $"Lumen{u}", "monthly-active-users", "global", 3_000_000, "2020-04-30");
        await RecordAsync($"l3-{u}", $"Lumen{u}", "monthly-active-users", "NR", 2_000, "2020-03-31");
        await RecordAsync($"o1-{u}", $"Other{u}", "monthly-active-users", "global", 9_000_000, "2020-03-31");

        var all = await Eventually.Until(
            () => system.Client.GetFromJsonAsync<JsonElement>($"/observations?model=lumen{u}-1"),
            page => page.GetProperty("total").GetInt32() == 3,
            Delivery,
            "the subject linked to the model");
        var window = await system.Client.GetFromJsonAsync<JsonElement>($"/observations?model=lumen{u}-1&from=2020-03-01&to=2020-04-30");
        var latestByMarch = await system.Client.GetFromJsonAsync<JsonElement>($"/observations?country=NR&metric=monthly-active-users&latest=true&to=2020-03-31");

        Assert.Equal([$"l1-{u}", $"l3-{u}", $"l2-{u}"], Ids(all));
        Assert.Equal([$"l3-{u}", $"l2-{u}"], Ids(window));
        Assert.Equal([$"l1-{u}", $"l3-{u}"], Ids(latestByMarch));
        var line = all.GetProperty("items")[0];
        Assert.Equal($"lumen{u}.monthly-active-users.global", line.GetProperty("seriesId").GetString());
        Assert.Equal("Other", line.GetProperty("subject").GetProperty("link").GetProperty("bloc").GetString());
        Assert.Equal(1_000_000m, line.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task A_series_recorded_before_its_model_is_found_by_the_model_once_released_and_by_the_bloc_its_corrected_card_gives()
    {
        var u = Guid.NewGuid().ToString("N")[..8];
        await RecordAsync($"z1-{u}", $"Zephyr{u} app", "monthly-active-users", "global", 7_000_000, "2020-05-31");
        var before = await system.Client.GetFromJsonAsync<JsonElement>($"/observations?model=zephyr{u}-2");
        Assert.Equal(0, before.GetProperty("total").GetInt32());

        (await system.ReleasesClient.PostAsJsonAsync("/models", new
        {
            id = $"zephyr{u}-2",
            name = $"Zephyr{u}-2",
            organization = new { name = $"Zephyr Research {u}" },
            originCountries = new[] { "CN" },
            releaseDate = "2020-01-15",
            openWeights = true,
            sourceUrl = "https://example.org/release",
        })).EnsureSuccessStatusCode();
        var linked = await Eventually.Until(
            () => system.Client.GetFromJsonAsync<JsonElement>($"/observations?model=zephyr{u}-2&latest=true&to=2020-06-30"),
            page => page.GetProperty("total").GetInt32() == 1,
            Delivery,
            "the series linked to the model by its family");
        Assert.Equal("China", linked.GetProperty("items")[0].GetProperty("subject").GetProperty("link").GetProperty("bloc").GetString());
        Assert.Equal([$"z1-{u}"], Ids(await system.Client.GetFromJsonAsync<JsonElement>($"/observations?bloc=china&country=CN&model=zephyr{u}-2")));

        (await system.ReleasesClient.PostAsJsonAsync($"/models/zephyr{u}-2/corrections", new
        {
            reason = "the lab is in the United States",
            originCountries = new[] { "US" },
            sourceUrl = "https://example.org/correction",
        })).EnsureSuccessStatusCode();
        var moved = await Eventually.Until(
            () => system.Client.GetFromJsonAsync<JsonElement>($"/observations?bloc=US&model=zephyr{u}-2"),
            page => page.GetProperty("total").GetInt32() == 1,
            Delivery,
            "the series relinked to the bloc of the corrected card");
        Assert.Equal(["US"], moved.GetProperty("items")[0].GetProperty("subject").GetProperty("link").GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, (await system.Client.GetFromJsonAsync<JsonElement>($"/observations?bloc=China&model=zephyr{u}-2")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/observations?from=2020-05-01&to=2020-01-01", "from")]
    [InlineData("/observations?metric=---", "metric")]
    [InlineData("/observations?pageSize=501", "pageSize")]
    public async Task Bad_filters_are_400_naming_the_field(string path, string field)
    {
        var response = await system.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
