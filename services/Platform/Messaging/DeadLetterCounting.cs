using Intelligence.Platform.Metrics;
using MassTransit;
using Prometheus;

namespace Intelligence.Platform.Messaging;

/// <summary>
/// Counts the messages a receive endpoint gives up on, as MassTransit moves them to the queue's <c>_error</c> queue
/// (retries ran out, or the message could not be read) or <c>_skipped</c> queue (no consumer takes its type).
/// An operator learns of a poison message from the metric and the alert on it, not by browsing queues.
/// </summary>
public static class DeadLetterCounting
{
    public static void CountDeadLetters(this IReceiveEndpointConfigurator endpoint, string service, string queue)
    {
        // Configuring either pipe replaces MassTransit's defaults, so they are put back behind the counters.
        endpoint.ConfigureError(error => error.UseFilter(new CountingFilter<ExceptionReceiveContext>(
            PlatformMetrics.MessagesToErrorQueue.WithLabels(service, queue), "count-error-queue")));
        endpoint.ConfigureDefaultErrorTransport();
        endpoint.ConfigureDeadLetter(skipped => skipped.UseFilter(new CountingFilter<ReceiveContext>(
            PlatformMetrics.MessagesSkipped.WithLabels(service, queue), "count-skipped-queue")));
        endpoint.ConfigureDefaultDeadLetterTransport();
    }

    /// <summary>Counts a message once the filters after it (the ones that move it) have succeeded.</summary>
    private sealed class CountingFilter<TContext>(Counter.Child counter, string scope) : IFilter<TContext>
        where TContext : class, PipeContext
    {
        public async Task Send(TContext context, IPipe<TContext> next)
        {
            await next.Send(context);
            counter.Inc();
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope(scope);
    }
}
