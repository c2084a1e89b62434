namespace Intelligence.EndToEnd.Tests;

/// <summary>The body of <c>POST /api/releases/models</c> the end-to-end tests send: an open-weights model from China.</summary>
internal static class Announcements
{
    public static object Of(string id) => new
    {
        id,
        name = $"Model {id}",
        organization = new { name = "DeepSeek" },
        originCountries = new[] { "CN" },
        releaseDate = "2025-01-20",
        openWeights = true,
        sourceUrl = "https://api-docs.deepseek.com/news/news250120",
    };
}
