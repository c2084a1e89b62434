using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Intelligence.Platform.Tracing;

/// <summary>
/// What an event-sourced service adds to the web apps' <see cref="Telemetry"/>: the spans (and, with an OTLP endpoint,
/// the meters) of Npgsql, Marten and MassTransit, and a sampler that leaves out the projection daemon's polling.
/// </summary>
public static class StoreTelemetry
{
    /// <summary>The sources of the libraries the services use, by the names they publish under.</summary>
    public static readonly string[] LibrarySources = ["Marten", "MassTransit", "Npgsql"];

    /// <summary>Adds to the tracer (and meter) provider that <see cref="Telemetry.AddTelemetry"/> set up.</summary>
    public static WebApplicationBuilder AddStoreTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_TRACES_SAMPLER"]))
                {
                    tracing.SetSampler(new ParentBasedSampler(new PollingLeftOut()));
                }

                tracing.AddSource(LibrarySources);
            });

        // Metrics go over OTLP only to a collector that was named, as in Telemetry.
        if (Telemetry.ExportsOverOtlp(builder.Configuration))
        {
            telemetry.WithMetrics(metrics => metrics.AddMeter(LibrarySources));
        }

        return builder;
    }

    /// <summary>
    /// Every trace is kept but the projection daemon's polling for new events: a root span each service makes every
    /// second or so, with a statement or two under it, that tells an operator nothing a metric does not. Spans under a
    /// request, a relayed page or a message are decided by their parent, as the default sampler does.
    /// </summary>
    private sealed class PollingLeftOut : Sampler
    {
        private const string HighWaterMarkPolling = "marten.daemon.highwatermark";

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(samplingParameters.Name == HighWaterMarkPolling ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
