using System.Diagnostics;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Platform.Metrics;
using Intelligence.Platform.Tracing;
using JasperFx;
using Marten;
using MassTransit;

namespace Intelligence.Platform.Messaging;

/// <summary>A message a consumer has already applied, stored beside the consumer's own writes.</summary>
public sealed record HandledMessage(string Id, string Consumer, Guid MessageId, DateTimeOffset HandledAt);

/// <summary>
/// Base for consumers that write to the service's Marten store. Messages arrive in batches (up to
/// <see cref="IdempotentConsumers.BatchSize"/>, gathered for at most <see cref="IdempotentConsumers.BatchWait"/>), and a
/// batch is applied in one transaction: one commit for many messages, which is what lets a consumer keep up with the
/// relay. Each message's handled-message marker commits in that same transaction, so a redelivered message (the relay
/// is at least once) changes nothing; a copy that arrives in the same batch as the first is dropped by MassTransit's
/// batching before it gets here. Messages are applied in the order the queue delivered them, through a session that
/// sees the batch's own earlier writes; a consumer must still not rely on the order of arrival (the replicas keep
/// versions).
/// </summary>
/// <remarks>
/// When a batch fails, its messages are applied again one transaction each, so one poison message does not hold back
/// the others: those are stored, and the batch fails with the poison message's exception. MassTransit retries it (the
/// stored messages are then duplicates) and at last moves the whole batch to the error queue, where only the poison
/// message is still unapplied.
/// </remarks>
public abstract class IdempotentConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : IConsumer<Batch<TMessage>>
    where TMessage : class
{
    private const string Handled = "handled";
    private const string Duplicate = "duplicate";

    private static readonly string MessageType = typeof(TMessage).Name;

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var messages = context.Message.ToList();
        if (context.GetRetryAttempt() > 0)
        {
            PlatformMetrics.MessagesRetried.WithLabels(service.Name, MessageType).Inc(messages.Count);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            Count(await ApplyAsync(messages, context.CancellationToken));
        }
        catch (Exception exception) when (messages.Count > 1 && !StoreUnavailable.Is(exception) && !context.CancellationToken.IsCancellationRequested)
        {
            // An unreachable store fails every message alike: that goes straight to the retry policy for outages.
            await ApplyOneByOneAsync(messages, context.CancellationToken);
        }
        catch (Exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            PlatformMetrics.MessagesFailed.WithLabels(service.Name, MessageType).Inc();
            throw;
        }
        finally
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var duration = PlatformMetrics.HandlingDuration.WithLabels(service.Name, MessageType);
            foreach (var _ in messages)
            {
                duration.Observe(seconds);
            }
        }
    }

    /// <summary>Apply the message to the store through <paramref name="session"/>; do not save it.</summary>
    protected abstract Task Handle(TMessage message, IDocumentSession session, CancellationToken cancellationToken);

    /// <summary>
    /// Apply messages not handled before, in arrival order, through one session; do not save it. One by one by
    /// default; a consumer overrides it to read what the whole batch needs in a few queries rather than a few a message.
    /// </summary>
    protected virtual async Task HandleMany(IReadOnlyList<ConsumeContext<TMessage>> messages, IDocumentSession session, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            // Facts this message causes carry the correlation id of the request that caused the message.
            using var correlation = CorrelationId.Begin(message.Headers.Get<string>(CorrelationId.Header));
            session.CorrelationId = CorrelationId.Current;
            await Handle(message.Message, session, cancellationToken);
        }
    }

    private async Task ApplyOneByOneAsync(IReadOnlyList<ConsumeContext<TMessage>> messages, CancellationToken cancellationToken)
    {
        Exception? first = null;
        foreach (var message in messages)
        {
            try
            {
                Count(await ApplyAsync([message], cancellationToken));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                PlatformMetrics.MessagesFailed.WithLabels(service.Name, MessageType).Inc();
                if (StoreUnavailable.Is(exception))
                {
                    throw;
                }

                first ??= exception;
            }
        }

        if (first is not null)
        {
            throw new ConsumerBatchException(MessageType, first);
        }
    }

    /// <summary>Applies the messages not handled before in one transaction; returns each message's outcome.</summary>
    private async Task<IReadOnlyList<string>> ApplyAsync(List<ConsumeContext<TMessage>> messages, CancellationToken cancellationToken)
    {
        var consumer = GetType().Name;
        var markers = messages
            .Select(message => $"{consumer}/{(message.MessageId ?? throw new InvalidOperationException($"{MessageType} arrived without a message id; it cannot be de-duplicated.")):N}")
            .ToList();

        // An identity-map session: a message that changes a document an earlier message of the batch changed reads
        // that change, not the stored one.
        await using var session = store.IdentitySession();
        var handledBefore = (await session.LoadManyAsync<HandledMessage>(cancellationToken, markers.Distinct(StringComparer.Ordinal)))
            .Select(marker => marker.Id)
            .ToHashSet(StringComparer.Ordinal);
        var outcomes = new List<string>(messages.Count);
        var fresh = new List<ConsumeContext<TMessage>>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (!handledBefore.Add(markers[i]))
            {
                outcomes.Add(Duplicate);
                continue;
            }

            fresh.Add(messages[i]);
            session.Insert(new HandledMessage(markers[i], consumer, messages[i].MessageId!.Value, clock.GetUtcNow()));
            outcomes.Add(Handled);
        }

        if (fresh.Count > 0)
        {
            // One span a message, each in the trace of the request that caused it, covering the transaction they share.
            var handling = fresh.Select(message => TraceContext.StartHandling(message, MessageType, consumer, service.Name)).ToList();
            try
            {
                await HandleMany(fresh, session, cancellationToken);
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (DocumentAlreadyExistsException) when (messages.Count == 1)
            {
                // A concurrent delivery of the same message committed first; ours rolled back whole.
                handling[0]?.SetTag("messaging.outcome", Duplicate);
                return [Duplicate];
            }
            catch (Exception exception)
            {
                foreach (var span in handling)
                {
                    span?.AddException(exception).SetStatus(ActivityStatusCode.Error);
                }

                throw;
            }
            finally
            {
                foreach (var span in handling)
                {
                    span?.Dispose();
                }
            }
        }

        return outcomes;
    }

    private void Count(IReadOnlyList<string> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            PlatformMetrics.MessagesConsumed.WithLabels(service.Name, MessageType, outcome).Inc();
        }
    }
}

/// <summary>A batch in which some message could not be applied; the others were, one transaction each.</summary>
public sealed class ConsumerBatchException(string messageType, Exception inner)
    : Exception($"A {messageType} of the batch could not be applied: {inner.Message}", inner);

/// <summary>How the idempotent consumers take their messages.</summary>
public static class IdempotentConsumers
{
    /// <summary>The most messages applied in one transaction.</summary>
    public const int BatchSize = 100;

    /// <summary>How long a batch waits for more messages after its first: the latency a quiet queue adds.</summary>
    public static readonly TimeSpan BatchWait = TimeSpan.FromMilliseconds(10);

    /// <summary>Registers an <see cref="IdempotentConsumer{TMessage}"/> with its batching.</summary>
    public static IBusRegistrationConfigurator AddIdempotentConsumer<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
    {
        bus.AddConsumer<TConsumer>(consumer => consumer.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(BatchWait)
            .SetConcurrencyLimit(2)));
        return bus;
    }
}
