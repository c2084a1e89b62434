using Marten;
using Weasel.Postgresql.Tables;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// A document that keeps an answer the store's data already gives (a day cell, a month of an index) or marks one
/// stale: a read writes it and drops it at will, so writing it moves no data version. A mark is written beside the
/// change that made it, and that change moves the version.
/// </summary>
public interface IKeptAnswer;

/// <summary>
/// The version of the data a service's database holds: one row, moved forward in the transaction of every change
/// (<see cref="BeforeSaveChangesAsync"/>), so a read that sees a change sees the version that came with it. The
/// store's own bookkeeping (the async daemon marks its high-water every second, idle or not) and the answers a read
/// keeps (<see cref="IKeptAnswer"/>) move nothing, so an unchanged database keeps its version; the
/// row's epoch, drawn when the row is first written, keeps a wiped database from ever meeting an older version again.
/// Writers take the row's lock for the rest of their transaction: versions follow commit order.
/// </summary>
internal sealed class DataVersionStamp(string schema) : DocumentSessionListenerBase
{
    public const string TableName = "data_version";

    private readonly string _bump =
        $"insert into {schema}.{TableName} as current (id, epoch, version) values (1, gen_random_uuid(), 1) "
        + "on conflict (id) do update set version = current.version + 1";

    public static Table Table(string schema)
    {
        var table = new Table($"{schema}.{TableName}");
        table.AddColumn<int>("id").AsPrimaryKey();
        table.AddColumn<Guid>("epoch").NotNull();
        table.AddColumn<long>("version").NotNull();
        return table;
    }

    /// <summary>
    /// The epoch and version of the data, or <c>empty</c> before the first change, and how far the asynchronous
    /// projections have got: the daemon writes their documents after the change that moved the version, and an
    /// answer read before it caught up must not keep its tag once it has.
    /// </summary>
    public static async Task<string> ReadAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var version = await session.QueryAsync<string>(
            $"select coalesce((select epoch::text || ':' || version from {schema}.{TableName} where id = 1), 'empty') || ':' "
            + $"|| coalesce((select sum(last_seq_id) from {schema}.mt_event_progression where split_part(name, ':', 1) = any(?)), 0)",
            cancellationToken,
            (object)AsyncProjections.NamesOf(session.DocumentStore));
        return version[0];
    }

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var changes = session.PendingChanges;
        if (changes.Streams().Any() || changes.Operations().Any(operation => !typeof(IKeptAnswer).IsAssignableFrom(operation.DocumentType)))
        {
            session.QueueSqlCommand(_bump);
        }

        return Task.CompletedTask;
    }
}
