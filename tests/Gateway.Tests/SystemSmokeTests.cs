using System.Net;

namespace Intelligence.Gateway.Tests;

[Collection(WholeSystemGroup.Name)]
public sealed class SystemSmokeTests(WholeSystem system)
{
    [Theory]
    [InlineData("releases", "/models")]
    [InlineData("pricing", "/offerings")]
    [InlineData("regulation", "/measures")]
    [InlineData("adoption", "/series")]
    public async Task The_gateway_routes_each_service(string service, string path)
    {
        var response = await system.Client.GetAsync($"/api/{service}{path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_service_cut_off_from_the_gateway_answers_502_or_503_through_it()
    {
        using (system.Outage("regulation"))
        {
            var response = await system.Client.GetAsync("/api/regulation/measures");

            Assert.True(
                response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable,
                $"got {(int)response.StatusCode}");
        }

        var restored = await system.Client.GetAsync("/api/regulation/measures");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }
}
