using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Intelligence.Platform.Metrics;

/// <summary>
/// The counters every web app exports, the gateway's included, and the set-up of prometheus-net they share. Those of
/// the event-sourced services (store, relay, consumers) are Platform's <c>PlatformMetrics</c>.
/// </summary>
public static class WebMetrics
{
    public static readonly Counter RejectedRequests = Prometheus.Metrics.CreateCounter(
        "intelligence_http_rejected_requests_total",
        "Requests refused before reaching an endpoint, by the rule they broke.",
        new CounterConfiguration { LabelNames = ["service", "reason"] });

    /// <summary>The reasons <see cref="RejectedRequests"/> counts: each is the <c>rule</c> of the problem the request got.</summary>
    public static readonly IReadOnlyList<string> RejectionReasons =
        ["api-key-required", "api-key-known", "role-required", "rate-limit", "body-size-limit"];

    private static int _configured;

    /// <summary>Counts a request refused by <paramref name="reason"/> (one of <see cref="RejectionReasons"/>) for the app answering it.</summary>
    public static void CountRejected(HttpContext context, string reason) =>
        RejectedRequests.WithLabels(context.RequestServices.GetService<ServiceIdentity>()?.Name ?? "unknown", reason).Inc();

    /// <summary>
    /// Creates the app's series at zero, so a dashboard shows 0 rather than no data, and <c>increase()</c> sees the
    /// first rejection of a reason.
    /// </summary>
    public static void StartAtZero(string serviceName)
    {
        foreach (var reason in RejectionReasons)
        {
            RejectedRequests.WithLabels(serviceName, reason);
        }
    }

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
