using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;

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

    [Fact]
    public async Task Labels_no_mapping_covers_are_kept_as_other_beside_their_kind_and_corrected_like_any_fact()
    {
        var response = await service.Client.PostAsJsonAsync("/models", new
        {
            id = "atlas-2",
            name = "Atlas-2",
            organization = new { name = "Atlantis AI", country = "Atlantis" },
            originCountries = new[] { "Atlantis", "France" },
            releaseDate = "2025-02-01",
            dateBasis = "technical report",
            openWeightsLabel = "on request",
            freeAccess = "waitlist",
            confidence = "very high",
            modalities = new[] { "Text", "3D meshes" },
            sourceUrl = "https://example.org/atlas-2",
        });
        var corrected = await service.Client.PostAsJsonAsync("/models/atlas-2/corrections", new { reason = "the waitlist opened", freeAccess = "free", sourceUrl = "https://example.org/open" });
        var access = await service.Client.PostAsJsonAsync("/models/atlas-2/access", new { effectiveOn = "2025-03-01", openWeightsLabel = "yes (research licence)", sourceUrl = "https://example.org/weights" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var model = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Atlantis", "FR"], model.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("unknown", model.GetProperty("bloc").GetString());
        Assert.Equal("Atlantis", model.GetProperty("organization").GetProperty("homeCountry").GetString());
        Assert.Equal(("other", "technical report"), (model.GetProperty("dateBasis").GetString(), model.GetProperty("dateBasisLabel").GetString()));
        Assert.Equal((false, "on request"), (model.GetProperty("openWeights").GetBoolean(), model.GetProperty("openWeightsLabel").GetString()));
        Assert.Equal(("other", "waitlist"), (model.GetProperty("freeAccess").GetString(), model.GetProperty("freeAccessLabel").GetString()));
        Assert.Equal(("other", "very high"), (model.GetProperty("confidence").GetString(), model.GetProperty("confidenceLabel").GetString()));
        Assert.Equal(["text", "3D meshes"], model.GetProperty("modalities").EnumerateArray().Select(m => m.GetString()));
        var fixedAccess = await corrected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("yes", fixedAccess.GetProperty("freeAccess").GetString());
        Assert.Equal(JsonValueKind.Null, fixedAccess.GetProperty("freeAccessLabel").ValueKind);
        Assert.Equal("very high", fixedAccess.GetProperty("confidenceLabel").GetString()); // absent fields keep their labels
        var opened = await access.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        Assert.True(opened.GetProperty("openWeights").GetBoolean());
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("openWeightsLabel").ValueKind);
    }

    [Fact]
    public async Task The_published_release_carries_each_label_and_a_place_that_is_no_known_country_in_bloc_unknown()
    {
        await using var probe = await BrokerProbe.BindAsync("intelligence.releases.model-released");

        (await service.Client.PostAsJsonAsync("/models", new
        {
            id = "kosmos-3",
            name = "Kosmos-3",
            organization = new { name = "Kosovo Labs" },
            originCountries = new[] { "Kosovo" },
            releaseDate = "2025-02-10",
            openWeights = true,
            freeAccess = "waitlist",
            dateBasis = "leak",
            sourceUrl = "https://example.org/kosmos-3",
        })).EnsureSuccessStatusCode();

        var message = (await probe.WaitForAsync(m => m.Message.GetProperty("modelId").GetString() == "kosmos-3", TimeSpan.FromSeconds(60), "the release of kosmos-3")).Message;
        Assert.Equal(["Kosovo"], message.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(("Kosovo", "unknown"), (message.GetProperty("organizationCountry").GetString(), message.GetProperty("bloc").GetString()));
        Assert.Equal(("other", "waitlist"), (message.GetProperty("freeAccess").GetString(), message.GetProperty("freeAccessLabel").GetString()));
        Assert.Equal(("other", "leak"), (message.GetProperty("dateBasis").GetString(), message.GetProperty("dateBasisLabel").GetString()));
        Assert.False(message.TryGetProperty("openWeightsLabel", out var none) && none.ValueKind != JsonValueKind.Null, "a yes has no label");
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
            { "two-answers", $$"""{"id":"two-answers","name":"Kimi K2",{{Valid}},"releaseDate":"2025-07-11","openWeightsLabel":"on request"}""", "openWeightsLabel" },
            { "empty-basis", $$"""{"id":"empty-basis","name":"Kimi K2",{{Valid}},"releaseDate":"2025-07-11","dateBasis":""}""", "dateBasis" },
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
