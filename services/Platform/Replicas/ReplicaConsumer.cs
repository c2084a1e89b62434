using Intelligence.Platform.Messaging;
using Marten;
using MassTransit;

namespace Intelligence.Platform.Replicas;

/// <summary>What the messages of one transaction did to one replica row.</summary>
/// <param name="Stored">The row as committed before; null when there was none.</param>
/// <param name="Applied">The row after the transaction's messages, in arrival order.</param>
/// <param name="Changed">Whether any of them changed it.</param>
public sealed record ReplicaChange<TReplica>(string Id, TReplica? Stored, TReplica Applied, bool Changed)
    where TReplica : class;

/// <summary>
/// A consumer that keeps rows of another service's entities (one document an entity) from that service's events, a
/// batch in one transaction. Events of one entity come on several queues (a queue a type), in concurrent batches
/// and on several instances, and each consumer reads the row, changes its part and stores the whole row back. Why
/// the lock: without one, the last to commit writes over what the others committed after it read (a lost update,
/// which the replica's versions cannot undo: the lost change is simply gone). So the rows are read only once
/// <see cref="LockAsync"/> holds the locks that cover them, to the commit; each read-apply-store is then whole,
/// and the versions the replica keeps make the order of arrival irrelevant.
/// </summary>
/// <remarks>
/// Why a lock rather than a version check on the row (Marten's optimistic concurrency) and a retry: the loser waits
/// for a commit of milliseconds instead of failing its whole batch, which the consumer then applies again message by
/// message before MassTransit retries it. Why not changes that commute (each event patching the fields it owns): which
/// event's card or access holds depends on the versions already stored, so a change must read the row.
/// </remarks>
public abstract class ReplicaConsumer<TMessage, TReplica>(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : IdempotentConsumer<TMessage>(store, service, clock)
    where TMessage : class
    where TReplica : class
{
    protected abstract string IdOf(TMessage message);

    protected abstract string IdOf(TReplica replica);

    /// <summary>The row of an entity no event has reached yet.</summary>
    protected abstract TReplica Empty(string id);

    /// <summary>The row after <paramref name="message"/>: pure, and equal to <paramref name="replica"/> when it changes nothing.</summary>
    protected abstract TReplica Apply(TReplica replica, TMessage message);

    /// <summary>
    /// Begins the session's transaction holding, to its commit, locks that cover the rows of <paramref name="ids"/>
    /// against every other writer of them (<see cref="ReplicaLocks.HoldEachAsync"/>, or a wider lock).
    /// </summary>
    protected abstract Task LockAsync(IDocumentSession session, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Stores the rows (and whatever follows from their change) through <paramref name="session"/>; does not save it.</summary>
    protected abstract Task StoreAsync(IDocumentSession session, IReadOnlyList<ReplicaChange<TReplica>> changes, CancellationToken cancellationToken);

    protected sealed override Task Handle(TMessage message, IDocumentSession session, CancellationToken cancellationToken) =>
        ApplyAsync([message], session, cancellationToken);

    protected sealed override Task HandleMany(IReadOnlyList<ConsumeContext<TMessage>> messages, IDocumentSession session, CancellationToken cancellationToken) =>
        ApplyAsync([.. messages.Select(context => context.Message)], session, cancellationToken);

    private async Task ApplyAsync(IReadOnlyList<TMessage> messages, IDocumentSession session, CancellationToken cancellationToken)
    {
        string[] ids = [.. messages.Select(IdOf).Distinct(StringComparer.Ordinal)];
        await LockAsync(session, ids, cancellationToken);
        var stored = (await session.LoadManyAsync<TReplica>(cancellationToken, ids)).ToDictionary(IdOf, StringComparer.Ordinal);
        var applied = new Dictionary<string, (TReplica Row, bool Changed)>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var id = IdOf(message);
            var (current, changed) = applied.TryGetValue(id, out var held) ? held : (stored.GetValueOrDefault(id) ?? Empty(id), false);
            var next = Apply(current, message);
            applied[id] = (next, changed || !Equals(next, current));
        }

        await StoreAsync(
            session,
            [.. ids.Select(id => new ReplicaChange<TReplica>(id, stored.GetValueOrDefault(id), applied[id].Row, applied[id].Changed))],
            cancellationToken);
    }
}
