using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Gateway.Tests;

[Collection(WholeSystemGroup.Name)]
public sealed class ApiReferenceTests(WholeSystem system)
{
    [Fact]
    public async Task The_reference_page_lists_the_gateway_and_every_service_document()
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);

        var page = await anonymous.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var document in new[] { "openapi/v1.json", "api/releases/openapi/v1.json", "api/pricing/openapi/v1.json", "api/regulation/openapi/v1.json", "api/adoption/openapi/v1.json" })
        {
            Assert.Contains(document, html, StringComparison.Ordinal);
        }

        // The page's script is served by the gateway itself, so the reference works without the internet.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/docs/scalar.js")).StatusCode);
    }

    [Theory]
    [InlineData("releases", "/models")]
    [InlineData("pricing", "/offerings")]
    [InlineData("regulation", "/measures")]
    [InlineData("adoption", "/series")]
    public async Task A_service_document_read_through_the_gateway_names_the_gateway_path_and_the_api_key(string service, string path)
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);

        var document = await anonymous.GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out _), $"{path} is documented");
        var server = document.GetProperty("servers")[0].GetProperty("url").GetString();
        Assert.EndsWith($"/api/{service}", server, StringComparison.Ordinal);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString());
    }
}
