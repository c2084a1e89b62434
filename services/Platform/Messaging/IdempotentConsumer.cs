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
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; it cannot be de-duplicated.");
        var consumer = GetType().Name;
        var markerId = $"{consumer}/{messageId:N}";

        // Facts this message causes carry the correlation id of the request that caused the message.
        using var correlation = CorrelationId.Begin(context.Headers.Get<string>(CorrelationId.Header));
        await using var session = store.CorrelatedSession();
        if (await session.LoadAsync<HandledMessage>(markerId, context.CancellationToken) is not null)
        {
            Count(context, "duplicate");
            return;
        }

        await Handle(context.Message, session, context.CancellationToken);
        session.Insert(new HandledMessage(markerId, consumer, messageId, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
            Count(context, "handled");
        }
        catch (DocumentAlreadyExistsException)
        {
            // A concurrent delivery of the same message committed first; ours rolled back whole.
            Count(context, "duplicate");
        }
    }

    /// <summary>Apply the message to the store through <paramref name="session"/>; do not save it.</summary>
    protected abstract Task Handle(TMessage message, IDocumentSession session, CancellationToken cancellationToken);

    private void Count(ConsumeContext<TMessage> context, string outcome) =>
        PlatformMetrics.MessagesConsumed.WithLabels(service.Name, typeof(TMessage).Name, outcome).Inc();
}
