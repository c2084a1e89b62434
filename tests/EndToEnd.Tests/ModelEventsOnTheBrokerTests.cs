using System.Diagnostics;
using System.Net.Http.Json;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.EndToEnd.Tests;

/// <summary>Every event of a model's life reaches the broker, on its own exchange and on the all-events exchange.</summary>
public sealed class ModelEventsOnTheBrokerTests(SkeletonSystem system, ITestOutputHelper output) : IClassFixture<SkeletonSystem>
{
    private const string Source = "https://example.org/lifecycle";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Announce_access_change_correction_and_retirement_are_published_in_stream_order_with_their_facts()
    {
        var id = $"life-{Guid.NewGuid():N}"[..20];
        await using var all = await BrokerProbe.BindAsync("intelligence.events");
        await using var accessChanges = await BrokerProbe.BindAsync("intelligence.releases.model-access-changed");

        await Post("/api/releases/models", new { id, name = "Life Model", organization = new { name = "Life Lab", country = "CN" }, originCountries = new[] { "CN", "SG" }, releaseDate = "2025-01-20", openWeights = false, freeAccess = "no", licence = "proprietary", sourceUrl = Source });
        await Post($"/api/releases/models/{id}/access", new { effectiveOn = "2025-06-30", openWeights = true, licence = "Apache-2.0", sourceUrl = Source });
        await Post($"/api/releases/models/{id}/corrections", new { reason = "also from Singapore? no", originCountries = new[] { "CN" }, sourceUrl = Source });
        await Post($"/api/releases/models/{id}/retirement", new { retiredOn = "2025-09-01", reason = "superseded", sourceUrl = Source });

        var messages = await Eventually.Until(
            () => Task.FromResult(all.Received.Where(m => m.Message.TryGetProperty("modelId", out var model) && model.GetString() == id).ToList()),
            received => received.Count == 4,
            Timeout,
            "four events of the model on intelligence.events");

        var byVersion = messages.OrderBy(m => m.Message.GetProperty("streamVersion").GetInt64()).ToList();
        Assert.Equal([1, 2, 3, 4], byVersion.Select(m => m.Message.GetProperty("streamVersion").GetInt64()));
        Assert.Equal(
            ["ModelReleased", "ModelAccessChanged", "ModelDetailsCorrected", "ModelRetired"],
            byVersion.Select(m => m.Envelope.GetProperty("messageType")[0].GetString()!.Split(':').Last()));
        Assert.Equal("no", byVersion[0].Message.GetProperty("freeAccess").GetString());
        Assert.Equal("life-lab", byVersion[0].Message.GetProperty("organizationId").GetString());
        Assert.Equal("2025-06-30", byVersion[1].Message.GetProperty("effectiveOn").GetString());
        Assert.True(byVersion[1].Message.GetProperty("openWeights").GetBoolean());
        Assert.Equal(["originCountries"], byVersion[2].Message.GetProperty("correctedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("China", byVersion[2].Message.GetProperty("bloc").GetString());
        Assert.Equal("2025-09-01", byVersion[3].Message.GetProperty("retiredOn").GetString());
        var accessChange = await accessChanges.WaitForAsync(m => m.Message.GetProperty("modelId").GetString() == id, Timeout, "the access change on its own exchange");
        Assert.Equal(byVersion[1].EnvelopeMessageId, accessChange.EnvelopeMessageId);
    }

    [Fact]
    public async Task Latency_from_post_to_broker_is_reported_for_sequential_writes()
    {
        await using var probe = await BrokerProbe.BindAsync("intelligence.releases.model-released");
        var prefix = $"lat-{Guid.NewGuid():N}"[..12];
        const int Writes = 25;
        var latencies = new List<double>();
        for (var i = 0; i < Writes; i++)
        {
            var id = $"{prefix}-{i}";
            var sent = Stopwatch.GetTimestamp();
            await Post("/api/releases/models", new { id, name = id, organization = new { name = "Lab" }, originCountries = new[] { "US" }, releaseDate = "2025-01-01", openWeights = true, sourceUrl = Source });
            await probe.WaitForAsync(m => m.Message.GetProperty("modelId").GetString() == id, Timeout, $"ModelReleased {id}");
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }

        // A measurement, not a limit: the figures go to the test output (and the closing note), never into an assertion.
        var sorted = latencies.Skip(5).Order().ToList();
        output.WriteLine($"POST through the gateway to message on the broker, {sorted.Count} sequential writes after 5 warm-up: p50 {sorted[sorted.Count / 2]:0} ms, max {sorted[^1]:0} ms.");
        Assert.Equal(
            Writes,
            probe.Received.Select(m => m.Message.GetProperty("modelId").GetString()).Where(id => id!.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Count());
    }

    private async Task Post(string path, object body) =>
        (await system.ThroughGateway.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode();
}
