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
