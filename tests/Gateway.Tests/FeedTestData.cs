using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Gateway.Tests;

/// <summary>Facts to create in each service for the event feed tests, and reading the feed to its end.</summary>
internal static class FeedTestData
{
    private const string Source = "https://example.org/feed";

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task AnnounceModelAsync(HttpClient client, string id, string path = "/api/releases/models") =>
        (await client.PostAsJsonAsync(path, new
        {
            id,
            name = $"Feed {id}",
            organization = new { name = "Feed Lab" },
            originCountries = new[] { "CN" },
            releaseDate = "2025-01-20",
            openWeights = true,
            sourceUrl = Source,
        })).EnsureSuccessStatusCode();

    public static async Task ProposeMeasureAsync(HttpClient gateway, string id) =>
        (await gateway.PostAsJsonAsync($"/api/regulation/measures/{id}/proposal", new
        {
            date = "2025-02-01",
            source = Source,
            measure = new { title = $"Feed measure {id}", jurisdiction = "US", type = "export-control", targets = new[] { "chips-and-hardware" }, direction = "restrictive" },
        })).EnsureSuccessStatusCode();

    public static async Task ObserveAdoptionAsync(HttpClient gateway, string id) =>
        (await gateway.PostAsJsonAsync("/api/adoption/observations", new
        {
            id,
            subject = new { name = $"Feed app {id}", organization = new { name = "Feed Lab" } },
            metric = "monthly-active-users",
            region = "global",
            value = 1000,
            observedOn = "2025-03-31",
            measurementType = "third-party-estimate",
            source = Source,
        })).EnsureSuccessStatusCode();

    /// <summary>A new FX rate straight to pricing (not through the gateway): a pricing event with a value of its own.</summary>
    public static async Task<decimal> RecordFxRateAsync(HttpClient pricing)
    {
        var rate = 7m + (Random.Shared.Next(1, 999_999) / 10_000_000m);
        (await pricing.PostAsJsonAsync("/fx-rates", new { currency = "CNY", effectiveOn = "2024-02-29", unitsPerUsd = rate, sourceUrl = Source }))
            .EnsureSuccessStatusCode();
        return rate;
    }

    public static async Task<JsonElement> PageAsync(HttpClient gateway, string? after, int limit, string? types = null)
    {
        var query = $"/api/events?limit={limit}" + (after is null ? string.Empty : $"&after={after}") + (types is null ? string.Empty : $"&types={types}");
        var response = await gateway.GetAsync(query);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"GET {query}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>Every item after <paramref name="after"/>, page by page, and the cursor after the last page.</summary>
    public static async Task<(List<JsonElement> Items, string Cursor)> ReadToEndAsync(HttpClient gateway, string? after, int limit, string? types = null)
    {
        var items = new List<JsonElement>();
        var cursor = after;
        for (var pages = 0; pages < 5000; pages++)
        {
            var page = await PageAsync(gateway, cursor, limit, types);
            var pageItems = page.GetProperty("items").EnumerateArray().ToList();
            Assert.Empty(page.GetProperty("degraded").EnumerateArray());
            items.AddRange(pageItems);
            var next = page.GetProperty("cursor").GetString()!;
            if (pageItems.Count == 0 && next == cursor)
            {
                return (items, next);
            }

            cursor = next;
        }

        throw new InvalidOperationException("The feed did not end within 5000 pages.");
    }

    /// <summary>The folder holding Intelligence.sln, for the bundled data and the docs' examples.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Intelligence.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Intelligence.sln above {AppContext.BaseDirectory}.");
    }

    public static string? Text(this JsonElement item, string messageProperty) =>
        item.GetProperty("message").TryGetProperty(messageProperty, out var value) ? value.GetString() : null;
}
