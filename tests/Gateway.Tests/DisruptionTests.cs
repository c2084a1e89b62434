using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// <c>GET /api/disruption/{modelId}</c> on known data: a model from Niue (NU) released on 2009-02-01, and how other
/// providers' prices moved in the 90 days after (2009-02-02 to 2009-05-02); no other test prices anything in 2009,
/// so the summary of the window is this test's alone.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class DisruptionTests(WholeSystem system, ITestOutputHelper output)
{
    private static async Task<string> SeedAsync(Seed seed, string u, int year = 2009)
    {
        var model = $"nu-{u}";
        await seed.ModelAsync(model, $"Nu {u}", $"Nu Lab {u}", "NU", $"{year}-02-01", openWeights: true);
        await seed.PriceAsync($"Nu Lab {u}", "NU", $"Nu {u}", model, 1, 1, $"{year}-02-01");               // own listing, on the release day
        await seed.PriceAsync($"Nu Lab {u}", "NU", $"Nu {u}", model, 0.5m, 0.5m, $"{year}-03-01");         // own cut: not "others"
        await seed.PriceAsync($"Rival A {u}", "US", $"Alpha {u}", $"alpha-{u}", 10, 10, $"{year - 1}-12-01");  // before the window
        await seed.PriceAsync($"Rival A {u}", "US", $"Alpha {u}", $"alpha-{u}", 6, 6, $"{year}-02-20");    // 10 to 6: -40 %, day 19
        await seed.PriceAsync($"Rival A {u}", "US", $"Alpha {u}", $"alpha-{u}", 3, 3, $"{year}-06-01");    // day 120: after the window
        await seed.PriceAsync($"Rival B {u}", "CN", $"Beta {u}", $"beta-{u}", 4, 4, $"{year}-03-10");      // listed at 4, day 37
        await seed.PriceAsync($"Rival B {u}", "CN", $"Beta {u}", $"beta-{u}", 5, 5, $"{year}-04-10");      // 4 to 5: +25 %, day 68
        return model;
    }

    [Fact]
    public async Task Others_price_moves_after_the_release_who_when_from_what_to_what()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        var model = await SeedAsync(seed, u);

        var (response, report, _) = await seed.GetAsync($"/api/disruption/{model}?windowDays=90");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Seed.Degraded(report));
        Assert.Equal("2009-02-02", report.GetProperty("window").GetProperty("from").GetString());
        Assert.Equal("2009-05-02", report.GetProperty("window").GetProperty("to").GetString()); // 2009-02-01 + 90 days
        static decimal? Blended(JsonElement quote) => quote.ValueKind == JsonValueKind.Null ? null : quote.GetProperty("blendedUsdPerMillion").GetDecimal();
        var moves = report.GetProperty("moves").EnumerateArray()
            .Select(m => (
                m.GetProperty("effectiveOn").GetString(),
                m.GetProperty("daysAfterRelease").GetInt32(),
                m.GetProperty("provider").GetString(),
                Blended(m.GetProperty("from")),
                Blended(m.GetProperty("to")),
                m.GetProperty("changePercent") is { ValueKind: JsonValueKind.Number } p ? p.GetDecimal() : (decimal?)null))
            .ToList();
        Assert.Equal(
            [
                ("2009-02-20", 19, $"Rival A {u}", 10m, 6m, -40m),    // (6 - 10) / 10
                ("2009-03-10", 37, $"Rival B {u}", null, 4m, null),    // a listing: nothing before
                ("2009-04-10", 68, $"Rival B {u}", 4m, 5m, 25m),       // (5 - 4) / 4
            ],
            moves);
        var summary = report.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("moves").GetInt32());
        Assert.Equal(2, summary.GetProperty("offerings").GetInt32());
        Assert.Equal(1, summary.GetProperty("decreases").GetInt32());
        Assert.Equal(1, summary.GetProperty("increases").GetInt32());
        Assert.Equal(-7.5m, summary.GetProperty("medianChangePercent").GetDecimal()); // (-40 + 25) / 2
    }

    [Fact]
    public async Task With_pricing_cut_off_the_report_keeps_the_model_and_names_the_missing_moves_in_time()
    {
        using var seed = new Seed(system);
        var model = await SeedAsync(seed, Seed.Unique(), year: 2001); // a year of its own, to leave 2009 to the test above

        (HttpResponseMessage Response, JsonElement Body, TimeSpan Took) answer;
        using (system.Outage("pricing"))
        {
            answer = await seed.GetAsync($"/api/disruption/{model}");
        }

        Assert.Equal(HttpStatusCode.OK, answer.Response.StatusCode);
        output.WriteLine($"degraded answer in {answer.Took.TotalMilliseconds:0} ms (part timeout {seed.PartTimeout.TotalMilliseconds:0} ms)");
        Assert.True(answer.Took < seed.PartTimeout, $"took {answer.Took.TotalMilliseconds:0} ms");
        Assert.Equal([("moves", "pricing"), ("summary", "pricing")], Seed.Degraded(answer.Body));
        Assert.Equal(model, answer.Body.GetProperty("model").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, answer.Body.GetProperty("moves").ValueKind);
        Assert.Equal(JsonValueKind.Null, answer.Body.GetProperty("summary").ValueKind);
    }

    [Fact]
    public async Task An_unknown_model_is_404_and_a_bad_window_400()
    {
        using var seed = new Seed(system);

        var (unknown, _, _) = await seed.GetAsync($"/api/disruption/nobody-{Seed.Unique()}");
        var (bad, problem, _) = await seed.GetAsync("/api/disruption/some-model?windowDays=0");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("windowDays", out _));
    }
}
