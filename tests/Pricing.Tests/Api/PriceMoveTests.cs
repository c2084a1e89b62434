using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Pricing.Tests.Api;

/// <summary><c>GET /price-moves</c>: every change of a price in force in a window, with the price before and after.</summary>
public sealed class PriceMoveTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    private async Task RecordAsync(Dictionary<string, object?> body) =>
        Assert.True((await system.Client.PostAsJsonAsync("/observations", body)).IsSuccessStatusCode);

    [Fact]
    public async Task Listings_changes_and_closings_in_the_window_each_with_the_price_before_and_after()
    {
        await RecordAsync(Observations.Api("Mover", "mover", 10, 10, "2019-01-10"));                                   // before the window
        await RecordAsync(Observations.Api("Mover", "mover", 5, 5, "2019-03-01"));                                     // blended 10 to 5: -50 %
        await RecordAsync(Observations.Api("Brief", "brief", 4, 8, "2019-02-01").With("endsOn", "2019-03-15"));       // blended (3*4+8)/4 = 5, closed 15 March
        await RecordAsync(Observations.Api("Later", "later", 1, 1, "2019-05-01"));                                     // after the window

        var moves = await system.GetJsonAsync("/price-moves?from=2019-02-01&to=2019-03-31&kind=api");

        var mine = moves.EnumerateArray()
            .Select(m => (
                On: m.GetProperty("effectiveOn").GetString(),
                Offering: m.GetProperty("offeringId").GetString(),
                From: m.GetProperty("from") is { ValueKind: JsonValueKind.Object } f ? f.GetProperty("blendedUsdPerMillion").GetDecimal() : (decimal?)null,
                To: m.GetProperty("to") is { ValueKind: JsonValueKind.Object } t ? t.GetProperty("blendedUsdPerMillion").GetDecimal() : (decimal?)null,
                Percent: m.GetProperty("changePercent") is { ValueKind: JsonValueKind.Number } p ? p.GetDecimal() : (decimal?)null))
            .ToList();
        Assert.Equal(
            [
                ("2019-02-01", Observations.IdOf("Brief"), null, 5m, null),
                ("2019-03-01", Observations.IdOf("Mover"), 10m, 5m, -50m),
                ("2019-03-15", Observations.IdOf("Brief"), 5m, null, null),
            ],
            mine);
    }

    [Fact]
    public async Task Price_cuts_can_end_at_a_date()
    {
        await RecordAsync(Observations.Api("Cutter", "cutter", 8, 8, "2018-01-10"));
        await RecordAsync(Observations.Api("Cutter", "cutter", 2, 2, "2018-03-01"));                                   // blended 8 to 2: -75 %, a cut

        var inWindow = await system.GetJsonAsync("/price-cuts?since=2018-02-01&until=2018-03-01");
        var before = await system.GetJsonAsync("/price-cuts?since=2018-02-01&until=2018-02-28");

        Assert.Equal(-75m, Assert.Single(inWindow.EnumerateArray(), c => c.GetProperty("offeringId").GetString() == Observations.IdOf("Cutter")).GetProperty("percent").GetDecimal());
        Assert.DoesNotContain(before.EnumerateArray(), c => c.GetProperty("offeringId").GetString() == Observations.IdOf("Cutter"));
    }

    [Fact]
    public async Task Moves_come_a_page_at_a_time_linked_to_the_next_and_the_summary_counts_them_all()
    {
        // Eight moves in 2016, the window no other test writes in: four listings, two cuts, a rise and a move to free.
        await RecordAsync(Observations.Api("Pager A", "pager-a", 8, 8, "2016-02-01"));
        await RecordAsync(Observations.Api("Pager A", "pager-a", 4, 4, "2016-03-01"));                              // -50 %
        await RecordAsync(Observations.Api("Pager B", "pager-b", 2, 2, "2016-02-01"));
        await RecordAsync(Observations.Api("Pager B", "pager-b", 4, 4, "2016-04-01"));                              // +100 %
        await RecordAsync(Observations.Api("Pager C", "pager-c", 5, 5, "2016-02-01", provider: "Other Cloud"));
        await RecordAsync(Observations.Api("Pager C", "pager-c", 0, 0, "2016-05-01", provider: "Other Cloud"));     // to free
        await RecordAsync(Observations.Api("Pager D", "pager-d", 10, 10, "2016-02-01", provider: "Other Cloud"));
        await RecordAsync(Observations.Api("Pager D", "pager-d", 6, 6, "2016-06-01", provider: "Other Cloud"));     // -40 %
        const string Window = "from=2016-01-01&to=2016-12-31";

        var whole = Keys(await system.GetJsonAsync($"/price-moves?{Window}"));
        var paged = new List<string>();
        var next = $"/price-moves?{Window}&limit=3";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var response = await system.Client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            paged.AddRange(Keys(await response.Content.ReadFromJsonAsync<JsonElement>()));
            next = response.Headers.TryGetValues("Link", out var links) ? "/price-moves" + links.Single().Split('<', '>')[1] : null;
        }

        var summary = await system.GetJsonAsync($"/price-moves/summary?{Window}");
        var byOthers = await system.GetJsonAsync($"/price-moves/summary?{Window}&notBy=test-cloud");

        Assert.Equal(8, whole.Count);
        Assert.Equal(whole, paged);
        Assert.Equal(3, pages);
        Assert.Equal(whole.Order(StringComparer.Ordinal), whole); // by date, then offering
        Assert.Equal((8, 4, 3, 1, -45m), Summary(summary));      // changes -100 (to free), -50, -40, +100; listings have none
        Assert.Equal(["Other Cloud", "Test Cloud"], summary.GetProperty("providers").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.Equal((4, 2, 2, 0, -70m), Summary(byOthers));    // -100, -40
    }

    private static List<string> Keys(JsonElement moves) =>
        [.. moves.EnumerateArray().Select(m => $"{m.GetProperty("effectiveOn").GetString()} {m.GetProperty("offeringId").GetString()}")];

    private static (int Moves, int Offerings, int Decreases, int Increases, decimal? Median) Summary(JsonElement summary) => (
        summary.GetProperty("moves").GetInt32(),
        summary.GetProperty("offerings").GetInt32(),
        summary.GetProperty("decreases").GetInt32(),
        summary.GetProperty("increases").GetInt32(),
        summary.GetProperty("medianChangePercent") is { ValueKind: JsonValueKind.Number } median ? median.GetDecimal() : null);

    [Theory]
    [InlineData("/price-moves?to=2019-01-01", "from")]
    [InlineData("/price-moves?from=2019-01-01", "to")]
    [InlineData("/price-moves?from=2019-05-01&to=2019-01-01", "from")]
    [InlineData("/price-moves?from=2019-01-01&to=2019-02-01&kind=barter", "kind")]
    [InlineData("/price-moves?from=2019-01-01&to=2019-02-01&limit=501", "limit")]
    [InlineData("/price-moves?from=2019-01-01&to=2019-02-01&after=bm90LWEtY3Vyc29y", "after")]
    [InlineData("/price-moves?from=2019-01-01&to=2019-02-01&notBy=Not%20A%20Slug", "notBy")]
    [InlineData("/price-moves/summary?from=2019-05-01&to=2019-01-01", "from")]
    public async Task Bad_windows_are_400_naming_the_field(string path, string field)
    {
        var response = await system.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
