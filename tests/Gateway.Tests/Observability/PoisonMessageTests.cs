using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Intelligence.Platform.Messaging;
using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Intelligence.TestSupport.MetricsText;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Gateway.Tests.Observability;

/// <summary>
/// A message whose handler throws, arriving with a good one: the good one is stored anyway, the poison one is retried
/// a bounded number of times and then moved to the error queue, every step counted, and the consumer keeps going. A
/// message of a type the queue's consumers do not take is moved aside to the skipped queue, untried. (An unreadable
/// message is in <see cref="AppMetricsTests"/>.)
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class PoisonMessageTests(WholeSystem system)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_message_its_handler_cannot_apply_is_retried_then_moved_to_the_error_queue_without_holding_back_the_good_one()
    {
        var queue = $"{system.Pricing.Services.GetRequiredService<IConfiguration>()["RabbitMq:QueuePrefix"]}-model-released";
        var before = await MetricsText.ScrapeAsync(system.Pricing.BaseAddress);
        var good = Released($"poison-neighbour-{Seed.Unique()}");
        var poison = Released($"poison-{Seed.Unique()}");

        // The same queue, the same instant: the two may well share a batch, as a poison message would in production.
        await RabbitConnections.PublishToQueueAsync(queue, Envelope(good));
        await RabbitConnections.PublishToQueueAsync(queue, Envelope(poison, withoutModelId: true));

        var after = await Eventually.Until(
            () => MetricsText.ScrapeAsync(system.Pricing.BaseAddress),
            now => Delta(before, now, "intelligence_consumer_error_queue_messages_total", ("service", "pricing"), ("queue", queue)) >= 1,
            Delivery,
            "the poison message to be moved to the error queue");

        await using var session = system.Pricing.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.NotNull(await session.LoadAsync<HandledMessage>($"ModelReleasedConsumer/{good.EventId:N}"));
        Assert.Null(await session.LoadAsync<HandledMessage>($"ModelReleasedConsumer/{poison.EventId:N}"));

        // Four attempts (the first and three retries) failed; the retries are counted as such.
        var failed = Delta(before, after, "intelligence_consumer_messages_failed_total", ("service", "pricing"), ("message_type", "ModelReleased"));
        var retried = Delta(before, after, "intelligence_consumer_messages_retried_total", ("service", "pricing"), ("message_type", "ModelReleased"));
        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "poison-handler-throws",
            Fault = "A ModelReleased without its model id, which the handler cannot apply, published beside a good one",
            Observations = new Dictionary<string, string>
            {
                ["failed attempts"] = $"{failed}",
                ["retried attempts"] = $"{retried}",
                ["moved to the error queue"] = $"{Delta(before, after, "intelligence_consumer_error_queue_messages_total", ("service", "pricing"), ("queue", queue))}",
                ["good message beside it stored"] = "yes",
            },
        });
        Assert.True(failed >= 4);
        Assert.True(retried >= 3);

        // The consumer keeps going: a message after the poison one is handled.
        var later = Released($"poison-after-{Seed.Unique()}");
        await RabbitConnections.PublishToQueueAsync(queue, Envelope(later));
        await Eventually.Until(
            async () =>
            {
                await using var query = system.Pricing.Services.GetRequiredService<IDocumentStore>().QuerySession();
                return await query.LoadAsync<HandledMessage>($"ModelReleasedConsumer/{later.EventId:N}");
            },
            handled => handled is not null,
            Delivery,
            "a later message to be handled");
    }

    [Fact]
    public async Task A_message_of_a_type_no_consumer_takes_is_moved_to_the_skipped_queue_and_counted_and_the_queue_keeps_going()
    {
        // Pricing's correction queue: its _skipped queue is this test's alone.
        var queue = $"{system.Pricing.Services.GetRequiredService<IConfiguration>()["RabbitMq:QueuePrefix"]}-model-details-corrected";
        var before = await MetricsText.ScrapeAsync(system.Pricing.BaseAddress);
        var stranger = Released($"stranger-{Seed.Unique()}");

        await RabbitConnections.PublishToQueueAsync(queue, Envelope(stranger, messageType: "urn:message:Intelligence.Contracts.Releases:ModelRenamed"));

        var after = await Eventually.Until(
            () => MetricsText.ScrapeAsync(system.Pricing.BaseAddress),
            now => Delta(before, now, "intelligence_consumer_skipped_messages_total", ("service", "pricing"), ("queue", queue)) >= 1,
            Delivery,
            "the message of an unknown type to be moved to the skipped queue");
        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "poison-unknown-type",
            Fault = "A message of a type no consumer of the queue takes (ModelRenamed) published into pricing's queue",
            Observations = new Dictionary<string, string>
            {
                ["moved to the skipped queue"] = $"{Delta(before, after, "intelligence_consumer_skipped_messages_total", ("service", "pricing"), ("queue", queue))}",
                ["failed attempts"] = $"{Delta(before, after, "intelligence_consumer_messages_failed_total", ("service", "pricing"))}",
            },
        });
        Assert.Equal(1, Delta(before, after, "intelligence_consumer_skipped_messages_total", ("service", "pricing"), ("queue", queue)));
        Assert.Equal(0, Delta(before, after, "intelligence_consumer_messages_failed_total", ("service", "pricing")));

        using var management = TestServers.RabbitManagementClient();
        await Eventually.Until(
            async () => (await management.GetFromJsonAsync<JsonElement>(
                new Uri($"api/queues/{Uri.EscapeDataString(TestServers.RabbitVirtualHost)}/{Uri.EscapeDataString(queue + "_skipped")}", UriKind.Relative)))
                .TryGetProperty("messages", out var messages) ? messages.GetInt32() : -1,
            messages => messages == 1,
            Delivery,
            "the skipped queue to hold the message");
    }

    private static Contract.ModelReleased Released(string modelId) => new(
        Guid.NewGuid(), modelId, 1, new DateOnly(2025, 3, 1), DateTimeOffset.UtcNow, "https://example.org/poison", $"Model {modelId}", "poison-lab", "Poison Lab", "FR",
        ["FR"], "EU", "announcement", false, "proprietary", "no", null, ["text"], null, "high");

    /// <summary>The envelope MassTransit reads: the poison one's model id is missing, which its handler cannot apply.</summary>
    private static byte[] Envelope(
        Contract.ModelReleased message, bool withoutModelId = false, string messageType = "urn:message:Intelligence.Contracts.Releases:ModelReleased")
    {
        var body = JsonSerializer.SerializeToNode(message, Web)!.AsObject();
        if (withoutModelId)
        {
            body.Remove("modelId");
        }

        var envelope = new JsonObject
        {
            ["messageId"] = message.EventId.ToString(),
            ["messageType"] = new JsonArray(messageType),
            ["message"] = body,
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }
}
