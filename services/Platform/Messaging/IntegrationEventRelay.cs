using System.Diagnostics;
using Intelligence.Platform.Http;
using Intelligence.Platform.Metrics;
using Intelligence.Platform.Tracing;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Intelligence.Platform.Messaging;

/// <summary>
/// The outbox: a Marten subscription, run by the async daemon, that publishes committed events to RabbitMQ.
/// Marten records the subscription's progress only after a page returns, so a crash or a broker outage delays
/// delivery and may repeat a page (at least once) but never skips an event. The broker message id is the
/// stored event's id, which lets consumers drop the repeats.
/// </summary>
public sealed partial class IntegrationEventRelay : SubscriptionBase
{
    public const string SubscriptionName = "IntegrationEventRelay";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A publish that has not been confirmed by then is abandoned and the page retried: a publish waiting on a
    /// connection that died without MassTransit noticing would otherwise hold the relay forever.
    /// </summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);

    private readonly IIntegrationEventMap _map;
    private readonly IBus _bus;
    private readonly ServiceIdentity _service;
    private readonly ILogger<IntegrationEventRelay> _logger;

    public IntegrationEventRelay(IIntegrationEventMap map, IBus bus, ServiceIdentity service, ILogger<IntegrationEventRelay> logger)
    {
        _map = map;
        _bus = bus;
        _service = service;
        _logger = logger;
        Name = SubscriptionName;
        Options.BatchSize = 500;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var messages = page.Events
            .Select(stored => (stored, message: _map.ToIntegrationEvent(stored)))
            .Where(pair => pair.message is not null)
            .ToList();

        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(PublishTimeout);
            try
            {
                // One page in flight at once: awaiting each publish in turn caps the relay near 1,000 messages/s.
                await Task.WhenAll(messages.Select(pair => PublishAsync(pair.stored, pair.message!, attempt.Token)));
                break;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Retrying here, rather than letting the daemon pause the subscription, keeps the relay
                // running by itself through a broker outage. The whole page is retried: consumers de-duplicate.
                PlatformMetrics.RelayPublishFailures.WithLabels(_service.Name).Inc();
                LogPublishFailed(exception, page.SequenceFloor, page.SequenceCeiling, backoff);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }

        foreach (var (_, message) in messages)
        {
            PlatformMetrics.EventsRelayed.WithLabels(_service.Name, message!.GetType().Name).Inc();
        }

        return NullChangeListener.Instance;
    }

    /// <summary>Publishes one event within a span that continues the trace of the request that stored it.</summary>
    private async Task PublishAsync(IEvent stored, object message, CancellationToken cancellationToken)
    {
        var messageType = message.GetType();
        using var relaying = TraceContext.StartRelaying(stored, messageType.Name, _service.Name);
        try
        {
            await _bus.Publish(message, messageType, context => Stamp(context, stored, relaying), cancellationToken);
        }
        catch (Exception exception)
        {
            relaying?.AddException(exception).SetStatus(ActivityStatusCode.Error);
            throw;
        }
    }

    /// <summary>
    /// The message id is the stored event's id; the correlation id is the one of the request that stored it; the
    /// trace context is the relay's span.
    /// </summary>
    private static void Stamp(PublishContext context, IEvent stored, Activity? relaying)
    {
        context.MessageId = stored.Id;
        TraceContext.StampOn(context.Headers, stored, relaying);
        if (stored.CorrelationId is { Length: > 0 } correlationId)
        {
            context.Headers.Set(CorrelationId.Header, correlationId);
            if (Guid.TryParse(correlationId, out var guid))
            {
                context.CorrelationId = guid;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay could not publish events {Floor}..{Ceiling}; retrying in {Backoff}")]
    private partial void LogPublishFailed(Exception exception, long floor, long ceiling, TimeSpan backoff);
}
