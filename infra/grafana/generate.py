#!/usr/bin/env python3
"""Writes the Grafana dashboards of infra/grafana/dashboards/ from one description, so the four service dashboards
share one template and every panel the same datasource, units and layout.

    python3 infra/grafana/generate.py           # writes dashboards/*.json
    python3 infra/grafana/generate.py --check   # exit 1 when a committed file differs from what this writes

Edit this file, run it, commit both. tests/Deployment.Tests runs the check. Metric names come from docs/metrics.md
(and RabbitMQ's rabbitmq_prometheus plugin): the tests check every name a query selects against that catalogue.
"""

import json
import sys
from pathlib import Path

DASHBOARDS = Path(__file__).resolve().parent / "dashboards"
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
RATE = "$__rate_interval"

# Imports last as long as their file and the event stream stays open: latency panels and alerts leave them out.
ORDINARY_ENDPOINTS = 'endpoint!~".*import.*|/api/events/stream"'

# The services, their ports, and whether they consume other services' integration events (their queues are
# named <service>-<message>, MassTransit's kebab-case endpoints with the service as prefix).
SERVICES = {
    "releases": {"title": "Releases", "consumes": False,
                 "what": "the model catalogue: releases, access changes, corrections, retirements"},
    "pricing": {"title": "Pricing", "consumes": True,
                "what": "prices of offerings over time, cuts, free tiers and FX rates; consumes releases' events"},
    "regulation": {"title": "Regulation", "consumes": False,
                   "what": "regulatory measures and their lifecycle by jurisdiction"},
    "adoption": {"title": "Adoption", "consumes": True,
                 "what": "adoption observations, series and milestones; consumes releases' events"},
}


class Layout:
    """Numbers panels and places them two (or more) to a line, rows spanning the width."""

    def __init__(self):
        self.next_id = 1
        self.y = 0
        self.x = 0
        self.line_height = 0

    def id(self):
        value = self.next_id
        self.next_id += 1
        return value

    def place(self, width, height):
        if self.x + width > 24:
            self.new_line()
        position = {"h": height, "w": width, "x": self.x, "y": self.y}
        self.x += width
        self.line_height = max(self.line_height, height)
        return position

    def new_line(self):
        self.y += self.line_height
        self.x = 0
        self.line_height = 0


def target(expr, legend, ref):
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend, "range": True, "refId": ref}


def targets(queries):
    return [target(expr, legend, chr(ord("A") + i)) for i, (expr, legend) in enumerate(queries)]


def timeseries(title, description, queries, unit, width=12, height=8, stack=False):
    """A time series panel: queries are (expr, legend) pairs."""
    custom = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never", "spanNulls": False}
    if stack:
        custom["stacking"] = {"mode": "normal", "group": "A"}
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "targets": targets(queries),
        "fieldConfig": {"defaults": {"unit": unit, "min": 0, "custom": custom}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
        "_size": (width, height),
    }


def up_stat(title, description, expr, legend, width=24, height=4):
    """A stat panel per series showing UP or DOWN (1 or 0)."""
    return {
        "type": "stat",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "targets": [{**target(expr, legend, "A"), "instant": True, "range": False}],
        "fieldConfig": {
            "defaults": {
                "unit": "short",
                "mappings": [{"type": "value", "options": {
                    "0": {"text": "DOWN", "color": "red", "index": 0},
                    "1": {"text": "UP", "color": "green", "index": 1}}}],
                "thresholds": {"mode": "absolute", "steps": [{"color": "red", "value": None},
                                                             {"color": "green", "value": 1}]},
            },
            "overrides": [],
        },
        "options": {"colorMode": "background", "graphMode": "none", "justifyMode": "center", "textMode": "value_and_name",
                    "orientation": "auto", "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}},
        "_size": (width, height),
    }


def row(title, panels, collapsed=False):
    return {"_row": title, "_panels": panels, "_collapsed": collapsed}


def dashboard(uid, title, description, rows):
    layout = Layout()
    panels = []
    for item in rows:
        layout.new_line()
        row_panel = {"type": "row", "title": item["_row"], "id": layout.id(), "collapsed": item["_collapsed"],
                     "gridPos": layout.place(24, 1), "panels": []}
        panels.append(row_panel)
        layout.new_line()
        for panel in item["_panels"]:
            width, height = panel.pop("_size")
            placed = {"id": layout.id(), "gridPos": layout.place(width, height), **panel}
            # A collapsed row carries its panels; an open row is followed by them.
            (row_panel["panels"] if item["_collapsed"] else panels).append(placed)
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["intelligence"],
        "timezone": "browser",
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "graphTooltip": 1,
        "refresh": "30s",
        "time": {"from": "now-1h", "to": "now"},
        "links": [{"type": "dashboards", "title": "Intelligence", "tags": ["intelligence"], "asDropdown": True,
                   "includeVars": False, "keepTime": True}],
        "templating": {"list": []},
        "annotations": {"list": []},
        "panels": panels,
    }


def rate(metric, matchers=""):
    return f"rate({metric}{{{matchers}}}[{RATE}])" if matchers else f"rate({metric}[{RATE}])"


def p99(bucket, by, matchers=""):
    return f"histogram_quantile(0.99, sum by ({by}, le) ({rate(bucket, matchers)}))"


# ---- panels shared by several dashboards ----------------------------------------------------------------------

def http_row(job, title="HTTP"):
    on_job = f'job="{job}"'
    on_job_5xx = f'{on_job}, code=~"5.."'
    on_service = f'service="{job}"'
    return row(title, [
        timeseries("Requests per second by endpoint", f"Requests {job} answered, by route pattern (all status codes).",
                   [(f"sum by (endpoint) ({rate('http_requests_received_total', on_job)})", "{{endpoint}}")], "reqps"),
        timeseries("Responses per second by status code", "Every answer by status code: 4xx are refusals of bad "
                   "input, 5xx are faults.",
                   [(f"sum by (code) ({rate('http_requests_received_total', on_job)})", "{{code}}")], "reqps",
                   stack=True),
        timeseries("5xx per second by endpoint", "Faults by route pattern and status code; none is the normal state.",
                   [(f"sum by (endpoint, code) ({rate('http_requests_received_total', on_job_5xx)})",
                     "{{code}} {{endpoint}}")], "reqps"),
        timeseries("p99 latency by endpoint", "99th percentile of the time to answer, from the outermost middleware. "
                   "Imports and the event stream are long by nature and left out here (they have their own lines in "
                   "the requests panel).",
                   [(p99("http_request_duration_seconds_bucket", "endpoint", f"{on_job}, {ORDINARY_ENDPOINTS}"),
                     "{{endpoint}}")], "s"),
        timeseries("Requests in progress by endpoint", "Requests being answered now (open event streams included).",
                   [(f'sum by (endpoint) (http_requests_in_progress{{{on_job}}})', "{{endpoint}}")], "short"),
        timeseries("Rejected requests by reason", "Requests refused before an endpoint: missing or unknown API key "
                   "(401), role (403), rate limit (429), body size (413).",
                   [(f"sum by (reason) ({rate('intelligence_http_rejected_requests_total', on_service)})",
                     "{{reason}}")], "reqps"),
    ])


def process_row(job):
    on_job = f'job="{job}"'
    return row("Process", [
        timeseries("Memory", "Working set of the process and the managed heap, per instance.",
                   [(f"process_working_set_bytes{{{on_job}}}", "working set {{instance}}"),
                    (f"dotnet_total_memory_bytes{{{on_job}}}", "managed heap {{instance}}")], "bytes", width=8),
        timeseries("CPU", "CPU time used per second, per instance: 1 is one core busy.",
                   [(rate("process_cpu_seconds_total", on_job), "{{instance}}")], "short", width=8),
        timeseries("GC collections per second", "Garbage collections by generation.",
                   [(f"sum by (generation) ({rate('dotnet_collection_count_total', on_job)})", "gen {{generation}}")],
                   "short", width=8),
    ], collapsed=True)


# ---- dashboards ------------------------------------------------------------------------------------------------

def overview():
    errors = 'code=~"5.."'
    return dashboard("intelligence-overview", "Intelligence / Overview",
                     "The whole system at a glance: targets up, HTTP traffic, errors and latency per app, events "
                     "appended, the relay and consumers, error queues and degraded answers.", [
        row("Targets", [
            up_stat("Up", "Whether Prometheus reached each scrape job's /metrics at its last scrape.",
                    "min by (job) (up)", "{{job}}"),
        ]),
        row("HTTP", [
            timeseries("Requests per second by app", "Requests each app answered.",
                       [(f"sum by (job) ({rate('http_requests_received_total')})", "{{job}}")], "reqps", width=8),
            timeseries("5xx share by app", "Share of answers that are 5xx; the HighErrorRate alert fires above 5%.",
                       [(f"sum by (job) ({rate('http_requests_received_total', errors)}) / "
                         f"sum by (job) ({rate('http_requests_received_total')})", "{{job}}")], "percentunit", width=8),
            timeseries("p99 latency by app", "99th percentile of the time to answer, imports and the event stream "
                       "left out; the HighLatencyP99 alert fires above 1 s.",
                       [(p99("http_request_duration_seconds_bucket", "job", ORDINARY_ENDPOINTS), "{{job}}")], "s",
                       width=8),
            timeseries("Rejected requests by app and reason", "Refused before an endpoint: API key, role, rate "
                       "limit, body size.",
                       [(f"sum by (service, reason) ({rate('intelligence_http_rejected_requests_total')})",
                         "{{service}} {{reason}}")], "reqps"),
            timeseries("Degraded composed answers", "Composed answers of the gateway that left out a service's part, "
                       "by endpoint and missing service.",
                       [(f"sum by (endpoint, service) ({rate('intelligence_gateway_degraded_answers_total')})",
                         "{{endpoint}} without {{service}}")], "short"),
        ]),
        row("Events and messaging", [
            timeseries("Events appended per second by service", "Domain events committed to each service's store.",
                       [(f"sum by (service) ({rate('intelligence_events_appended_total')})", "{{service}}")], "short",
                       width=8),
            timeseries("Relay lag by service", "Age of the oldest event not yet published to RabbitMQ; 0 when "
                       "caught up. The RelayLagHigh alert fires above 60 s.",
                       [("max by (service) (intelligence_relay_lag_seconds)", "{{service}}")], "s", width=8),
            timeseries("Projection lag by service", "Age of the oldest event an asynchronous projection has not "
                       "applied, the worst projection of each service.",
                       [("max by (service) (intelligence_projection_lag_seconds)", "{{service}}")], "s", width=8),
            timeseries("Consumer failures per second by service", "Delivery attempts whose handler threw (retries "
                       "count too).",
                       [(f"sum by (service) ({rate('intelligence_consumer_messages_failed_total')})", "{{service}}")],
                       "short", width=8),
            timeseries("Messages in error queues", "Messages in RabbitMQ's *_error queues: handlers gave up on them. "
                       "The MessagesInErrorQueue alert fires on any.",
                       [('sum by (queue) (rabbitmq_detailed_queue_messages_ready{queue=~".+_error"})', "{{queue}}")],
                       "short", width=8),
            timeseries("Daemon leader by service", "1 when an instance of the service runs the relay and the "
                       "asynchronous projections; the NoDaemonLeader alert fires on 0.",
                       [("max by (service) (intelligence_async_daemon_leader)", "{{service}}")], "short", width=8),
        ]),
    ])


def service_dashboard(name, info):
    on_service = f'service="{name}"'
    rows = [
        row("Health", [
            up_stat("Up", f"Whether Prometheus reached each {name} instance's /metrics.",
                    f'up{{job="{name}"}}', "{{instance}}", width=12),
            timeseries("Daemon leader by instance", "1 on the instance that runs the relay and the asynchronous "
                       "projections (hot/cold: one at a time).",
                       [(f"intelligence_async_daemon_leader{{{on_service}}}", "{{instance}}")], "short", height=4),
        ]),
        http_row(name),
        row("Event store and relay", [
            timeseries("Events appended per second by type", "Domain events committed to the store.",
                       [(f"sum by (event_type) ({rate('intelligence_events_appended_total', on_service)})",
                         "{{event_type}}")], "short", stack=True),
            timeseries("High-water mark and relay position", "Highest event sequence number readers can see, and "
                       "the highest the relay has published: the gap is the relay's lag in events.",
                       [(f"max(intelligence_store_high_water_mark{{{on_service}}})", "high-water mark"),
                        (f"max(intelligence_relay_position{{{on_service}}})", "relay position")], "short"),
            timeseries("Integration events published per second by type", "Published to RabbitMQ and confirmed by it.",
                       [(f"sum by (message_type) ({rate('intelligence_relay_events_published_total', on_service)})",
                         "{{message_type}}")], "short", width=8, stack=True),
            timeseries("Relay publish failures per second", "Pages of events the relay failed to publish (it "
                       "retries them); the RelayPublishFailing alert fires when they go on for 5 minutes.",
                       [(f"sum({rate('intelligence_relay_publish_failures_total', on_service)})", "failures")], "short",
                       width=8),
            timeseries("Relay lag", "Age of the oldest event not yet published; 0 when caught up. The RelayLagHigh "
                       "alert fires above 60 s (or 1000 events).",
                       [(f"max(intelligence_relay_lag_seconds{{{on_service}}})", "seconds")], "s", width=8),
            timeseries("Relay lag in events", "Events committed but not yet published.",
                       [(f"max(intelligence_relay_lag_events{{{on_service}}})", "events")], "short", width=8),
        ]),
        row("Projections", [
            timeseries("Projection lag by projection", "Age of the oldest event each asynchronous projection has "
                       "not applied; the ProjectionStalled alert fires above 5 minutes.",
                       [(f"max by (projection) (intelligence_projection_lag_seconds{{{on_service}}})", "{{projection}}")],
                       "s"),
            timeseries("Projection lag in events by projection", "High-water mark minus the projection's position.",
                       [(f"max by (projection) (intelligence_projection_lag_events{{{on_service}}})", "{{projection}}")],
                       "short"),
        ]),
    ]
    if info["consumes"]:
        rows.append(row("Consumers", [
            timeseries("Messages consumed per second by type and outcome", "handled, or duplicate (already handled, "
                       "dropped by message id).",
                       [(f"sum by (message_type, outcome) ({rate('intelligence_consumer_messages_consumed_total', on_service)})",
                         "{{message_type}} {{outcome}}")], "short"),
            timeseries("Failed and retried deliveries per second by type", "Attempts whose handler threw, and "
                       "attempts that were retries of an earlier failure.",
                       [(f"sum by (message_type) ({rate('intelligence_consumer_messages_failed_total', on_service)})",
                         "failed {{message_type}}"),
                        (f"sum by (message_type) ({rate('intelligence_consumer_messages_retried_total', on_service)})",
                         "retried {{message_type}}")], "short"),
            timeseries("Handling p99 by type", "99th percentile of the time a handler took, success or failure.",
                       [(p99("intelligence_consumer_handling_duration_seconds_bucket", "message_type", on_service),
                         "{{message_type}}")], "s"),
            timeseries("Error queues", f"Messages waiting in {name}'s *_error queues, and messages moved there per "
                       "second. Anything here needs an operator (see the MessagesInErrorQueue alert).",
                       [(f'sum by (queue) (rabbitmq_detailed_queue_messages_ready{{queue=~"{name}-.+_error"}})',
                         "waiting in {{queue}}"),
                        (f"sum by (queue) ({rate('intelligence_consumer_error_queue_messages_total', on_service)})",
                         "moved from {{queue}}")], "short"),
        ]))
    rows.append(row("Imports", [
        timeseries("Imported rows per second by outcome", "Rows of CSV imports: accepted, corrected, unchanged, "
                   "rejected.",
                   [(f"sum by (outcome) ({rate('intelligence_import_rows_total', on_service)})", "{{outcome}}")],
                   "short", width=24, stack=True),
    ]))
    rows.append(process_row(name))
    return dashboard(f"intelligence-{name}", f"Intelligence / {info['title']}",
                     f"The {name} service: {info['what']}. HTTP by endpoint, events appended, the relay, projections"
                     + (", consumers" if info["consumes"] else "") + ", imports and the process.", rows)


def gateway():
    on_gateway_429 = 'job="gateway", code="429"'
    return dashboard("intelligence-gateway", "Intelligence / Gateway",
                     "The YARP gateway: its own HTTP answers, calls to the services (proxied and composed), composed "
                     "read models, degraded answers, refusals and the event feed.", [
        http_row("gateway"),
        row("Limits", [
            timeseries("429 answers per second", "Requests refused by the rate limits.",
                       [(f"sum({rate('http_requests_received_total', on_gateway_429)})", "429")], "reqps"),
            timeseries("Rejected requests by reason, every app", "Refusals before an endpoint, at the gateway and "
                       "at each service.",
                       [(f"sum by (service, reason) ({rate('intelligence_http_rejected_requests_total')})",
                         "{{service}} {{reason}}")], "reqps"),
        ]),
        row("Upstream services", [
            timeseries("Upstream calls per second by service and caller", "Calls from the gateway to each service: "
                       "proxy (routed requests), composition (parts of composed read models), event-feed.",
                       [(f"sum by (service, caller) ({rate('intelligence_gateway_upstream_request_duration_seconds_count')})",
                         "{{service}} {{caller}}")], "reqps", width=8),
            timeseries("Upstream p99 latency by service and caller", "99th percentile of the gateway's calls to "
                       "each service.",
                       [(p99("intelligence_gateway_upstream_request_duration_seconds_bucket", "service, caller"),
                         "{{service}} {{caller}}")], "s", width=8),
            timeseries("Upstream failures per second by service and reason", "Calls without a usable answer: "
                       "unreachable, timeout, status (5xx, or 4xx for a composed part), no-destination.",
                       [(f"sum by (service, caller, reason) ({rate('intelligence_gateway_upstream_failures_total')})",
                         "{{service}} {{caller}} {{reason}}")], "reqps", width=8),
        ]),
        row("Composed read models", [
            timeseries("Composed requests per second by endpoint", "model-dossier, landscape, timeline, disruption.",
                       [(f"sum by (endpoint) ({rate('intelligence_gateway_composed_request_duration_seconds_count')})",
                         "{{endpoint}}")], "reqps", width=8),
            timeseries("Composed p99 latency by endpoint", "99th percentile of the whole composed answer.",
                       [(p99("intelligence_gateway_composed_request_duration_seconds_bucket", "endpoint"),
                         "{{endpoint}}")], "s", width=8),
            timeseries("Degraded answers per second", "Composed answers that left out a service's part, by endpoint "
                       "and the service missing.",
                       [(f"sum by (endpoint, service) ({rate('intelligence_gateway_degraded_answers_total')})",
                         "{{endpoint}} without {{service}}")], "short", width=8),
            timeseries("Kept answers per second by endpoint and outcome", "revalidated: every part answered 304 and "
                       "the kept answer went out; kept: composed and kept; not-kept: a part missing or untagged.",
                       [(f"sum by (endpoint, outcome) ({rate('intelligence_gateway_kept_answers_total')})",
                         "{{endpoint}} {{outcome}}")], "reqps", width=8),
            timeseries("Part answers per second by service and outcome", "Service answers the composed reads asked "
                       "for: revalidated (304, no read), changed (read again under a new tag), untagged.",
                       [(f"sum by (service, outcome) ({rate('intelligence_gateway_part_cache_total')})",
                         "{{service}} {{outcome}}")], "reqps", width=8),
        ]),
        row("Event feed", [
            timeseries("Event streams open", "Live server-sent event streams held by the gateway.",
                       [("sum(intelligence_gateway_event_streams_open)", "open streams")], "short", width=8),
            timeseries("Stream wake-ups per second", "Broker notifications that woke the live streams.",
                       [(f"sum({rate('intelligence_gateway_event_stream_wakeups_total')})", "wake-ups")], "short",
                       width=8),
            timeseries("Feed reads missing a service", "Merged-feed reads that left a service out of a page.",
                       [(f"sum by (service) ({rate('intelligence_gateway_event_feed_degraded_total')})", "{{service}}")],
                       "short", width=8),
        ]),
        process_row("gateway"),
    ])


def messaging():
    return dashboard("intelligence-messaging", "Intelligence / Messaging",
                     "Integration events from store to broker to consumers: the relay of each service, the consumers, "
                     "RabbitMQ's queues (error queues first) and the broker's node totals.", [
        row("Relay", [
            timeseries("Relay lag by service", "Age of the oldest event not yet published; 0 when caught up.",
                       [("max by (service) (intelligence_relay_lag_seconds)", "{{service}}")], "s"),
            timeseries("Relay lag in events by service", "Events committed but not yet published.",
                       [("max by (service) (intelligence_relay_lag_events)", "{{service}}")], "short"),
            timeseries("Published per second by service", "Integration events published and confirmed by RabbitMQ.",
                       [(f"sum by (service) ({rate('intelligence_relay_events_published_total')})", "{{service}}")],
                       "short", stack=True),
            timeseries("Publish failures per second by service", "Pages of events the relay failed to publish.",
                       [(f"sum by (service) ({rate('intelligence_relay_publish_failures_total')})", "{{service}}")],
                       "short"),
        ]),
        row("Consumers", [
            timeseries("Consumed per second by service and outcome", "handled or duplicate.",
                       [(f"sum by (service, outcome) ({rate('intelligence_consumer_messages_consumed_total')})",
                         "{{service}} {{outcome}}")], "short"),
            timeseries("Failed and retried deliveries per second by service", "Handler exceptions and retries.",
                       [(f"sum by (service) ({rate('intelligence_consumer_messages_failed_total')})", "failed {{service}}"),
                        (f"sum by (service) ({rate('intelligence_consumer_messages_retried_total')})",
                         "retried {{service}}")], "short"),
            timeseries("Handling p99 by service", "99th percentile of the time a handler took.",
                       [(p99("intelligence_consumer_handling_duration_seconds_bucket", "service"), "{{service}}")], "s"),
            timeseries("Moved to error queues per second", "Messages the consumers gave up on, by source queue.",
                       [(f"sum by (service, queue) ({rate('intelligence_consumer_error_queue_messages_total')})",
                         "{{service}} {{queue}}")], "short"),
        ]),
        row("Queues", [
            timeseries("Messages in error queues", "Messages waiting in *_error queues: each needs an operator.",
                       [('sum by (vhost, queue) (rabbitmq_detailed_queue_messages_ready{queue=~".+_error"})',
                         "{{vhost}} {{queue}}")], "short", width=8),
            timeseries("Ready messages by queue", "Messages waiting for a consumer, per queue.",
                       [("sum by (vhost, queue) (rabbitmq_detailed_queue_messages_ready)", "{{vhost}} {{queue}}")],
                       "short", width=8),
            timeseries("Unacknowledged messages by queue", "Messages delivered and being handled, per queue.",
                       [("sum by (vhost, queue) (rabbitmq_detailed_queue_messages_unacked)", "{{vhost}} {{queue}}")],
                       "short", width=8),
        ]),
        row("RabbitMQ node", [
            up_stat("Broker up", "Whether Prometheus reached RabbitMQ's metrics (node totals and per queue).",
                    'up{job=~"rabbitmq.*"}', "{{job}}", width=24, height=3),
            timeseries("Messages in all queues", "Ready and unacknowledged messages, summed over every queue.",
                       [("sum(rabbitmq_queue_messages_ready)", "ready"),
                        ("sum(rabbitmq_queue_messages_unacked)", "unacked")], "short", width=8),
            timeseries("Messages per second", "Received by the broker, routed to queues, delivered to consumers.",
                       [(f"sum({rate('rabbitmq_global_messages_received_total')})", "received"),
                        (f"sum({rate('rabbitmq_global_messages_routed_total')})", "routed"),
                        (f"sum({rate('rabbitmq_global_messages_delivered_total')})", "delivered")], "short", width=8),
            timeseries("Connections, channels, consumers, queues", "The apps each hold a connection; consumers are "
                       "their queue subscriptions.",
                       [("sum(rabbitmq_connections)", "connections"), ("sum(rabbitmq_channels)", "channels"),
                        ("sum(rabbitmq_consumers)", "consumers"), ("sum(rabbitmq_queues)", "queues")], "short",
                       width=8),
            timeseries("Broker memory", "Resident memory and the limit at which RabbitMQ blocks publishers.",
                       [("sum(rabbitmq_process_resident_memory_bytes)", "resident"),
                        ("sum(rabbitmq_resident_memory_limit_bytes)", "limit")], "bytes"),
            timeseries("Resource alarms", "1 while a memory or disk alarm blocks publishers (the relays then lag).",
                       [("max(rabbitmq_alarms_memory_used_watermark)", "memory"),
                        ("max(rabbitmq_alarms_free_disk_space_watermark)", "disk")], "short"),
        ]),
    ])


def all_dashboards():
    yield "overview.json", overview()
    for name, info in SERVICES.items():
        yield f"{name}.json", service_dashboard(name, info)
    yield "gateway.json", gateway()
    yield "messaging.json", messaging()


def render(board):
    return json.dumps(board, indent=2, ensure_ascii=False) + "\n"


def main(arguments):
    check = "--check" in arguments
    stale = []
    for file_name, board in all_dashboards():
        path = DASHBOARDS / file_name
        text = render(board)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(file_name)
        else:
            DASHBOARDS.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print("Not what infra/grafana/generate.py writes (run it and commit): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
