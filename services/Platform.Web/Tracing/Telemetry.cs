using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Intelligence.Platform.Tracing;

/// <summary>
/// OpenTelemetry in every app: spans from ASP.NET Core, HttpClient (YARP's forwarding included) and the system's own
/// source, exported over OTLP when the standard <c>OTEL_*</c> variables name an endpoint (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_TRACES_SAMPLER</c>...). An event-sourced service adds Npgsql, Marten and
/// MassTransit, its relay and consumers (Platform's <c>StoreTelemetry</c>); the trace context is kept with each stored
/// event and carried by the relay, so one trace runs from the request through the store and the broker to every
/// consumer (Platform's <c>TraceContext</c>).
/// </summary>
public static class Telemetry
{
    /// <summary>The activity source of the relay and the consumers.</summary>
    public const string SourceName = "Intelligence";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var exporting = ExportsOverOtlp(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(SourceName)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsScrapeOrProbe(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (exporting)
                {
                    tracing.AddOtlpExporter();
                }
            });

        // Prometheus scrapes /metrics (prometheus-net); OTLP metrics go out only to a collector that was named.
        if (exporting)
        {
            telemetry.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Whether an OTLP endpoint is configured, by the variables every OpenTelemetry SDK reads.</summary>
    public static bool ExportsOverOtlp(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);

    /// <summary>Probes and scrapes arrive every few seconds and explain nothing about a request: no spans for them.</summary>
    private static bool IsScrapeOrProbe(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
