using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Platform.Security;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.Dashboard;

/// <summary>The page at <c>/</c>: public, from the gateway alone, and ready to read outside Production only.</summary>
[Collection(WholeSystemGroup.Name)]
public sealed class DashboardPageTests(WholeSystem system)
{
    [Fact]
    public async Task The_page_is_served_without_a_key_and_forbids_loading_from_other_hosts()
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);

        using var page = await anonymous.GetAsync(new Uri("/", UriKind.Relative));
        using var script = await anonymous.GetAsync(new Uri("/main.js", UriKind.Relative));
        using var data = await anonymous.GetAsync(new Uri("/api/landscape", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"main.js\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);
    }

    [Fact]
    public async Task Outside_Production_the_page_is_offered_the_development_reader_key_and_only_that_key()
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);

        var config = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/dashboard/config", UriKind.Relative));

        Assert.Equal(TestApiKeys.Reader, config.GetProperty("apiKey").GetString());
    }

    [Fact]
    public async Task Without_development_keys_the_page_is_offered_no_key()
    {
        await using var gateway = new ServiceHost<Program>(
            [
                new("Auth:DevelopmentKeys", "false"),
                new("Auth:ApiKeys:staff:Sha256", ApiKeyRegistry.Hash("staff-reader-key")),
                new("Auth:ApiKeys:staff:Roles:0", ApiRoles.Reader),
                .. TestServers.RabbitSettings(),
            ]);
        gateway.Start();
        using var anonymous = gateway.NewClient(apiKey: null);

        var config = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/dashboard/config", UriKind.Relative));

        Assert.Equal(JsonValueKind.Null, config.GetProperty("apiKey").ValueKind);
    }
}
