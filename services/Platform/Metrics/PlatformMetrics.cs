using Prometheus;

namespace Intelligence.Platform.Metrics;

/// <summary>
/// The counters every service exports. Labels stay bounded: a service name and a type name from a closed set.
/// </summary>
public static class PlatformMetrics
{
    public static readonly Counter EventsAppended = Prometheus.Metrics.CreateCounter(
        "intelligence_events_appended_total",
        "Domain events committed to the service's event store.",
        new CounterConfiguration { LabelNames = ["service", "event_type"] });

    public static readonly Counter EventsRelayed = Prometheus.Metrics.CreateCounter(
        "intelligence_relay_events_published_total",
        "Integration events published to the broker by the relay (confirmed by the broker).",
        new CounterConfiguration { LabelNames = ["service", "message_type"] });

    public static readonly Counter RelayPublishFailures = Prometheus.Metrics.CreateCounter(
        "intelligence_relay_publish_failures_total",
        "Attempts by the relay to publish a page of events that failed and will be retried.",
        new CounterConfiguration { LabelNames = ["service"] });

    public static readonly Gauge RelayPosition = Prometheus.Metrics.CreateGauge(
        "intelligence_relay_position",
        "Highest event sequence number the relay has published.",
        new GaugeConfiguration { LabelNames = ["service"] });

    public static readonly Counter MessagesConsumed = Prometheus.Metrics.CreateCounter(
        "intelligence_consumer_messages_consumed_total",
        "Integration events handled by a consumer, by outcome (handled, duplicate).",
        new CounterConfiguration { LabelNames = ["service", "message_type", "outcome"] });

    public static readonly Counter ImportRows = Prometheus.Metrics.CreateCounter(
        "intelligence_import_rows_total",
        "Rows of bulk-import files, by outcome (accepted, corrected, unchanged, rejected).",
        new CounterConfiguration { LabelNames = ["service", "outcome"] });

    private static int _configured;

    /// <summary>
    /// prometheus-net would also export every .NET meter (ASP.NET Core's own HTTP histograms among them),
    /// which duplicates the series <c>UseHttpMetrics</c> gives. Keep process metrics, drop the adapters.
    /// </summary>
    public static void SuppressDuplicateDefaultMetrics()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }

        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true,
            SuppressEventCounters = true,
            SuppressDebugMetrics = true,
            SuppressProcessMetrics = false,
        });
    }
}
