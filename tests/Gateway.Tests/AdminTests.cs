using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests;

[Collection(WholeSystemGroup.Name)]
public sealed class AdminTests(WholeSystem system)
{
    [Fact]
    public async Task An_operator_replays_integration_events_which_arrive_again_with_the_same_message_id()
    {
        var id = $"replay-{Guid.NewGuid():N}"[..22];
        using var editor = system.Gateway.NewClient(TestApiKeys.Editor);
        using var @operator = system.Gateway.NewClient(TestApiKeys.Operator);
        await using var probe = await BrokerProbe.BindAsync("intelligence.releases.model-released");
        var created = await editor.PostAsJsonAsync("/api/releases/models", new
        {
            id,
            name = $"Model {id}",
            organization = new { name = "Replay Lab" },
            originCountries = new[] { "DE" },
            releaseDate = "2025-02-01",
            openWeights = true,
            sourceUrl = "https://example.org/replay",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await probe.WaitForAsync(m => m.Message.GetProperty("modelId").GetString() == id, TimeSpan.FromSeconds(60), "first delivery");
        var progress = await @operator.GetFromJsonAsync<JsonElement>("/api/releases/admin/progress");
        var highWaterMark = progress.GetProperty("highWaterMark").GetInt64();

        var refused = await editor.PostAsJsonAsync("/api/releases/admin/relay/replay", new { afterPosition = 0 });
        var invalid = await @operator.PostAsJsonAsync("/api/releases/admin/relay/replay", new { afterPosition = -1 });
        var replay = await @operator.PostAsJsonAsync("/api/releases/admin/relay/replay", new { afterPosition = highWaterMark - 1 });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("afterPosition", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var deliveries = await Eventually.Until(
            () => Task.FromResult(probe.Received.Where(m => m.Message.GetProperty("modelId").GetString() == id).ToList()),
            received => received.Count >= 2,
            TimeSpan.FromSeconds(60),
            $"the replayed ModelReleased for {id}");
        Assert.All(deliveries, delivery => Assert.Equal(first.EnvelopeMessageId, delivery.EnvelopeMessageId));
    }

    [Fact]
    public async Task An_operator_rebuilds_a_projection_from_the_events_and_reads_the_same_answers()
    {
        var id = $"rebuild-{Guid.NewGuid():N}"[..22];
        using var editor = system.Gateway.NewClient(TestApiKeys.Editor);
        using var @operator = system.Gateway.NewClient(TestApiKeys.Operator);
        var created = await editor.PostAsJsonAsync("/api/releases/models", new
        {
            id,
            name = $"Model {id}",
            organization = new { name = "Rebuild Lab" },
            originCountries = new[] { "AT" },
            releaseDate = "2025-04-01",
            openWeights = false,
            sourceUrl = "https://example.org/rebuild",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var before = await editor.GetStringAsync($"/api/releases/models/{id}");
        var window = "/api/releases/stats/window?from=2025-04-01&to=2025-04-01&groupBy=country";
        var counted = await Eventually.Until(
            () => CountryCountAsync(editor, window, "AT"), count => count >= 1, TimeSpan.FromSeconds(30), $"the daemon counting {id}");
        var projections = await @operator.GetFromJsonAsync<string[]>("/api/releases/admin/projections");
        var catalog = Assert.Single(projections!, name => name == "Catalog");

        var refused = await editor.PostAsync($"/api/releases/admin/projections/{catalog}/rebuild", null);
        var unknown = await @operator.PostAsync("/api/releases/admin/projections/NoSuchProjection/rebuild", null);
        var rebuilt = await @operator.PostAsync($"/api/releases/admin/projections/{catalog}/rebuild", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal(catalog, (await rebuilt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projection").GetString());
        Assert.Equal(before, await editor.GetStringAsync($"/api/releases/models/{id}"));
        Assert.Equal(counted, await CountryCountAsync(editor, window, "AT")); // the counters were cleared first, so nothing counts twice
        var progress = await @operator.GetFromJsonAsync<JsonElement>("/api/releases/admin/progress");
        Assert.True(progress.GetProperty("events").GetInt64() >= 1);
    }

    private static async Task<int> CountryCountAsync(HttpClient client, string window, string country) =>
        (await client.GetFromJsonAsync<JsonElement>(window)).EnumerateArray()
            .Where(row => row.GetProperty("group").GetString() == country)
            .Select(row => row.GetProperty("releases").GetInt32())
            .SingleOrDefault();
}
