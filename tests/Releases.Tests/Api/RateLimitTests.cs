using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Platform.Security;
using Intelligence.TestSupport;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// A service holds each key, and each address without one, to a rate of its own, for callers that reach it without
/// the gateway; a key's own rate counts ten times there, since one composed read through the gateway costs it several
/// service calls. (Each service is built on the same platform call: the releases service stands for the four.)
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string SlowKey = "slow-test-key";

    private TestDatabase? _database;
    private ServiceHost<Program> _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("releases");
        _host = new ServiceHost<Program>(
            [
                new("ConnectionStrings:Marten", _database.ConnectionString),
                .. TestServers.RabbitSettings(),
                new("RateLimits:RequestsPerSecond", "2"),
                new("RateLimits:BurstSeconds", "2"),
                new("Auth:ApiKeys:slow:Sha256", ApiKeyRegistry.Hash(SlowKey)),
                new("Auth:ApiKeys:slow:Roles:0", ApiRoles.Reader),
                new("Auth:ApiKeys:slow:RequestsPerSecond", "1"),
            ]);
        _host.Start();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static async Task<List<HttpStatusCode>> SendAsync(HttpClient client, string path, int times)
    {
        var statuses = new List<HttpStatusCode>(times);
        for (var i = 0; i < times; i++)
        {
            using var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    [Fact]
    public async Task A_key_past_the_services_default_rate_gets_429_naming_the_rule_and_other_keys_do_not_wait()
    {
        using var reader = _host.NewClient(TestApiKeys.Reader);
        using var editor = _host.NewClient(TestApiKeys.Editor);

        // Two a second with a burst of four: twelve in a row cannot all pass.
        var statuses = await SendAsync(reader, "/models?pageSize=1", 12);

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        using var limited = await reader.GetAsync("/models?pageSize=1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Equal("rate-limit", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/models?pageSize=1")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_key_are_held_to_the_rate_of_their_address()
    {
        using var anonymous = _host.NewClient(apiKey: null);

        var statuses = await SendAsync(anonymous, "/models?pageSize=1", 12);

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task A_keys_own_rate_counts_ten_times_at_a_service()
    {
        using var slow = _host.NewClient(SlowKey);

        // One a second at the gateway is ten here, with a burst of twenty: what a few composed reads cost the key.
        var first = await SendAsync(slow, "/models?pageSize=1", 15);
        var more = await SendAsync(slow, "/models?pageSize=1", 40);

        Assert.All(first, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Contains(HttpStatusCode.TooManyRequests, more);
    }
}
