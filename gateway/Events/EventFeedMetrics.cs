using Prometheus;

namespace Intelligence.Gateway.Events;

/// <summary>What the event feed exports; the only label is a gateway cluster name.</summary>
internal static class EventFeedMetrics
{
    public static readonly Gauge StreamsOpen = Metrics.CreateGauge(
        "intelligence_gateway_event_streams_open",
        "Live server-sent event streams open on the gateway.");

    public static readonly Counter DegradedReads = Metrics.CreateCounter(
        "intelligence_gateway_event_feed_degraded_total",
        "Reads of a service's event feed that failed, leaving the service out of a page (its position kept).",
        new CounterConfiguration { LabelNames = ["service"] });

    public static readonly Counter StreamWakeups = Metrics.CreateCounter(
        "intelligence_gateway_event_stream_wakeups_total",
        "Integration events heard on the broker's intelligence.events exchange, each waking the live streams.");
}
