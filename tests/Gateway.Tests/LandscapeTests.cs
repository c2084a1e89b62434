using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// <c>GET /api/landscape</c> on known data: Tuvalu (TV), which only this test uses, as of 2007-06-30 (trailing twelve
/// months: 2006-07-01 to 2007-06-30), grouped by country.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class LandscapeTests(WholeSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Per_country_releases_shares_median_api_price_headline_adoption_and_measures_by_direction()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        await seed.ModelAsync($"tv-a-{u}", $"Tvalpha {u}", $"Tv Lab {u}", "TV", "2006-09-01", openWeights: true, freeAccess: "yes");
        await seed.ModelAsync($"tv-b-{u}", $"Tvbeta {u}", $"Tv Lab {u}", "TV", "2007-01-15", openWeights: false, freeAccess: "no");
        await seed.ModelAsync($"tv-c-{u}", $"Tvgamma {u}", $"Tv Lab {u}", "TV", "2007-05-01", openWeights: true, freeAccess: "limited");
        await seed.ModelAsync($"tv-old-{u}", $"Tvold {u}", $"Tv Lab {u}", "TV", "2006-06-30", openWeights: true, freeAccess: "yes"); // a day before the window

        await seed.PriceAsync($"Tv Cloud {u}", "TV", $"A {u}", $"tv-a-{u}", 1, 1, "2007-01-01");       // blended (3*1 + 1) / 4 = 1
        await seed.PriceAsync($"Tv Cloud {u}", "TV", $"B {u}", $"tv-b-{u}", 2, 6, "2007-02-01");       // (3*2 + 6) / 4 = 3
        await seed.PriceAsync($"Tv Cloud {u}", "TV", $"C {u}", $"tv-c-{u}", 10, 10, "2007-03-01");     // 10
        await seed.PriceAsync($"Tv Cloud {u}", "TV", $"Old {u}", $"tv-old-{u}", 4, 4, "2006-01-01");   // 4 (still in force)
        await seed.PriceAsync($"Tv Cloud {u}", "TV", $"Late {u}", $"tv-a-{u}", 8, 8, "2007-07-15");    // listed after asOf: not counted

        await seed.ObserveAsync($"ta-{u}", $"Tvalpha {u} app", "monthly-active-users", "global", 2_000_000, "2007-03-31");
        await seed.ObserveAsync($"tb-{u}", $"Tvbeta {u} app", "weekly-active-users", "global", 3_500_000, "2007-04-30");
        await seed.ObserveAsync($"tr-{u}", $"Tvbeta {u} app", "registered-users", "global", 20_000_000, "2007-04-30");   // not an active-user metric
        await seed.ObserveAsync($"tl-{u}", $"Tvalpha {u} app", "monthly-active-users", "global", 9_000_000, "2007-08-31"); // after asOf

        await seed.MeasureAsync($"tv-r-{u}", "TV", ["ai-systems"], "restrictive", "2006-01-01", ("entry-into-force", "2006-02-01"));
        await seed.MeasureAsync($"tv-p-{u}", "TV", ["ai-systems"], "promotional", "2007-01-01", ("entry-into-force", "2007-02-01"));
        await seed.MeasureAsync($"tv-x-{u}", "TV", ["ai-systems"], "restrictive", "2006-01-01", ("entry-into-force", "2006-03-01"), ("revocation", "2007-01-01"));
        await seed.MeasureAsync($"tv-g-{u}", "TV", ["ai-systems"], "governance", "2007-05-01"); // adopted, not in force

        await seed.LinkedAsync($"tvalpha-{u}-app");
        await seed.LinkedAsync($"tvbeta-{u}-app");

        var (response, landscape, _) = await seed.GetAsync("/api/landscape?asOf=2007-06-30&groupBy=country");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Seed.Degraded(landscape));
        Assert.Equal("2006-07-01", landscape.GetProperty("releasedFrom").GetString());
        var tv = Assert.Single(landscape.GetProperty("groups").EnumerateArray(), g => g.GetProperty("name").GetString() == "TV");

        var releases = tv.GetProperty("releases");
        Assert.Equal(3, releases.GetProperty("released").GetInt32());            // a, b, c; old is a day early
        Assert.Equal(0.6667, releases.GetProperty("openWeightShare").GetDouble()); // a and c: 2 / 3
        Assert.Equal(0.3333, releases.GetProperty("freeAccessShare").GetDouble()); // only a is "yes": 1 / 3

        var prices = tv.GetProperty("prices");
        Assert.Equal(4, prices.GetProperty("offerings").GetInt32());
        Assert.Equal(3.5m, prices.GetProperty("medianBlendedUsdPerMillion").GetDecimal()); // 1, 3, 4, 10: (3 + 4) / 2

        var headline = tv.GetProperty("adoption");
        Assert.Equal($"tvbeta-{u}-app", headline.GetProperty("subjectId").GetString()); // 3.5M weekly beats 2M monthly; 20M registered is not active use
        Assert.Equal("weekly-active-users", headline.GetProperty("metric").GetString());
        Assert.Equal(3_500_000m, headline.GetProperty("value").GetDecimal());

        var measures = tv.GetProperty("measures");
        Assert.Equal(2, measures.GetProperty("inForce").GetInt32()); // r and p; x revoked, g not in force
        Assert.Equal(1, measures.GetProperty("byDirection").GetProperty("restrictive").GetInt32());
        Assert.Equal(1, measures.GetProperty("byDirection").GetProperty("promotional").GetInt32());
    }

    [Fact]
    public async Task With_regulation_cut_off_the_landscape_is_200_in_time_without_measures_and_says_so()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        await seed.ModelAsync($"ki-l-{u}", $"Kiland {u}", $"Ki Land {u}", "KI", "2007-03-01", openWeights: true);
        await seed.MeasureAsync($"ki-l-{u}", "KI", ["ai-systems"], "restrictive", "2006-01-01", ("entry-into-force", "2006-02-01"));

        (HttpResponseMessage Response, JsonElement Body, TimeSpan Took) answer;
        using (system.Outage("regulation"))
        {
            answer = await seed.GetAsync("/api/landscape?asOf=2007-06-30&groupBy=country");
        }

        Assert.Equal(HttpStatusCode.OK, answer.Response.StatusCode);
        output.WriteLine($"degraded answer in {answer.Took.TotalMilliseconds:0} ms (part timeout {seed.PartTimeout.TotalMilliseconds:0} ms)");
        Assert.True(answer.Took < seed.PartTimeout, $"took {answer.Took.TotalMilliseconds:0} ms");
        Assert.Equal([("measures", "regulation")], Seed.Degraded(answer.Body));
        var ki = Assert.Single(answer.Body.GetProperty("groups").EnumerateArray(), g => g.GetProperty("name").GetString() == "KI");
        Assert.True(ki.GetProperty("releases").GetProperty("released").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Object, ki.GetProperty("prices").ValueKind);
        Assert.All(answer.Body.GetProperty("groups").EnumerateArray(), g => Assert.Equal(JsonValueKind.Null, g.GetProperty("measures").ValueKind));
    }

    [Fact]
    public async Task An_unknown_grouping_is_400_naming_groupBy()
    {
        using var seed = new Seed(system);

        var (response, problem, _) = await seed.GetAsync("/api/landscape?groupBy=continent");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("groupBy", out _));
    }

    [Fact]
    public async Task A_landscape_asked_again_over_unchanged_data_takes_the_releases_and_prices_parts_from_the_cache()
    {
        const string Path = "/api/landscape?asOf=2007-06-30&groupBy=country";
        using var seed = new Seed(system);
        var (first, whole, _) = await seed.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // Other test classes may write to the same services meanwhile, and a write moves their data version: a few tries.
        var revalidated = false;
        for (var attempt = 0; attempt < 30 && !revalidated; attempt++)
        {
            var before = await PartCacheAsync();
            var (again, answer, _) = await seed.GetAsync(Path);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var after = await PartCacheAsync();
            revalidated = after.Releases > before.Releases && after.Pricing > before.Pricing;
            if (revalidated)
            {
                Assert.Equal(whole.GetProperty("groups").ToString(), answer.GetProperty("groups").ToString());
            }

            whole = answer;
        }

        Assert.True(revalidated, "no landscape took both counted parts from the cache in 30 tries");
    }

    private async Task<(double Releases, double Pricing)> PartCacheAsync()
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);
        var metrics = TestSupport.MetricsText.Parse(await anonymous.GetStringAsync("/metrics"));
        double Revalidated(string service) => metrics.Samples
            .Where(s => s.Name == "intelligence_gateway_part_cache_total" && s.Labels["service"] == service && s.Labels["outcome"] == "revalidated")
            .Sum(s => s.Value);
        return (Revalidated("releases"), Revalidated("pricing"));
    }
}
