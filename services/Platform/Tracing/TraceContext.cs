using System.Diagnostics;
using JasperFx.Events;
using Marten;
using MassTransit;

namespace Intelligence.Platform.Tracing;

/// <summary>
/// Carries the W3C trace context (<c>traceparent</c>, <c>tracestate</c>) across the two hops that are not HTTP: from
/// the request into the stored event (a Marten header of each event the request appends) and from the stored event,
/// through the relay, into the message every consumer receives (a message header). A consumer outside .NET reads the
/// same two headers.
/// </summary>
public static class TraceContext
{
    public const string ParentHeader = "traceparent";
    public const string StateHeader = "tracestate";

    private static readonly ActivitySource Source = new(Telemetry.SourceName);

    /// <summary>Events the session appends carry the current span as their parent.</summary>
    public static void StampOn(IDocumentSession session)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            session.SetHeader(ParentHeader, current.Id!);
            if (current.TraceStateString is { Length: > 0 } state)
            {
                session.SetHeader(StateHeader, state);
            }
        }
    }

    /// <summary>
    /// A span for the relay's publishing of one stored event, child of the span that stored it (none if the
    /// event was stored outside any trace, or when nothing listens).
    /// </summary>
    public static Activity? StartRelaying(IEvent stored, string messageType, string service)
    {
        var parent = Parse(stored.Headers?.GetValueOrDefault(ParentHeader)?.ToString(), stored.Headers?.GetValueOrDefault(StateHeader)?.ToString());
        var activity = Source.StartActivity($"relay {messageType}", ActivityKind.Producer, parent ?? default);
        activity?
            .SetTag("messaging.system", "rabbitmq")
            .SetTag("messaging.operation.type", "publish")
            .SetTag("messaging.destination.name", messageType)
            .SetTag("messaging.message.id", stored.Id.ToString())
            .SetTag("intelligence.service", service)
            .SetTag("intelligence.event.sequence", stored.Sequence)
            .SetTag("intelligence.stream", stored.StreamKey);
        return activity;
    }

    /// <summary>
    /// The message carries the relay's span as its parent; when that span was not sampled (or nothing listens), the
    /// context the event was stored with, so the trace still reaches the consumers unbroken.
    /// </summary>
    public static void StampOn(SendHeaders headers, IEvent stored, Activity? relaying)
    {
        var (parent, state) = relaying is { IdFormat: ActivityIdFormat.W3C }
            ? (relaying.Id, relaying.TraceStateString)
            : (stored.Headers?.GetValueOrDefault(ParentHeader)?.ToString(), stored.Headers?.GetValueOrDefault(StateHeader)?.ToString());
        if (parent is not null)
        {
            headers.Set(ParentHeader, parent);
        }

        if (state is { Length: > 0 })
        {
            headers.Set(StateHeader, state);
        }
    }

    /// <summary>
    /// A span for a consumer's handling of one message, child of the span that published it. Not made current:
    /// a batch applies many messages, each of its own trace, in one transaction.
    /// </summary>
    public static Activity? StartHandling(ConsumeContext message, string messageType, string consumer, string service)
    {
        var parent = Parse(message.Headers.Get<string>(ParentHeader), message.Headers.Get<string>(StateHeader));
        var previous = Activity.Current;
        var activity = Source.StartActivity($"handle {messageType}", ActivityKind.Consumer, parent ?? default);
        Activity.Current = previous;
        activity?
            .SetTag("messaging.system", "rabbitmq")
            .SetTag("messaging.operation.type", "process")
            .SetTag("messaging.destination.name", messageType)
            .SetTag("messaging.message.id", message.MessageId?.ToString())
            .SetTag("messaging.consumer.group.name", consumer)
            .SetTag("intelligence.service", service);
        return activity;
    }

    private static ActivityContext? Parse(string? parent, string? state) =>
        parent is not null && ActivityContext.TryParse(parent, state, isRemote: true, out var context) ? context : null;
}
