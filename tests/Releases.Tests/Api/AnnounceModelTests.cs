using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Intelligence.Releases.Tests.Api;

/// <summary>POST /models and GET /models/{id} against the real store.</summary>
public sealed class AnnounceModelTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private static object Announcement(string id) => new
    {
        id,
        name = "Qwen2.5-72B",
        organization = new { name = "Alibaba Cloud" },
        originCountries = new[] { "cn" },
        releaseDate = "2024-09-19",
        openWeights = true,
        sourceUrl = "https://qwenlm.github.io/blog/qwen2.5/",
    };

    [Fact]
    public async Task Announcing_a_model_answers_201_with_its_location_version_and_normalised_facts()
    {
        var response = await service.Client.PostAsJsonAsync("/models", Announcement("qwen2-5-72b"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/models/qwen2-5-72b", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var model = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["CN"], model.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("China", model.GetProperty("bloc").GetString());
        Assert.Equal("alibaba-cloud", model.GetProperty("organization").GetProperty("id").GetString());
        Assert.Equal("CN", model.GetProperty("organization").GetProperty("homeCountry").GetString());
    }

    [Fact]
    public async Task The_read_model_is_served_with_the_stream_version_as_etag()
    {
        (await service.Client.PostAsJsonAsync("/models", Announcement("qwen-read"))).EnsureSuccessStatusCode();

        var response = await service.Client.GetAsync("/models/qwen-read");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var model = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Qwen2.5-72B", model.GetProperty("name").GetString());
        Assert.Equal("2024-09-19", model.GetProperty("releasedOn").GetString());
        Assert.Equal(1, model.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_second_announcement_of_the_same_id_is_409_naming_the_rule_and_stores_nothing()
    {
        (await service.Client.PostAsJsonAsync("/models", Announcement("qwen-twice"))).EnsureSuccessStatusCode();

        var response = await service.Client.PostAsJsonAsync("/models", Announcement("qwen-twice"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("model-id-unique", problem.GetProperty("rule").GetString());
        await using var session = service.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync("qwen-twice");
        Assert.Single(stream);
    }

    [Fact]
    public async Task An_unknown_model_is_404_problem()
    {
        var response = await service.Client.GetAsync("/models/no-such-model");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string, string> BadRequests()
    {
        var tooLate = DateTime.UtcNow.AddYears(1).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        const string Valid = "\"organization\":{\"name\":\"Moonshot AI\"},\"originCountries\":[\"CN\"],\"openWeights\":true,\"sourceUrl\":\"https://moonshotai.github.io/Kimi-K2/\"";
        return new TheoryData<string, string, string>
        {
            { "bad-json", """{"id":"bad-json","name":"Kimi K2",""", "body" },
            { "missing-name", $$"""{"id":"missing-name",{{Valid}},"releaseDate":"2025-07-11"}""", "name" },
            { "empty-country", """{"id":"empty-country","name":"Kimi K2","organization":{"name":"Moonshot AI"},"originCountries":[" "],"releaseDate":"2025-07-11","openWeights":true,"sourceUrl":"https://moonshotai.github.io/Kimi-K2/"}""", "originCountries[0]" },
            { "no-weights", """{"id":"no-weights","name":"Kimi K2","organization":{"name":"Moonshot AI"},"originCountries":["CN"],"releaseDate":"2025-07-11","sourceUrl":"https://moonshotai.github.io/Kimi-K2/"}""", "openWeights" },
            { "hidden-label", $$"""{"id":"hidden-label","name":"Kimi K2",{{Valid}},"releaseDate":"2025-07-11","freeAccess":"free\u200B"}""", "freeAccess" },
            { "far-future", $$"""{"id":"far-future","name":"Kimi K2",{{Valid}},"releaseDate":"{{tooLate}}"}""", "releaseDate" },
            { "not-a-url", """{"id":"not-a-url","name":"Kimi K2","organization":{"name":"Moonshot AI"},"originCountries":["CN"],"releaseDate":"2025-07-11","openWeights":true,"sourceUrl":"moonshot website"}""", "sourceUrl" },
            { "wrong-date-type", $$"""{"id":"wrong-date-type","name":"Kimi K2",{{Valid}},"releaseDate":"11/07/2025"}""", "releaseDate" },
            { "wrong-bool-type", """{"id":"wrong-bool-type","name":"Kimi K2","organization":{"name":"Moonshot AI"},"originCountries":["CN"],"releaseDate":"2025-07-11","openWeights":"yes","sourceUrl":"https://moonshotai.github.io/Kimi-K2/"}""", "openWeights" },
            { "bad-slug", $$"""{"id":"Kimi K2!","name":"Kimi K2",{{Valid}},"releaseDate":"2025-07-11"}""", "id" },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_400_problem_naming_the_field_and_nothing_is_stored(string id, string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await service.Client.PostAsync("/models", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(
            problem.GetProperty("errors").TryGetProperty(field, out _),
            $"Expected the problem to name '{field}', got: {problem}");
        await using var session = service.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(id));
    }
}
