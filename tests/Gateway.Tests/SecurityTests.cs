using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests;

/// <summary>API keys and roles at the gateway and, the same, at each service; rate limits; body size limits.</summary>
[Collection(WholeSystemGroup.Name)]
public sealed class SecurityTests(WholeSystem system)
{
    private static object Announcement(string id) => new
    {
        id,
        name = $"Model {id}",
        organization = new { name = "Security Test Lab" },
        originCountries = new[] { "FR" },
        releaseDate = "2025-03-01",
        openWeights = false,
        sourceUrl = "https://example.org/security",
    };

    [Theory]
    [InlineData("/api/releases/models")]
    [InlineData("/api/regulation/measures")]
    public async Task A_request_without_a_key_is_401_naming_how_to_send_one(string path)
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("api-key-required", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_unknown_key_is_401()
    {
        using var stranger = system.Gateway.NewClient(apiKey: "not-a-key-anyone-holds");

        var response = await stranger.GetAsync("/api/releases/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("api-key-known", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_reader_key_reads_through_either_header_but_cannot_write()
    {
        using var reader = system.Gateway.NewClient(TestApiKeys.Reader);
        using var byHeader = system.Gateway.NewClient(apiKey: null);
        byHeader.DefaultRequestHeaders.Add("X-Api-Key", TestApiKeys.Reader);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/releases/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await byHeader.GetAsync("/api/pricing/offerings")).StatusCode);

        var id = $"sec-{Guid.NewGuid():N}"[..20];
        var write = await reader.PostAsJsonAsync("/api/releases/models", Announcement(id));

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        var problem = await write.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("role-required", problem.GetProperty("rule").GetString());
        Assert.Contains("'editor'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var editor = system.Gateway.NewClient(TestApiKeys.Editor);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/releases/models/{id}")).StatusCode);
    }

    [Fact]
    public async Task Going_around_the_gateway_meets_the_same_keys()
    {
        var id = $"sec-{Guid.NewGuid():N}"[..20];
        using var anonymous = system.Releases.NewClient(apiKey: null);
        using var reader = system.Releases.NewClient(TestApiKeys.Reader);
        using var editor = system.Releases.NewClient(TestApiKeys.Editor);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/models", Announcement(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/models", Announcement(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/models", Announcement(id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/models/{id}")).StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_need_the_operator_role()
    {
        using var editor = system.Gateway.NewClient(TestApiKeys.Editor);
        using var @operator = system.Gateway.NewClient(TestApiKeys.Operator);

        var refused = await editor.GetAsync("/api/pricing/admin/progress");
        var progress = await @operator.GetAsync("/api/pricing/admin/progress");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("'operator'", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        var body = await progress.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(body.GetProperty("shards").EnumerateArray(), shard => shard.GetProperty("name").GetString()!.StartsWith("IntegrationEventRelay", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/releases/openapi/v1.json")]
    public async Task Health_metrics_and_api_documents_need_no_key(string path)
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_past_its_rate_gets_429_with_retry_after()
    {
        using var throttled = system.Gateway.NewClient(WholeSystem.ThrottledKey);

        // The key may burst two requests, then one a second; ten in a row cannot all pass.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await throttled.GetAsync("/api/releases/models?pageSize=1"));
        }

        var limited = answers.First(response => response.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate-limit", problem.GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);

        // Other keys have their own buckets.
        using var reader = system.Gateway.NewClient(TestApiKeys.Reader);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/releases/models?pageSize=1")).StatusCode);
    }

    [Fact]
    public async Task A_command_body_over_the_limit_is_413_at_the_gateway_and_at_the_service()
    {
        var padding = new string('x', 2 * 1024 * 1024);
        var body = $$"""{ "id": "too-big", "name": "{{padding}}" }""";
        // Expect: 100-continue lets the server refuse on the headers before the body is sent; without it the refusal
        // races the client's upload, which on a busy machine ends in a broken pipe instead of the 413.
        using var viaGateway = new HttpRequestMessage(HttpMethod.Post, "/api/releases/models") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var direct = new HttpRequestMessage(HttpMethod.Post, "/models") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        viaGateway.Headers.ExpectContinue = true;
        direct.Headers.ExpectContinue = true;

        var throughGateway = await system.Client.SendAsync(viaGateway);
        var toService = await system.Releases.NewClient().SendAsync(direct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, throughGateway.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, toService.StatusCode);
        var problem = await toService.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("body-size-limit", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task An_import_may_be_larger_than_a_command()
    {
        // About 1.5 MiB of rows the importer refuses one by one: over the command limit, well under the import limit.
        var csv = new StringBuilder("id,name,organization,origin_countries,release_date,open_weights,source_url\n");
        while (csv.Length < 1536 * 1024)
        {
            csv.Append("bad row with no columns to speak of,,,,,,\n");
        }

        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        var response = await system.Client.PostAsync("/api/releases/imports", content);

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_correlation_id_goes_from_the_request_to_the_published_message()
    {
        var id = $"corr-{Guid.NewGuid():N}"[..20];
        var correlationId = $"test-{Guid.NewGuid():N}";
        await using var probe = await BrokerProbe.BindAsync("intelligence.releases.model-released");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases/models") { Content = JsonContent.Create(Announcement(id)) };
        request.Headers.Add("X-Correlation-Id", correlationId);

        var response = await system.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(correlationId, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        var message = await probe.WaitForAsync(
            m => m.Message.GetProperty("modelId").GetString() == id, TimeSpan.FromSeconds(60), $"ModelReleased for {id}");
        Assert.Equal(correlationId, message.Envelope.GetProperty("headers").GetProperty("X-Correlation-Id").GetString());
    }

    [Fact]
    public async Task A_request_without_a_correlation_id_is_given_one()
    {
        var response = await system.Client.GetAsync("/api/releases/models?pageSize=1");

        var correlationId = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.False(string.IsNullOrWhiteSpace(correlationId));
    }
}
