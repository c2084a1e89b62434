using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Intelligence.Gateway.Tests.ScaleOut;

/// <summary>
/// Scale-out of one service behind the gateway: proxied reads, composed reads and the event feed spread over both
/// releases instances and keep answering when one is cut off; writes through either instance share one store's
/// optimistic concurrency.
/// </summary>
[Collection(TwoReleasesInstancesGroup.Name)]
public sealed class TwoInstancesTests(TwoReleasesInstances system, ITestOutputHelper output)
{
    private const string ModelRoute = "/models/{id}";
    private const int Reads = 40;
    private static readonly TimeSpan Counted = TimeSpan.FromSeconds(10);

    /// <summary>Two consecutive failed checks a second apart mark an instance down; this bounds the wait generously.</summary>
    private static readonly TimeSpan MarkedDown = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Proxied_reads_reach_both_instances()
    {
        var model = await AnnounceAsync();
        var before = ServedNow();

        for (var i = 0; i < Reads; i++)
        {
            using var response = await system.Client.GetAsync(new Uri($"/api/releases/models/{model}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var served = await ServedSinceAsync(before, Reads);
        output.WriteLine($"proxied model card reads served: releases-1 {served[0]}, releases-2 {served[1]}");
        Assert.All(served, count => Assert.True(count > 0, $"an instance served none of {Reads} reads: {string.Join(", ", served)}"));
    }

    [Fact]
    public async Task Composed_reads_reach_both_instances()
    {
        var model = await AnnounceAsync();
        var before = ServedNow();

        for (var i = 0; i < Reads; i++)
        {
            await AssertWholeDisruptionAsync(model);
        }

        var served = await ServedSinceAsync(before, Reads);
        output.WriteLine($"the disruption view's model card reads served: releases-1 {served[0]}, releases-2 {served[1]}");
        Assert.All(served, count => Assert.True(count > 0, $"an instance served none of {Reads} composed reads: {string.Join(", ", served)}"));
    }

    [Fact]
    public async Task With_one_instance_cut_off_proxied_composed_and_feed_reads_still_answer()
    {
        var model = await AnnounceAsync();
        try
        {
            using (system.CutOff(1))
            {
                // Before any health check has noticed: a composed part that cannot reach its instance tries the other.
                for (var i = 0; i < 10; i++)
                {
                    await AssertWholeDisruptionAsync(model);
                }

                await Eventually.Until(
                    () => Task.FromResult(system.ActiveHealth(1)),
                    health => health == DestinationHealth.Unhealthy,
                    MarkedDown,
                    "the gateway's active health check to mark releases-2 down");

                for (var i = 0; i < Reads; i++)
                {
                    using var response = await system.Client.GetAsync(new Uri($"/api/releases/models/{model}", UriKind.Relative));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    await AssertWholeDisruptionAsync(model);
                }

                var feed = await system.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/events?limit=5", UriKind.Relative));
                Assert.DoesNotContain(
                    "releases",
                    feed.GetProperty("degraded").EnumerateArray().Select(degraded => degraded.GetProperty("service").GetString()));
            }
        }
        finally
        {
            // Both back in the cluster's available destinations before the next test counts requests per instance.
            await Eventually.Until(
                () => Task.FromResult(AvailableDestinations()),
                available => available == TwoReleasesInstances.DestinationIds.Length,
                TimeSpan.FromSeconds(60),
                "both releases instances available again");
        }
    }

    [Fact]
    public async Task Writes_through_either_instance_keep_if_match_concurrency()
    {
        var model = await AnnounceAsync();
        using var first = system.Instances[0].NewClient();
        using var second = system.Instances[1].NewClient();
        using var card = await first.GetAsync(new Uri($"/models/{model}", UriKind.Relative));
        var etag = card.Headers.ETag!;

        // The same version expected by both, sent at once: one instance's append must lose to the other's.
        var answers = await Task.WhenAll(
            ChangeAccessAsync(first, model, etag, new { effectiveOn = "2021-01-01", openWeights = true, sourceUrl = "https://example.org/weights" }),
            ChangeAccessAsync(second, model, etag, new { effectiveOn = "2021-01-01", licence = "MIT", sourceUrl = "https://example.org/licence" }));

        foreach (var answer in answers)
        {
            output.WriteLine($"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(answer => answer.StatusCode).Order());
        var winner = answers.Single(answer => answer.StatusCode == HttpStatusCode.OK);

        // Either instance reads the winner's version: one store, read inline.
        foreach (var client in new[] { first, second })
        {
            using var after = await client.GetAsync(new Uri($"/models/{model}", UriKind.Relative));
            Assert.Equal(winner.Headers.ETag, after.Headers.ETag);
        }

        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    /// <summary>Announces a model of its own through the first instance; returns its id.</summary>
    private async Task<string> AnnounceAsync()
    {
        var id = $"scale-{Guid.NewGuid():N}"[..14];
        using var client = system.Instances[0].NewClient();
        using var response = await client.PostAsJsonAsync("/models", new
        {
            id,
            name = $"Scale {id}",
            organization = new { name = $"Scale Lab {id}" },
            originCountries = new[] { "NZ" },
            releaseDate = "2020-01-01",
            openWeights = false,
            freeAccess = "unknown",
            sourceUrl = "https://example.org/release",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private static async Task<HttpResponseMessage> ChangeAccessAsync(HttpClient client, string model, System.Net.Http.Headers.EntityTagHeaderValue etag, object change)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/models/{model}/access", UriKind.Relative)) { Content = JsonContent.Create(change) };
        request.Headers.IfMatch.Add(etag);
        return await client.SendAsync(request);
    }

    /// <summary>The disruption view composes the model card (releases) and price moves (pricing): 200, nothing degraded.</summary>
    private async Task AssertWholeDisruptionAsync(string model)
    {
        using var response = await system.Client.GetAsync(new Uri($"/api/disruption/{model}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        using var answer = JsonDocument.Parse(body);
        Assert.Equal(0, answer.RootElement.GetProperty("degraded").GetArrayLength());
        Assert.Equal(model, answer.RootElement.GetProperty("model").GetProperty("id").GetString());
    }

    private int[] ServedNow() => [.. system.Served.Select(served => served.Of(ModelRoute))];

    /// <summary>Each instance's model card reads since <paramref name="before"/>, once all <paramref name="expected"/> are counted (a request is measured as it ends).</summary>
    private async Task<int[]> ServedSinceAsync(int[] before, int expected) =>
        await Eventually.Until(
            () => Task.FromResult(ServedNow().Select((now, i) => now - before[i]).ToArray()),
            served => served.Sum() >= expected,
            Counted,
            $"{expected} model card reads counted by the instances");

    private int AvailableDestinations() =>
        system.Gateway.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("releases", out var cluster)
            ? cluster.DestinationsState.AvailableDestinations.Count
            : 0;
}
