using Prometheus;

namespace Intelligence.Gateway.Observability;

/// <summary>
/// What the gateway exports about the services behind it. Labels are cluster names (the services), the gateway's
/// own callers of them, reasons from a closed list and composed endpoint names.
/// </summary>
internal static class GatewayMetrics
{
    /// <summary>The parts of the gateway that call services: <c>caller</c> label values.</summary>
    public const string Proxy = "proxy";
    public const string Composition = "composition";
    public const string EventFeed = "event-feed";

    public static readonly Histogram UpstreamDuration = Metrics.CreateHistogram(
        "intelligence_gateway_upstream_request_duration_seconds",
        "Calls from the gateway to a service, until the response headers arrived, by the part of the gateway calling.",
        new HistogramConfiguration { LabelNames = ["service", "caller"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });

    public static readonly Counter UpstreamFailures = Metrics.CreateCounter(
        "intelligence_gateway_upstream_failures_total",
        "Calls from the gateway to a service that got no usable answer: unreachable, timeout, status (5xx) or no-destination.",
        new CounterConfiguration { LabelNames = ["service", "caller", "reason"] });

    public static readonly Histogram ComposedDuration = Metrics.CreateHistogram(
        "intelligence_gateway_composed_request_duration_seconds",
        "Composed read models, the whole answer, by endpoint.",
        new HistogramConfiguration { LabelNames = ["endpoint"], Buckets = Histogram.ExponentialBuckets(0.002, 2, 14) });

    public static readonly Counter DegradedAnswers = Metrics.CreateCounter(
        "intelligence_gateway_degraded_answers_total",
        "Composed answers that went without a service's part, by endpoint and by the service missing.",
        new CounterConfiguration { LabelNames = ["endpoint", "service"] });

    public static readonly Counter KeptAnswers = Metrics.CreateCounter(
        "intelligence_gateway_kept_answers_total",
        "Composed answers by endpoint and outcome: revalidated (every part answered 304, the kept answer went out), kept (composed and kept) or not-kept (a part missing or untagged).",
        new CounterConfiguration { LabelNames = ["endpoint", "outcome"] });

    public static readonly Counter PartCache = Metrics.CreateCounter(
        "intelligence_gateway_part_cache_total",
        "Service answers read for composed answers, by service and outcome: revalidated (the service answered 304: unchanged data, no read), changed (read again under a new tag) or untagged.",
        new CounterConfiguration { LabelNames = ["service", "outcome"] });
}
