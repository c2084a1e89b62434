using Marten;

namespace Intelligence.Platform.Replicas;

/// <summary>
/// PostgreSQL advisory locks held to the commit of a session's transaction, for the writers of replica rows
/// (<see cref="ReplicaConsumer{TMessage, TReplica}"/>). Advisory locks are per database, so each service's names are its own.
/// </summary>
public static class ReplicaLocks
{
    /// <summary>
    /// Begins the session's transaction holding exclusively the lock of each of <paramref name="ids"/> in
    /// <paramref name="scope"/> (<c>{scope}/{id}</c>): writers of the same rows take turns, writers of other rows do not wait.
    /// </summary>
    public static async Task HoldEachAsync(IDocumentSession session, string scope, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        string[] names = [.. ids.Select(id => $"{scope}/{id}")];
        await session.BeginTransactionAsync(cancellationToken);
        if (names.Length == 0)
        {
            return;
        }

        // Every transaction takes its locks in the order of their keys: two batches that share rows wait for each
        // other and never deadlock. The sorted subquery is not flattened, so the locks are taken one row at a time in that order.
        await session.QueryAsync<int>(
            """
            select 1
            from (select distinct hashtextextended(name, 0) as key from unnest(?) as name order by key) as ordered,
                lateral pg_advisory_xact_lock(ordered.key)
            """,
            cancellationToken,
            (object)names); // one parameter, the array: a string[] passed bare would be taken for the parameter list itself
    }
}
