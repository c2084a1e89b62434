using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;
using Xunit.Abstractions;
using static Intelligence.Gateway.Tests.FeedTestData;

namespace Intelligence.Gateway.Tests;

/// <summary><c>GET /api/events</c>: every service's integration events merged into one feed, read with a cursor.</summary>
[Collection(WholeSystemGroup.Name)]
public sealed class EventFeedTests(WholeSystem system, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Facts_of_three_services_come_once_each_in_order_across_small_pages_and_a_cursor_resumes_after_any_item()
    {
        var whole = System.Diagnostics.Stopwatch.StartNew();
        var (everything, start) = await ReadToEndAsync(system.Client, after: null, limit: 1000);
        output.WriteLine($"Whole feed from the start: {everything.Count} events in {whole.ElapsedMilliseconds} ms (pages of 1000).");
        var model = UniqueId("feed-model");
        var measure = UniqueId("feed-measure");
        var observation = UniqueId("feed-obs");
        await AnnounceModelAsync(system.Client, model);
        await ProposeMeasureAsync(system.Client, measure);
        await ObserveAdoptionAsync(system.Client, observation);

        // Each service lists its events up to its store's high-water mark, which its daemon moves on a moment after
        // the commit: under load one service's fact can show before an earlier one of another. Wait for all three.
        var (items, end) = await Eventually.Until(
            () => ReadToEndAsync(system.Client, start, limit: 2),
            read => read.Items.Any(i => i.Text("observationId") == observation)
                && read.Items.Any(i => i.Text("measureId") == measure)
                && read.Items.Any(i => i.Text("modelId") == model && i.GetProperty("type").GetString() == "intelligence.releases.model-released"),
            Timeout,
            "the model's release, the measure and the adoption observation in the feed");

        // Each service's events come once, in its own store order, with no gap: the same positions its own feed lists.
        var keys = items.Select(i => (Service: i.GetProperty("service").GetString()!, Position: i.GetProperty("position").GetInt64())).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        foreach (var group in keys.GroupBy(k => k.Service))
        {
            var positions = group.Select(k => k.Position).ToList();
            Assert.Equal(positions.Order(), positions);
            var direct = await ServicePositionsAsync(group.Key, after: positions[0] - 1, upTo: positions[^1]);
            Assert.Equal(direct, positions);
        }

        // The three facts, in the order they were recorded, each with its own service and exchange name.
        var mine = new[]
        {
            Single(items, i => i.Text("modelId") == model && i.GetProperty("type").GetString() == "intelligence.releases.model-released"),
            Single(items, i => i.Text("measureId") == measure),
            Single(items, i => i.Text("observationId") == observation),
        };
        Assert.Equal(["releases", "regulation", "adoption"], mine.Select(i => i.GetProperty("service").GetString()));
        Assert.Equal("intelligence.regulation.measure-proposed", mine[1].GetProperty("type").GetString());
        Assert.Equal("intelligence.adoption.adoption-observed", mine[2].GetProperty("type").GetString());
        var recorded = mine.Select(i => i.GetProperty("recordedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(recorded.Order(), recorded);
        Assert.True(items.IndexOf(mine[0]) < items.IndexOf(mine[1]) && items.IndexOf(mine[1]) < items.IndexOf(mine[2]));
        Assert.All(mine, i => Assert.Equal(i.GetProperty("messageId").GetString(), i.Text("eventId")));

        // From an item's cursor the feed goes on with what came after it, and nothing before.
        var (afterModel, _) = await ReadToEndAsync(system.Client, mine[0].GetProperty("cursor").GetString(), limit: 1000);
        Assert.DoesNotContain(afterModel, i => i.Text("modelId") == model && i.GetProperty("type").GetString() == "intelligence.releases.model-released");
        Assert.Contains(afterModel, i => i.Text("measureId") == measure);
        Assert.Equal(
            items.Skip(items.IndexOf(mine[0]) + 1).Select(Key).Order(),
            afterModel.Select(Key).Where(keys.Contains).Order());

        // The cursor after the last page reads nothing more while nothing is written.
        var again = await PageAsync(system.Client, end, 1000);
        Assert.Empty(again.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_bundled_data_read_in_pages_of_seven_is_each_services_own_feed_merged_once()
    {
        // Another test class may have imported the bundled data first (a second import stores nothing): the whole feed,
        // from its start, holds it either way.
        foreach (var (service, file) in new[] { ("releases", "releases.csv"), ("pricing", "prices.csv"), ("regulation", "regulations.csv"), ("adoption", "adoption.csv") })
        {
            var csv = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "data", file));
            (await system.Client.PostAsync($"/api/{service}/imports", new StringContent(csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (items, _) = await ReadToEndAsync(system.Client, after: null, limit: 7);
        output.WriteLine($"Bundled data: {items.Count} events read through the gateway in pages of 7 in {watch.ElapsedMilliseconds} ms.");

        var keys = items.Select(Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(["adoption", "pricing", "regulation", "releases"], keys.Select(k => k.Service).Distinct().Order());
        foreach (var group in keys.GroupBy(k => k.Service))
        {
            var positions = group.Select(k => k.Position).ToList();
            Assert.Equal(positions.Order(), positions);
            Assert.Equal(await ServicePositionsAsync(group.Key, after: positions[0] - 1, upTo: positions[^1]), positions);
        }
    }

    [Fact]
    public async Task A_types_filter_gives_only_the_named_events()
    {
        var (_, start) = await ReadToEndAsync(system.Client, after: null, limit: 1000);
        var model = UniqueId("feed-types");
        var measure = UniqueId("feed-types");
        await AnnounceModelAsync(system.Client, model);
        await ProposeMeasureAsync(system.Client, measure);

        var (items, _) = await Eventually.Until(
            () => ReadToEndAsync(system.Client, start, limit: 5, types: "intelligence.regulation.measure-proposed"),
            read => read.Items.Any(i => i.Text("measureId") == measure),
            Timeout,
            "the proposal in the filtered feed");

        Assert.All(items, i => Assert.Equal("intelligence.regulation.measure-proposed", i.GetProperty("type").GetString()));
        Assert.DoesNotContain(items, i => i.Text("modelId") == model);
    }

    [Fact]
    public async Task A_service_that_is_down_is_named_in_degraded_and_its_events_come_once_it_is_back()
    {
        var (_, start) = await ReadToEndAsync(system.Client, after: null, limit: 1000);
        var model = UniqueId("feed-outage");
        string cursorDuringOutage;
        decimal rate;
        using (system.Outage("pricing"))
        {
            rate = await RecordFxRateAsync(system.Pricing.NewClient());
            await AnnounceModelAsync(system.Client, model);

            var page = await Eventually.Until(
                () => PageAsync(system.Client, start, 1000),
                p => p.GetProperty("items").EnumerateArray().Any(i => i.Text("modelId") == model),
                Timeout,
                "the model in the feed while pricing is down");

            var degraded = Assert.Single(page.GetProperty("degraded").EnumerateArray());
            Assert.Equal("pricing", degraded.GetProperty("service").GetString());
            Assert.False(string.IsNullOrEmpty(degraded.GetProperty("reason").GetString()));
            Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("service").GetString() == "pricing");
            cursorDuringOutage = page.GetProperty("cursor").GetString()!;
        }

        var (items, _) = await Eventually.Until(
            () => ReadToEndAsync(system.Client, cursorDuringOutage, limit: 1000),
            read => read.Items.Any(IsMyRate),
            Timeout,
            "the FX rate recorded during the outage, once pricing is back");
        Assert.Single(items, IsMyRate);
        Assert.DoesNotContain(items, i => i.Text("modelId") == model && i.GetProperty("type").GetString() == "intelligence.releases.model-released");

        bool IsMyRate(JsonElement i) =>
            i.GetProperty("type").GetString() == "intelligence.pricing.fx-rate-recorded"
            && i.GetProperty("message").GetProperty("unitsPerUsd").GetDecimal() == rate;
    }

    [Theory]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("after=djJ8cmVsZWFzZXM6MQ", "after")] // "v2|releases:1": a version this gateway does not write
    [InlineData("after=MXx1bmtub3duOjE", "after")] // "1|unknown:1": a service the gateway does not know
    [InlineData("after=MXxyZWxlYXNlczotMQ", "after")] // "1|releases:-1"
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("types=Not%20A%20Type", "types")]
    public async Task A_bad_cursor_limit_or_types_is_a_400_naming_the_field(string query, string field)
    {
        var response = await system.Client.GetAsync($"/api/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public void The_bad_cursors_of_the_theory_say_what_they_claim()
    {
        Assert.Equal("v2|releases:1", Decode("djJ8cmVsZWFzZXM6MQ"));
        Assert.Equal("1|unknown:1", Decode("MXx1bmtub3duOjE"));
        Assert.Equal("1|releases:-1", Decode("MXxyZWxlYXNlczotMQ"));

        static string Decode(string token) => Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
    }

    private static (string Service, long Position) Key(JsonElement item) =>
        (item.GetProperty("service").GetString()!, item.GetProperty("position").GetInt64());

    private static JsonElement Single(List<JsonElement> items, Func<JsonElement, bool> match) => Assert.Single(items, i => match(i));

    /// <summary>The positions a service's own feed lists from <paramref name="after"/> up to <paramref name="upTo"/>.</summary>
    private async Task<List<long>> ServicePositionsAsync(string service, long after, long upTo)
    {
        using var client = service switch
        {
            "releases" => system.Releases.NewClient(),
            "pricing" => system.Pricing.NewClient(),
            "regulation" => system.Regulation.NewClient(),
            _ => system.Adoption.NewClient(),
        };
        var positions = new List<long>();
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/events?after={after}&limit=1000");
            positions.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("position").GetInt64()).TakeWhile(p => p <= upTo));
            after = page.GetProperty("next").GetInt64();
            if (!page.GetProperty("more").GetBoolean() || after >= upTo)
            {
                return positions.Where(p => p <= upTo).ToList();
            }
        }
    }
}
