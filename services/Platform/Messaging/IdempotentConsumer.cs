using System.Diagnostics;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Platform.Metrics;
using JasperFx;
using Marten;
using MassTransit;

namespace Intelligence.Platform.Messaging;

/// <summary>A message a consumer has already applied, stored beside the consumer's own writes.</summary>
public sealed record HandledMessage(string Id, string Consumer, Guid MessageId, DateTimeOffset HandledAt);

/// <summary>
/// Base for consumers that write to the service's Marten store. The handled-message marker commits in the same
/// transaction as the consumer's writes, so a redelivered message (the relay is at least once) changes nothing.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : IConsumer<TMessage>
    where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageType = typeof(TMessage).Name;
        if (context.GetRetryAttempt() > 0)
        {
            PlatformMetrics.MessagesRetried.WithLabels(service.Name, messageType).Inc();
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            Count(await ConsumeOnce(context), messageType);
        }
        catch (Exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            PlatformMetrics.MessagesFailed.WithLabels(service.Name, messageType).Inc();
            throw;
        }
        finally
        {
            PlatformMetrics.HandlingDuration.WithLabels(service.Name, messageType).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Apply the message to the store through <paramref name="session"/>; do not save it.</summary>
    protected abstract Task Handle(TMessage message, IDocumentSession session, CancellationToken cancellationToken);

    /// <returns>The outcome counted: <c>handled</c>, or <c>duplicate</c> for a message already applied.</returns>
    private async Task<string> ConsumeOnce(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; it cannot be de-duplicated.");
        var consumer = GetType().Name;
        var markerId = $"{consumer}/{messageId:N}";

        // Facts this message causes carry the correlation id of the request that caused the message.
        using var correlation = CorrelationId.Begin(context.Headers.Get<string>(CorrelationId.Header));
        await using var session = store.CorrelatedSession();
        if (await session.LoadAsync<HandledMessage>(markerId, context.CancellationToken) is not null)
        {
            return Duplicate;
        }

        await Handle(context.Message, session, context.CancellationToken);
        session.Insert(new HandledMessage(markerId, consumer, messageId, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
            return Handled;
        }
        catch (DocumentAlreadyExistsException)
        {
            // A concurrent delivery of the same message committed first; ours rolled back whole.
            return Duplicate;
        }
    }

    private const string Handled = "handled";
    private const string Duplicate = "duplicate";

    private void Count(string outcome, string messageType) =>
        PlatformMetrics.MessagesConsumed.WithLabels(service.Name, messageType, outcome).Inc();
}
