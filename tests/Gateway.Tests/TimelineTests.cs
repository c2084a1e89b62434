using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// <c>GET /api/timeline</c> on known data from Kiribati (KI, bloc Other) in the first quarter of 2008: a release, a
/// measure's steps, an offering's listing and change, and an observation, merged in date order.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class TimelineTests(WholeSystem system, ITestOutputHelper output)
{
    private const string Window = "from=2008-01-01&to=2008-03-31&bloc=Other";

    private static async Task SeedAsync(Seed seed, string u)
    {
        await seed.ModelAsync($"ki-{u}", $"Kiwave {u}", $"Ki Lab {u}", "KI", "2008-01-10");
        await seed.MeasureAsync($"ki-rule-{u}", "KI", ["ai-systems"], "governance", "2008-01-20", ("entry-into-force", "2008-02-15"));
        await seed.PriceAsync($"Ki Cloud {u}", "KI", $"Kiwave {u}", $"ki-{u}", 2, 2, "2008-02-01");
        await seed.PriceAsync($"Ki Cloud {u}", "KI", $"Kiwave {u}", $"ki-{u}", 1, 1, "2008-03-01");
        await seed.ObserveAsync($"ko-{u}", $"Kiwave {u} app", "monthly-active-users", "global", 100_000, "2008-03-15");
        await seed.LinkedAsync($"kiwave-{u}-app");
    }

    private static List<(string? On, string? Kind, string? Id)> Mine(JsonElement answer, string u) =>
    [
        .. answer.GetProperty("facts").EnumerateArray()
            .Where(f => f.GetProperty("id").GetString()!.Contains(u, StringComparison.Ordinal))
            .Select(f => (f.GetProperty("on").GetString(), f.GetProperty("kind").GetString(), f.GetProperty("id").GetString())),
    ];

    [Fact]
    public async Task One_chronological_feed_of_the_four_services_facts_filtered_by_kind()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        await SeedAsync(seed, u);

        var (response, all, _) = await seed.GetAsync($"/api/timeline?{Window}");
        var (_, some, _) = await seed.GetAsync($"/api/timeline?{Window}&kinds=price,regulation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Seed.Degraded(all));
        Assert.Equal(
            [
                ("2008-01-10", "release", $"ki-{u}"),
                ("2008-01-20", "regulation", $"ki-rule-{u}"),                // adopted
                ("2008-02-01", "price", $"ki-cloud-{u}.kiwave-{u}"),         // listed at 2
                ("2008-02-15", "regulation", $"ki-rule-{u}"),                // entered into force
                ("2008-03-01", "price", $"ki-cloud-{u}.kiwave-{u}"),         // 2 to 1: -50 %
                ("2008-03-15", "adoption", $"ko-{u}"),
            ],
            Mine(all, u));
        Assert.Equal(["price", "regulation"], some.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["regulation", "price", "regulation", "price"], Mine(some, u).Select(f => f.Kind));
    }

    [Fact]
    public async Task A_window_holding_more_releases_than_the_limit_ends_before_the_day_it_cannot_show_whole_and_says_where_to_read_on()
    {
        using var seed = new Seed(system);
        await SeedAsync(seed, Seed.Unique());
        await SeedAsync(seed, Seed.Unique()); // two releases on 2008-01-10 at least

        var (response, answer, _) = await seed.GetAsync($"/api/timeline?{Window}&limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = DateOnly.Parse(answer.GetProperty("nextFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var facts = answer.GetProperty("facts").EnumerateArray().ToList();
        Assert.True(facts.Count(f => f.GetProperty("kind").GetString() == "release") <= 1);
        Assert.All(facts, f => Assert.True(DateOnly.Parse(f.GetProperty("on").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < next));
        var (_, all, _) = await seed.GetAsync($"/api/timeline?{Window}");
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextFrom").ValueKind);
    }

    [Fact]
    public async Task Regulatory_steps_come_one_page_too_and_the_feed_says_where_to_read_on()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        await SeedAsync(seed, u);

        var (response, first, _) = await seed.GetAsync($"/api/timeline?{Window}&kinds=regulation&limit=1");
        var (_, rest, _) = await seed.GetAsync($"/api/timeline?from={first.GetProperty("nextFrom").GetString()}&to=2008-03-31&bloc=Other&kinds=regulation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var facts = first.GetProperty("facts").EnumerateArray().ToList();
        Assert.Equal(["2008-01-20"], facts.Select(f => f.GetProperty("on").GetString()));
        Assert.Equal("2008-01-21", first.GetProperty("nextFrom").GetString());
        Assert.Contains(("2008-02-15", "regulation", $"ki-rule-{u}"), Mine(rest, u));
    }

    [Fact]
    public async Task With_adoption_cut_off_the_feed_is_200_in_time_with_the_other_kinds()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        await SeedAsync(seed, u);

        (HttpResponseMessage Response, JsonElement Body, TimeSpan Took) answer;
        using (system.Outage("adoption"))
        {
            answer = await seed.GetAsync($"/api/timeline?{Window}");
        }

        // The answer without adoption was never kept: with the service back, the same read is whole again.
        var (_, restored, _) = await seed.GetAsync($"/api/timeline?{Window}");

        Assert.Equal(HttpStatusCode.OK, answer.Response.StatusCode);
        output.WriteLine($"degraded answer in {answer.Took.TotalMilliseconds:0} ms (part timeout {seed.PartTimeout.TotalMilliseconds:0} ms)");
        Assert.True(answer.Took < seed.PartTimeout, $"took {answer.Took.TotalMilliseconds:0} ms");
        Assert.Equal([("adoption", "adoption")], Seed.Degraded(answer.Body));
        Assert.Equal(["release", "regulation", "price", "regulation", "price"], Mine(answer.Body, u).Select(f => f.Kind));
        Assert.Empty(Seed.Degraded(restored));
        Assert.Equal(["release", "regulation", "price", "regulation", "price", "adoption"], Mine(restored, u).Select(f => f.Kind));
    }

    [Fact]
    public async Task Asked_again_unchanged_the_kept_answer_goes_out_and_a_new_fact_in_the_window_shows_at_once()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        await SeedAsync(seed, u);
        var path = $"/api/timeline?{Window}";

        var (kept, sameBody, tag) = await seed.AskAgainUntilKeptAsync(path, "timeline");
        await seed.PriceAsync($"Ki Cloud {u}", "KI", $"Kiwave {u}", $"ki-{u}", 0.5m, 0.5m, "2008-03-20");
        using var changed = await seed.GetWithTagAsync(path, tag);

        Assert.True(tag.IsWeak, $"ETag {tag}");
        Assert.True(kept, "no timeline went out kept in 30 tries");
        Assert.True(sameBody, "the kept answer differs from the one composed under the same tag");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.Contains(("2008-03-20", "price", $"ki-cloud-{u}.kiwave-{u}"), Mine(await changed.Content.ReadFromJsonAsync<JsonElement>(), u));
    }

    [Theory]
    [InlineData("/api/timeline?to=2008-01-01", "from")]
    [InlineData("/api/timeline?from=2008-01-01&limit=201", "limit")]
    [InlineData("/api/timeline?from=2008-01-01&to=2009-06-01", "to")]
    [InlineData("/api/timeline?from=2008-01-01&to=2008-02-01&kinds=gossip", "kinds")]
    [InlineData("/api/timeline?from=2008-01-01&to=2008-02-01&bloc=Mars", "bloc")]
    public async Task Bad_queries_are_400_naming_the_field(string path, string field)
    {
        using var seed = new Seed(system);

        var (response, problem, _) = await seed.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }
}
