using Prometheus;

namespace Intelligence.Platform.Metrics;

/// <summary>
/// The counters every event-sourced service exports: its store, relay, consumers, imports and catalog syncs. Labels
/// stay bounded: a service name and a type name from a closed set. Those of every web app, the gateway's included, are
/// <see cref="WebMetrics"/>'.
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
        "Highest event sequence number the relay has published, as recorded in the store.",
        new GaugeConfiguration { LabelNames = ["service"] });

    public static readonly Gauge RelayLagEvents = Prometheus.Metrics.CreateGauge(
        "intelligence_relay_lag_events",
        "Events committed but not yet published: the high-water mark minus the relay's position.",
        new GaugeConfiguration { LabelNames = ["service"] });

    public static readonly Gauge RelayLagSeconds = Prometheus.Metrics.CreateGauge(
        "intelligence_relay_lag_seconds",
        "Age of the oldest event the relay has not published yet; 0 when it is caught up.",
        new GaugeConfiguration { LabelNames = ["service"] });

    public static readonly Gauge HighWaterMark = Prometheus.Metrics.CreateGauge(
        "intelligence_store_high_water_mark",
        "Highest event sequence number every reader of the store can see.",
        new GaugeConfiguration { LabelNames = ["service"] });

    public static readonly Gauge ProjectionPosition = Prometheus.Metrics.CreateGauge(
        "intelligence_projection_position",
        "Highest event sequence number an asynchronous projection has applied.",
        new GaugeConfiguration { LabelNames = ["service", "projection"] });

    public static readonly Gauge ProjectionLagEvents = Prometheus.Metrics.CreateGauge(
        "intelligence_projection_lag_events",
        "The high-water mark minus an asynchronous projection's position.",
        new GaugeConfiguration { LabelNames = ["service", "projection"] });

    public static readonly Gauge ProjectionLagSeconds = Prometheus.Metrics.CreateGauge(
        "intelligence_projection_lag_seconds",
        "Age of the oldest event an asynchronous projection has not applied yet; 0 when it is caught up.",
        new GaugeConfiguration { LabelNames = ["service", "projection"] });

    public static readonly Gauge DaemonLeader = Prometheus.Metrics.CreateGauge(
        "intelligence_async_daemon_leader",
        "1 when this instance runs the relay (one instance of a service at a time), else 0. Marten's daemon spreads its shards over the instances: intelligence_async_daemon_shard_running says where each asynchronous projection runs.",
        new GaugeConfiguration { LabelNames = ["service"] });

    public static readonly Gauge DaemonShardRunning = Prometheus.Metrics.CreateGauge(
        "intelligence_async_daemon_shard_running",
        "1 for each shard of the daemon (the relay, an asynchronous projection) running on this instance, 0 for one that ran here and no longer does.",
        new GaugeConfiguration { LabelNames = ["service", "shard"] });

    public static readonly Counter MessagesConsumed = Prometheus.Metrics.CreateCounter(
        "intelligence_consumer_messages_consumed_total",
        "Integration events handled by a consumer, by outcome (handled, duplicate).",
        new CounterConfiguration { LabelNames = ["service", "message_type", "outcome"] });

    public static readonly Counter MessagesFailed = Prometheus.Metrics.CreateCounter(
        "intelligence_consumer_messages_failed_total",
        "Delivery attempts whose handler threw; every attempt counts, retries included.",
        new CounterConfiguration { LabelNames = ["service", "message_type"] });

    public static readonly Counter MessagesRetried = Prometheus.Metrics.CreateCounter(
        "intelligence_consumer_messages_retried_total",
        "Delivery attempts that retry an earlier failed attempt of the same message.",
        new CounterConfiguration { LabelNames = ["service", "message_type"] });

    public static readonly Counter MessagesToErrorQueue = Prometheus.Metrics.CreateCounter(
        "intelligence_consumer_error_queue_messages_total",
        "Messages moved to a queue's _error queue: their retries ran out, or they could not be read.",
        new CounterConfiguration { LabelNames = ["service", "queue"] });

    public static readonly Counter MessagesSkipped = Prometheus.Metrics.CreateCounter(
        "intelligence_consumer_skipped_messages_total",
        "Messages moved to a queue's _skipped queue because no consumer of the queue takes their type.",
        new CounterConfiguration { LabelNames = ["service", "queue"] });

    public static readonly Histogram HandlingDuration = Prometheus.Metrics.CreateHistogram(
        "intelligence_consumer_handling_duration_seconds",
        "Time a consumer took to handle one delivery attempt, whether it succeeded or failed.",
        new HistogramConfiguration { LabelNames = ["service", "message_type"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });

    public static readonly Counter ImportRows = Prometheus.Metrics.CreateCounter(
        "intelligence_import_rows_total",
        "Rows of bulk-import files, by outcome (accepted, corrected, unchanged, rejected).",
        new CounterConfiguration { LabelNames = ["service", "outcome"] });

    public static readonly Counter CatalogSyncs = Prometheus.Metrics.CreateCounter(
        "intelligence_catalog_syncs_total",
        "Syncs of a public catalog snapshot, by outcome (synced, refused: the snapshot was unreadable and nothing was stored, failed).",
        new CounterConfiguration { LabelNames = ["service", "catalog", "outcome"] });

    public static readonly Counter CatalogSyncEntries = Prometheus.Metrics.CreateCounter(
        "intelligence_catalog_sync_entries_total",
        "Entries of synced catalog snapshots, by what they came to (added, changed, unchanged, delisted, side-by-side, same-as-another, skipped).",
        new CounterConfiguration { LabelNames = ["service", "catalog", "outcome"] });

    public static readonly Gauge CatalogLastSync = Prometheus.Metrics.CreateGauge(
        "intelligence_catalog_last_sync_timestamp_seconds",
        "When this instance last synced the catalog (Unix time): alert when it is older than the schedule allows.",
        new GaugeConfiguration { LabelNames = ["service", "catalog"] });

    public static readonly Gauge CatalogUnmappedProviders = Prometheus.Metrics.CreateGauge(
        "intelligence_catalog_unmapped_providers",
        "Providers of the last synced snapshot that the provider map does not know: kept with bloc unknown.",
        new GaugeConfiguration { LabelNames = ["service", "catalog"] });

    public static readonly Histogram CatalogSyncDuration = Prometheus.Metrics.CreateHistogram(
        "intelligence_catalog_sync_duration_seconds",
        "Time a catalog sync took, from the snapshot read to its last commit.",
        new HistogramConfiguration { LabelNames = ["service", "catalog"], Buckets = Histogram.ExponentialBuckets(0.05, 2, 12) });
}
