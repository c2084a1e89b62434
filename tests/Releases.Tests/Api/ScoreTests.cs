using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Releases.Reference;
using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// Benchmark scores through the API: recorded, recorded again (nothing stored), a new date added to the history, a
/// score off its benchmark's scale refused naming the field; and the shipped table recorded on start, once.
/// </summary>
public sealed class ScoreTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private const string Leaderboard = "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard";

    private static string UniqueModel() => $"scored-{Guid.NewGuid():N}"[..22];

    private async Task<string> AnnounceAsync()
    {
        var id = UniqueModel();
        (await service.Client.PostAsJsonAsync("/models", Json.Model(id, releaseDate: "2024-12-26"))).EnsureSuccessStatusCode();
        return id;
    }

    private static object Score(string modelId, decimal score, string measuredOn, string benchmark = "lmarena-text", string? variant = null) => new
    {
        modelId,
        benchmark,
        score,
        measuredOn,
        sourceUrl = Leaderboard,
        confidence = "high",
        variant,
        note = "leaderboard entry 'Test'",
    };

    [Fact]
    public async Task A_score_is_recorded_and_the_same_score_again_stores_nothing()
    {
        var id = await AnnounceAsync();

        var first = await service.Client.PostAsJsonAsync("/scores", Score(id, 1316, "2024-12-31"));
        var again = await service.Client.PostAsJsonAsync("/scores", Score(id, 1316, "2024-12-31"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/models/{id}/scores", first.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", first.Headers.ETag?.Tag);
        var recorded = await first.Body();
        Assert.Equal("recorded", recorded.GetProperty("outcome").GetString());
        Assert.Equal($"score:lmarena-text:{id}", recorded.GetProperty("series").GetProperty("id").GetString());
        Assert.Equal("rating", recorded.GetProperty("series").GetProperty("benchmark").GetProperty("unit").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("\"1\"", again.Headers.ETag?.Tag);
        Assert.Equal("unchanged", (await again.Body()).GetProperty("outcome").GetString());
        await using var session = service.Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync($"score:lmarena-text:{id}"));
    }

    [Fact]
    public async Task A_new_snapshot_adds_to_the_history_and_the_models_scores_list_every_benchmark()
    {
        var id = await AnnounceAsync();

        (await service.Client.PostAsJsonAsync("/scores", Score(id, 1316, "2025-02-04"))).EnsureSuccessStatusCode();
        var later = await service.Client.PostAsJsonAsync("/scores", Score(id, 1318, "2025-03-28"));
        (await service.Client.PostAsJsonAsync("/scores", Score(id, 88.5m, "2024-12-26", benchmark: "MMLU"))).EnsureSuccessStatusCode();
        (await service.Client.PostAsJsonAsync("/scores", Score(id, 85.5m, "2024-12-26", benchmark: "Arena-Hard"))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal("\"2\"", later.Headers.ETag?.Tag);
        var scores = await (await service.Client.GetAsync($"/models/{id}/scores")).Body();
        var series = scores.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["arena-hard", "lmarena-text", "mmlu"], series.Select(s => s.GetProperty("benchmark").GetProperty("key").GetString()));
        var arena = series[1];
        Assert.Equal(["2025-02-04", "2025-03-28"], arena.GetProperty("measurements").EnumerateArray().Select(m => m.GetProperty("measuredOn").GetString()));
        Assert.Equal(1318, arena.GetProperty("latest").GetProperty("score").GetDecimal());
        Assert.Equal(Leaderboard, arena.GetProperty("latest").GetProperty("source").GetString());
        var other = series[0].GetProperty("benchmark");
        Assert.Equal("other", other.GetProperty("kind").GetString());
        Assert.Equal("Arena-Hard", other.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("unit").ValueKind);
        var mmluOnly = await (await service.Client.GetAsync($"/models/{id}/scores?benchmark=MMLU")).Body();
        Assert.Equal("mmlu", Assert.Single(mmluOnly.GetProperty("series").EnumerateArray()).GetProperty("benchmark").GetProperty("key").GetString());
    }

    [Fact]
    public async Task Scores_of_two_members_of_one_release_are_two_histories()
    {
        var id = await AnnounceAsync();

        (await service.Client.PostAsJsonAsync("/scores", Score(id, 1249, "2024-06-19", variant: "Claude 3 Opus"))).EnsureSuccessStatusCode();
        (await service.Client.PostAsJsonAsync("/scores", Score(id, 1179, "2024-06-19", variant: "Claude 3 Haiku"))).EnsureSuccessStatusCode();

        var scores = await (await service.Client.GetAsync($"/models/{id}/scores")).Body();
        Assert.Equal(["Claude 3 Haiku", "Claude 3 Opus"], scores.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("variant").GetString()));
    }

    [Theory]
    [InlineData("mmlu", 101)]
    [InlineData("lmarena-text", -5)]
    [InlineData("swe-bench-verified", 100.01)]
    public async Task A_score_off_its_benchmarks_scale_is_a_400_problem_naming_score_and_stores_nothing(string benchmark, double score)
    {
        var id = await AnnounceAsync();

        var response = await service.Client.PostAsJsonAsync("/scores", Score(id, (decimal)score, "2024-06-19", benchmark));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Body();
        Assert.Equal("validation", problem.GetProperty("rule").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("score", out var rules), problem.ToString());
        Assert.Contains("must be from", rules[0].GetString(), StringComparison.Ordinal);
        await using var session = service.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync($"score:{benchmark}:{id}"));
    }

    [Fact]
    public async Task Missing_and_malformed_fields_are_named_each_with_its_rule()
    {
        var response = await service.Client.PostAsJsonAsync("/scores", new { modelId = "Not A Slug", benchmark = "---", sourceUrl = "ftp://example.org", note = new string('x', 1001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Body()).GetProperty("errors");
        Assert.Equal(
            ["benchmark", "measuredOn", "modelId", "note", "score", "sourceUrl"],
            errors.EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_score_of_a_model_the_catalog_does_not_hold_is_404()
    {
        var response = await service.Client.PostAsJsonAsync("/scores", Score("no-such-model-anywhere", 1200, "2024-06-19"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("exists", (await response.Body()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task The_shipped_scores_of_a_model_are_recorded_once_it_is_in_the_catalog_and_only_once()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/models/gpt-4o/scores")).StatusCode);

        (await service.Client.PostAsJsonAsync("/models", Json.Model("gpt-4o", name: "GPT-4o", country: "US", releaseDate: "2024-05-13", openWeights: false))).EnsureSuccessStatusCode();

        var shipped = ShippedScores.All.Where(score => score.ModelId == "gpt-4o").ToList();
        var gpt4o = await Eventually.Until(
            async () => await (await service.Client.GetAsync("/models/gpt-4o/scores")).Body(),
            scores => scores.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("measurements").GetArrayLength()) == shipped.Count,
            TimeSpan.FromSeconds(30),
            "gpt-4o's shipped scores");
        var arena = gpt4o.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("benchmark").GetProperty("key").GetString() == "lmarena-text");
        Assert.Equal("2024-06-19", arena.GetProperty("measurements")[0].GetProperty("measuredOn").GetString());
        Assert.Equal(1287, arena.GetProperty("measurements")[0].GetProperty("score").GetDecimal());
        Assert.StartsWith("https://github.com/fboulnois/llm-leaderboard-csv/blob/", arena.GetProperty("measurements")[0].GetProperty("source").GetString(), StringComparison.Ordinal);
        // A model not in the catalog gets none of its shipped scores.
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/models/deepseek-r1/scores")).StatusCode);

        // Another pass (a restart, a second instance) records nothing.
        long before;
        await using (var session = service.Store.QuerySession())
        {
            before = await session.Events.QueryAllRawEvents().CountAsync();
        }

        var complete = await new ShippedScoreLoader(service.Store, Options.Create(new ShippedScoreOptions()), NullLogger<ShippedScoreLoader>.Instance).RecordAsync(CancellationToken.None);

        Assert.False(complete);
        await using (var session = service.Store.QuerySession())
        {
            Assert.Equal(before, await session.Events.QueryAllRawEvents().CountAsync());
        }
    }
}
