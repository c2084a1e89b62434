using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Gateway.Tests;

[Collection(WholeSystemGroup.Name)]
public sealed class ComposedOpenApiTests(WholeSystem system)
{
    [Theory]
    [InlineData("/api/models/{id}/dossier", "GetModelDossier")]
    [InlineData("/api/landscape", "GetLandscape")]
    [InlineData("/api/timeline", "GetTimeline")]
    [InlineData("/api/disruption/{modelId}", "GetDisruption")]
    public async Task The_gateways_openapi_document_describes_each_composed_read_model(string path, string operationId)
    {
        var document = await system.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var get = document.GetProperty("paths").GetProperty(path).GetProperty("get");
        Assert.Equal(operationId, get.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()));
        Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
    }
}
