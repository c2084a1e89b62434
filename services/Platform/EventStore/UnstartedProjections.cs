using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// Runs before the async daemon starts: an asynchronous projection with no progress yet on a store that already
/// holds events (one that was kept inline before this version, or is new) loses whatever documents it writes, so the
/// daemon projects it from the first event into empty tables, and never counts an event twice on top of what an
/// inline projection counted. Readers see it fill up; the lag shows in <c>/admin/progress</c>.
/// </summary>
/// <remarks>
/// The check and the deletes hold the progress table's lock, so another instance's daemon cannot commit a first
/// page of the projection (its documents and its progress row, in one transaction) between them.
/// </remarks>
internal sealed partial class UnstartedProjections(IDocumentStore store, ILogger<UnstartedProjections> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ((DocumentStore)store).Options;
        var schema = options.Events.DatabaseSchemaName;
        var projections = AsyncProjections.Of(store).ToList();
        if (projections.Count == 0)
        {
            return;
        }

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (await ScalarAsync<bool>(connection, $"select to_regclass('{schema}.mt_event_progression') is null", cancellationToken))
        {
            return; // a store whose schema is not created yet holds no events
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ScalarAsync<int>(connection, $"lock table {schema}.mt_event_progression in exclusive mode; select 1", cancellationToken);
        if (!await ScalarAsync<bool>(connection, $"select exists (select 1 from {schema}.mt_events)", cancellationToken))
        {
            return;
        }

        foreach (var projection in projections)
        {
            var started = await ScalarAsync<bool>(
                connection, $"select exists (select 1 from {schema}.mt_event_progression where split_part(name, ':', 1) = '{projection.Name}')", cancellationToken);
            if (started)
            {
                continue;
            }

            var types = projection.PublishedTypes().ToList();
            foreach (var type in types)
            {
                await ScalarAsync<int>(connection, $"delete from {((IReadOnlyStoreOptions)options).FindOrResolveDocumentType(type).TableName.QualifiedName}; select 0", cancellationToken);
            }

            LogStartingAfresh(projection.Name, string.Join(", ", types.Select(type => type.Name)));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} has no progress on a store that holds events: its documents ({Documents}) are cleared and the async daemon projects it from the first event.")]
    private partial void LogStartingAfresh(string projection, string documents);
}
