using Marten;

namespace Intelligence.Platform.Replicas;

/// <summary>
/// PostgreSQL advisory locks held to the commit of a session's transaction, for the writers of replica rows
/// (<see cref="ReplicaConsumer{TMessage, TReplica}"/>) and for the writes that read them. Advisory locks are per
/// database, so each service's names are its own.
/// </summary>
public static class ReplicaLocks
{
    /// <summary>
    /// Begins the session's transaction holding exclusively the lock of each of <paramref name="ids"/> in
    /// <paramref name="scope"/> (<c>{scope}/{id}</c>): writers of the same rows take turns, writers of other rows do not wait.
    /// </summary>
    public static Task HoldEachAsync(IDocumentSession session, string scope, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        TakeEachAsync(session, "pg_advisory_xact_lock", scope, ids, cancellationToken);

    /// <summary>
    /// Begins the session's transaction holding shared the lock of each of <paramref name="ids"/> in
    /// <paramref name="scope"/>: for a write whose own rows are derived from those replica rows. Why: a writer of the
    /// rows (who holds them exclusively, <see cref="HoldEachAsync"/>) then either commits before this transaction
    /// reads them, or waits until it commits, and so sees what it derived. Readers do not wait for each other.
    /// </summary>
    /// <remarks>
    /// Only what the session reads after this call is covered: call it before the reads (an inline projection reads
    /// in <c>SaveChangesAsync</c>, inside the transaction begun here). Call it once a transaction, with every id, so the
    /// locks are taken in the one order every taker uses.
    /// </remarks>
    public static Task ShareEachAsync(IDocumentSession session, string scope, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        TakeEachAsync(session, "pg_advisory_xact_lock_shared", scope, ids, cancellationToken);

    private static async Task TakeEachAsync(IDocumentSession session, string function, string scope, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        string[] names = [.. ids.Select(id => $"{scope}/{id}")];
        await session.BeginTransactionAsync(cancellationToken);
        if (names.Length == 0)
        {
            return;
        }

        // Every transaction takes its locks in the order of their keys, shared or exclusive: two that share rows wait
        // for each other and never deadlock. The sorted subquery is not flattened, so the locks are taken one row at a
        // time in that order.
        await session.QueryAsync<int>(
            $"""
            select 1
            from (select distinct hashtextextended(name, 0) as key from unnest(?) as name order by key) as ordered,
                lateral {function}(ordered.key)
            """,
            cancellationToken,
            (object)names); // one parameter, the array: a string[] passed bare would be taken for the parameter list itself
    }
}
