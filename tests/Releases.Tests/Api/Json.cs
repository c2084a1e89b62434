using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Intelligence.Releases.Tests.Api;

/// <summary>Small helpers that keep the API tests about the API.</summary>
internal static class Json
{
    public static object Model(string id, string name = "Test model", string country = "CN", string releaseDate = "2024-06-01", bool openWeights = true, string freeAccess = "yes") => new
    {
        id,
        name,
        organization = new { name = "Test Lab" },
        originCountries = new[] { country },
        releaseDate,
        openWeights,
        freeAccess,
        licence = openWeights ? "Apache-2.0" : "proprietary",
        sourceUrl = "https://example.org/announcement",
    };

    public static async Task<JsonElement> Body(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static HttpRequestMessage Post(string path, object body, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");
}
