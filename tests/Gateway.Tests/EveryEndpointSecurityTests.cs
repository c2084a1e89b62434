using System.Net;
using System.Text;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// Every endpoint each service maps, found in its own routing table rather than listed by hand: none answers without
/// a key, none writes with a reader key, and none under <c>/admin</c> answers an editor, straight to the service and
/// through the gateway. A new endpoint is checked the day it is mapped.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class EveryEndpointSecurityTests(WholeSystem system)
{
    public static TheoryData<string> Services() => [.. WholeSystem.ServiceNames];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task No_endpoint_answers_without_a_key_writes_with_a_reader_key_or_administers_with_an_editor_key(string service)
    {
        var endpoints = EndpointsOf(service);
        Assert.True(endpoints.Count >= 10, $"{service} maps only {endpoints.Count} protected endpoints: is the routing table read?");
        using var direct = new HttpClient { BaseAddress = ServiceEndpoints.AddressOf(system, service) };
        using var gateway = new HttpClient { BaseAddress = system.Gateway.BaseAddress };
        var wrong = new List<string>();

        foreach (var (method, path) in endpoints)
        {
            foreach (var (client, prefix) in new[] { (direct, string.Empty), (gateway, $"/api/{service}") })
            {
                var url = prefix + path;
                await Expect(client, method, url, key: null, HttpStatusCode.Unauthorized, wrong);
                if (method != "GET")
                {
                    await Expect(client, method, url, TestApiKeys.Reader, HttpStatusCode.Forbidden, wrong);
                }

                if (path.StartsWith("/admin", StringComparison.Ordinal))
                {
                    await Expect(client, method, url, TestApiKeys.Editor, HttpStatusCode.Forbidden, wrong);
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    /// <summary>The method and a concrete path of every endpoint that is not open to all (health, metrics, OpenAPI are).</summary>
    /// <remarks>Each route parameter is filled with a plausible value: authorization runs before the value is read.</remarks>
    private List<(string Method, string Path)> EndpointsOf(string service) =>
        [.. ServiceEndpoints.ProtectedOf(system, service).Select(pair => (pair.Method, ServiceEndpoints.Concrete(pair.Endpoint))).Distinct()];

    private static async Task Expect(HttpClient client, string method, string url, string? key, HttpStatusCode expected, List<string> wrong)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        if (response.StatusCode != expected)
        {
            wrong.Add($"{method} {url} with {key ?? "no key"}: {(int)response.StatusCode}, expected {(int)expected}");
        }
    }
}
