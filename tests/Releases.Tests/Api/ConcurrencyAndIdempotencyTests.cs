using System.Net;
using System.Net.Http.Json;

namespace Intelligence.Releases.Tests.Api;

/// <summary>If-Match against the stream version, and Idempotency-Key on retried commands.</summary>
public sealed class ConcurrencyAndIdempotencyTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private const string Source = "https://example.org/news";

    [Fact]
    public async Task A_command_with_a_stale_if_match_is_412_and_stores_nothing()
    {
        (await service.Client.PostAsJsonAsync("/models", Json.Model("stale-match"))).EnsureSuccessStatusCode();
        (await service.Client.SendAsync(Json.Post("/models/stale-match/access", new { effectiveOn = "2024-07-01", freeAccess = "limited", sourceUrl = Source }, ifMatch: "\"1\""))).EnsureSuccessStatusCode();

        var stale = await service.Client.SendAsync(Json.Post("/models/stale-match/access", new { effectiveOn = "2024-08-01", freeAccess = "no", sourceUrl = Source }, ifMatch: "\"1\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("if-match-version", (await stale.Body()).GetProperty("rule").GetString());
        var model = await service.Client.GetAsync("/models/stale-match");
        Assert.Equal("\"2\"", model.Headers.ETag?.Tag);
        Assert.Equal("limited", (await model.Body()).GetProperty("freeAccess").GetString());
    }

    [Fact]
    public async Task A_reader_holding_the_model_s_version_gets_304_until_a_change_moves_it()
    {
        (await service.Client.PostAsJsonAsync("/models", Json.Model("held-card"))).EnsureSuccessStatusCode();
        async Task<HttpResponseMessage> GetAsync(string held)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/models/held-card");
            request.Headers.TryAddWithoutValidation("If-None-Match", held);
            return await service.Client.SendAsync(request);
        }

        var unchanged = await GetAsync("\"1\"");
        var other = await GetAsync("\"7\"");
        (await service.Client.PostAsJsonAsync("/models/held-card/access", new { effectiveOn = "2024-07-01", freeAccess = "no", sourceUrl = Source })).EnsureSuccessStatusCode();
        var changed = await GetAsync("\"1\"");

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal("\"1\"", unchanged.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        Assert.Equal("no", (await changed.Body()).GetProperty("freeAccess").GetString());
    }

    [Fact]
    public async Task An_unreadable_if_match_is_400()
    {
        (await service.Client.PostAsJsonAsync("/models", Json.Model("odd-match"))).EnsureSuccessStatusCode();

        var response = await service.Client.SendAsync(Json.Post("/models/odd-match/access", new { effectiveOn = "2024-07-01", freeAccess = "no", sourceUrl = Source }, ifMatch: "\"abc\""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("if-match-format", (await response.Body()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Concurrent_writers_on_one_model_each_win_exactly_one_version()
    {
        (await service.Client.PostAsJsonAsync("/models", Json.Model("contested", openWeights: false, freeAccess: "no"))).EnsureSuccessStatusCode();
        var writers = Enumerable.Range(0, 8).Select(i => service.Client.SendAsync(Json.Post(
            "/models/contested/access",
            new { effectiveOn = $"2024-07-{10 + i}", licence = $"licence {i}", sourceUrl = Source },
            ifMatch: "\"1\"")));

        var responses = await Task.WhenAll(writers);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var history = await (await service.Client.GetAsync("/models/contested/history")).Body();
        Assert.Equal(2, history.GetArrayLength());
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_returns_the_first_answer_and_stores_nothing_new()
    {
        var first = await service.Client.SendAsync(Json.Post("/models", Json.Model("idem-model"), idempotencyKey: "key-idem-model"));
        var retry = await service.Client.SendAsync(Json.Post("/models", Json.Model("idem-model"), idempotencyKey: "key-idem-model"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var history = await (await service.Client.GetAsync("/models/idem-model/history")).Body();
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task The_same_idempotency_key_with_a_different_body_is_422()
    {
        (await service.Client.SendAsync(Json.Post("/models", Json.Model("idem-a"), idempotencyKey: "key-reused"))).EnsureSuccessStatusCode();

        var reused = await service.Client.SendAsync(Json.Post("/models", Json.Model("idem-b"), idempotencyKey: "key-reused"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency-key-reuse", (await reused.Body()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/models/idem-b")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_store_one_event()
    {
        (await service.Client.PostAsJsonAsync("/models", Json.Model("idem-race", openWeights: false, freeAccess: "no"))).EnsureSuccessStatusCode();
        var body = new { effectiveOn = "2024-09-01", openWeights = true, sourceUrl = Source };

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => service.Client.SendAsync(Json.Post("/models/idem-race/access", body, idempotencyKey: "key-race"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("\"2\"", r.Headers.ETag?.Tag));
        var history = await (await service.Client.GetAsync("/models/idem-race/history")).Body();
        Assert.Equal(2, history.GetArrayLength());
    }
}
