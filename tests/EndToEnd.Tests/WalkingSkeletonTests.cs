using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Platform.Metrics;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.EndToEnd.Tests;

/// <summary>
/// The pattern every service follows, proved end to end: HTTP through the gateway, a decision, an event in Marten,
/// the relay, and a message on RabbitMQ that an outside consumer reads.
/// </summary>
public sealed class WalkingSkeletonTests(SkeletonSystem system, ITestOutputHelper output) : IClassFixture<SkeletonSystem>
{
    private const string ModelReleasedExchange = "intelligence.releases.model-released";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    // MassTransit reconnects with a back-off (about 20 s was seen here), so an outage takes longer to heal.
    private static readonly TimeSpan OutageDeliveryTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_model_posted_through_the_gateway_reaches_the_broker_with_its_event_id_and_is_served_back()
    {
        var id = $"skeleton-{Guid.NewGuid():N}"[..24];
        await using var probe = await BrokerProbe.BindAsync(ModelReleasedExchange);

        var clock = Stopwatch.StartNew();
        var created = await system.ThroughGateway.PostAsJsonAsync("/api/releases/models", Announcements.Of(id));
        var answered = clock.Elapsed;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var delivered = await probe.WaitForAsync(
            m => m.Message.GetProperty("modelId").GetString() == id, DeliveryTimeout, $"ModelReleased for {id}");
        var onBroker = delivered.ReceivedAtUtc;
        output.WriteLine($"POST answered in {answered.TotalMilliseconds:0} ms; message on the broker {(onBroker - (DateTime.UtcNow - clock.Elapsed)).TotalMilliseconds:0} ms after the POST was sent.");

        await using var session = system.ReleasesStore.QuerySession();
        var stored = Assert.Single(await session.Events.FetchStreamAsync(id));
        Assert.Equal(stored.Id.ToString(), delivered.EnvelopeMessageId);
        Assert.Equal(stored.Id.ToString(), delivered.AmqpMessageId);
        Assert.Equal(stored.Id.ToString(), delivered.Message.GetProperty("eventId").GetString());
        Assert.Equal(1, delivered.Message.GetProperty("streamVersion").GetInt64());
        Assert.Equal("China", delivered.Message.GetProperty("bloc").GetString());
        Assert.Equal("2025-01-20", delivered.Message.GetProperty("releasedOn").GetString());

        var read = await system.ThroughGateway.GetAsync($"/api/releases/models/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var model = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"Model {id}", model.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_broker_outage_while_writing_delays_events_but_loses_none()
    {
        const int Writes = 30;
        const int CutAt = Writes / 3;
        const int RestoreAt = 2 * Writes / 3;
        var prefix = $"outage-{Guid.NewGuid():N}"[..15];
        var ids = Enumerable.Range(0, Writes).Select(i => $"{prefix}-{i}").ToList();
        await using var probe = await BrokerProbe.BindAsync(ModelReleasedExchange);
        var restoredAt = DateTime.MaxValue;

        for (var i = 0; i < Writes; i++)
        {
            if (i == CutAt)
            {
                system.BrokerLink.Cut();
            }

            if (i == RestoreAt)
            {
                restoredAt = DateTime.UtcNow;
                system.BrokerLink.Restore();
            }

            var response = await system.ThroughGateway.PostAsJsonAsync("/api/releases/models", Announcements.Of(ids[i]));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var received = await Eventually.Until(
            () => Task.FromResult(probe.Received
                .Where(m => m.Message.GetProperty("modelId").GetString()!.StartsWith(prefix, StringComparison.Ordinal))
                .GroupBy(m => m.Message.GetProperty("modelId").GetString()!)
                .ToDictionary(group => group.Key, group => group.Min(m => m.ReceivedAtUtc))),
            delivered => delivered.Count == Writes,
            OutageDeliveryTimeout,
            $"all {Writes} ModelReleased messages").ContinueWith(
                waited => waited.IsCompletedSuccessfully
                    ? waited.Result
                    : throw new TimeoutException(
                        $"{waited.Exception?.InnerException?.Message} Received: {string.Join(", ", probe.Received.Select(m => m.Message.GetProperty("modelId").GetString()).Where(id => id!.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order())}; " +
                        $"relay publish failures {PlatformMetrics.RelayPublishFailures.WithLabels("releases").Value}, relay position {PlatformMetrics.RelayPosition.WithLabels("releases").Value}.",
                        waited.Exception),
                TaskScheduler.Default);

        Assert.Equal(ids.Order(), received.Keys.Order());
        Assert.True(system.BrokerLink.ConnectionsCut > 0, "The cut must have broken the service's live broker connection.");
        var writtenDuringOutage = ids.Skip(CutAt).Take(RestoreAt - CutAt);
        Assert.All(writtenDuringOutage, id => Assert.True(received[id] >= restoredAt, $"{id} cannot have crossed a cut link."));
        output.WriteLine($"Delivered all {Writes}; the last arrived {(received.Values.Max() - restoredAt).TotalSeconds:0.0} s after the link was restored.");
    }
}
