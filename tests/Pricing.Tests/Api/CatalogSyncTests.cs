using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Intelligence.Pricing.Domain;
using Marten;
using Xunit.Abstractions;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The pinned genai-prices snapshot synced into a store of its own: every priced model becomes an offering with
/// provenance, a second sync of the same snapshot stores nothing, a price cut upstream is one price change and a cut
/// here, an entry gone upstream is delisted, a hand-sourced price is never overwritten, and a broken file stores nothing.
/// </summary>
public sealed class CatalogSyncTests(PricingSystem system, ITestOutputHelper output) : IClassFixture<PricingSystem>
{
    private const string Version = "@pydantic/genai-prices@0.1.8";

    private static readonly byte[] Snapshot = File.ReadAllBytes(PricingSystem.DataFile("catalogs/genai-prices.json"));

    private async Task<(HttpStatusCode Status, JsonElement Body)> SyncAsync(byte[] snapshot, string readAt, string version = Version)
    {
        using var content = new ByteArrayContent(snapshot);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await system.Client.PostAsync($"/sync/genai-prices?version={Uri.EscapeDataString(version)}&location=genai-prices.json&readAt={readAt}", content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<int> EventCountAsync()
    {
        await using var session = system.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Fact]
    public async Task The_pinned_snapshot_syncs_every_priced_model_once_with_provenance_and_a_change_upstream_is_one_price_change()
    {
        // A hand-sourced price of an offering the catalog also prices: the catalog's stands beside it, never over it.
        var hand = await system.Client.PostAsJsonAsync(
            "/observations", Observations.Api("o3", "o3", 15m, 60m, "2025-04-16", provider: "OpenAI"));
        Assert.Equal(HttpStatusCode.Created, hand.StatusCode);

        var (status, first) = await SyncAsync(Snapshot, "2026-11-02T08:00:00Z");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(43, first.GetProperty("providers").GetInt32());
        Assert.Equal(1694, first.GetProperty("entries").GetInt32());
        var added = first.GetProperty("added").GetInt32();
        foreach (var reason in first.GetProperty("skipped").EnumerateArray().GroupBy(note => note.GetProperty("note").GetString()![..Math.Min(40, note.GetProperty("note").GetString()!.Length)]))
        {
            output.WriteLine($"skipped {reason.Count()}: {reason.Key} (e.g. {reason.First().GetProperty("entry").GetString()})");
        }

        var skipped = first.GetProperty("totals").GetProperty("skipped").GetInt32();
        Assert.Equal(skipped, first.GetProperty("skipped").GetArrayLength()); // fewer than the 1,000 a report lists
        Assert.Equal(1694, added + skipped + first.GetProperty("sideBySide").GetInt32());
        Assert.True(added >= 1650, $"{added} offerings added");
        Assert.Equal(1, first.GetProperty("sideBySide").GetInt32());
        Assert.Empty(first.GetProperty("unmappedProviders").EnumerateArray());

        var gpt4o = await system.GetJsonAsync("/offerings/openai.gpt-4o");
        Assert.Equal("genai-prices", gpt4o.GetProperty("listedBy").GetString());
        var point = gpt4o.GetProperty("timeline")[0];
        Assert.Equal("2026-11-02", point.GetProperty("effectiveOn").GetString());
        Assert.Equal(2.5m, point.GetProperty("price").GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(10m, point.GetProperty("price").GetProperty("outputPerMillion").GetDecimal());
        Assert.Contains("web_searches_kcount=10", point.GetProperty("price").GetProperty("otherRates").GetString());
        Assert.Equal(Version, point.GetProperty("provenance").GetProperty("version").GetString());
        Assert.Equal("gpt-4o", gpt4o.GetProperty("modelId").GetString());

        // A dated change upstream is a price change on its own date, after the undated price it replaced.
        var mistral = await system.GetJsonAsync("/offerings/mistral.mistral-medium-latest");
        Assert.Equal(["2026-06-15", "2026-06-16"], mistral.GetProperty("timeline").EnumerateArray().Select(p => p.GetProperty("effectiveOn").GetString()));

        // The hand-sourced o3 keeps its own price; the catalog's dated prices stand beside it, disagreeing.
        var o3 = await system.GetJsonAsync("/offerings/openai.o3?asOf=2025-07-01");
        Assert.Equal(JsonValueKind.Null, o3.GetProperty("listedBy").ValueKind);
        Assert.Equal(15m, o3.GetProperty("current").GetProperty("price").GetProperty("inputPerMillion").GetDecimal());
        var view = Assert.Single(o3.GetProperty("catalogViews").EnumerateArray());
        Assert.Equal(2m, view.GetProperty("current").GetProperty("price").GetProperty("inputPerMillion").GetDecimal());
        Assert.False(view.GetProperty("agrees").GetBoolean());

        // The same snapshot read again a day later stores nothing.
        var before = await EventCountAsync();
        var (_, again) = await SyncAsync(Snapshot, "2026-11-03T08:00:00Z");
        Assert.Equal(0, again.GetProperty("eventsStored").GetInt32());
        Assert.Equal(added + 1, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(before, await EventCountAsync());

        // A copy of the snapshot with gpt-4o cut by half and one model gone, read later: one change, one cut, one delisting.
        var changed = JsonNode.Parse(Snapshot)!.AsArray();
        var openai = changed.Single(provider => (string?)provider!["id"] == "openai")!["models"]!.AsArray();
        var model = openai.Single(m => (string?)m!["id"] == "gpt-4o")!;
        model["prices"]!["input_mtok"] = 1.25m;
        model["prices"]!["output_mtok"] = 5m;
        openai.Remove(openai.Single(m => (string?)m!["id"] == "gpt-4o-mini"));
        var (changeStatus, change) = await SyncAsync(Encoding.UTF8.GetBytes(changed.ToJsonString()), "2026-12-01T08:00:00Z", "sha256:test-cut");

        Assert.Equal(HttpStatusCode.OK, changeStatus);
        Assert.Equal(1, change.GetProperty("changed").GetInt32());
        Assert.Equal(1, change.GetProperty("delisted").GetInt32());
        await using (var session = system.Store.QuerySession())
        {
            var stream = await session.Events.FetchStreamAsync("openai.gpt-4o");
            Assert.Single(stream, e => e.Data is PriceChanged);
            var cut = Assert.Single(stream, e => e.Data is PriceCutDetected);
            Assert.Equal(-50m, ((PriceCutDetected)cut.Data).Percent);
            var delisted = Assert.Single(await session.Events.FetchStreamAsync("openai.gpt-4o-mini"), e => e.Data is OfferingDelisted);
            Assert.Equal(new DateOnly(2026, 12, 1), ((OfferingDelisted)delisted.Data).DelistedOn);
        }

        var cuts = await system.GetJsonAsync("/price-cuts?since=2026-12-01");
        Assert.Contains(cuts.EnumerateArray(), c => c.GetProperty("offeringId").GetString() == "openai.gpt-4o");
        var mini = await system.GetJsonAsync("/offerings/openai.gpt-4o-mini?asOf=2026-12-02");
        Assert.Equal("2026-12-01", mini.GetProperty("delistedOn").GetString());
        Assert.Equal(JsonValueKind.Null, mini.GetProperty("current").ValueKind);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not-an-array")]
    [InlineData("model-without-id")]
    public async Task A_malformed_or_truncated_snapshot_is_refused_whole_and_stores_nothing(string kind)
    {
        var broken = kind switch
        {
            "truncated" => Snapshot[..(Snapshot.Length / 2)],
            "not-an-array" => Encoding.UTF8.GetBytes("""{"providers": []}"""),
            _ => Encoding.UTF8.GetBytes("""[{"id": "acme", "name": "Acme", "models": [{"name": "no id", "prices": {"input_mtok": 1, "output_mtok": 2}}]}]"""),
        };
        var before = await EventCountAsync();

        var (status, problem) = await SyncAsync(broken, "2026-11-02T08:00:00Z", $"sha256:{kind}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("catalog-format", problem.GetProperty("rule").GetString());
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await EventCountAsync());
    }
}
