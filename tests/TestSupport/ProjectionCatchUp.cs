using System.Diagnostics;
using System.Globalization;
using Intelligence.Platform.EventStore;
using Marten;
using Npgsql;

namespace Intelligence.TestSupport;

/// <summary>
/// Waits until a store's asynchronous projections have taken every event stored when the wait began. It waits for
/// the last stored event itself, not for Marten's high-water mark: the daemon moves that mark on its own polling
/// schedule, so just after a write every projection can already stand at it while the write is not projected yet.
/// </summary>
public static class ProjectionCatchUp
{
    /// <summary>How long the wait took (zero for a store that projects everything inline); polled every 20 ms.</summary>
    public static async Task<TimeSpan> WaitAsync(IDocumentStore store, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var waited = Stopwatch.StartNew();
        var projections = AsyncProjections.NamesOf(store);
        if (projections.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var last = new NpgsqlCommand($"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events", connection);
        var stored = Convert.ToInt64(await last.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await using var caughtUp = new NpgsqlCommand(
            $"SELECT count(*) FROM {schema}.mt_event_progression WHERE split_part(name, ':', 1) = any(@projections) AND last_seq_id >= @stored", connection);
        caughtUp.Parameters.AddWithValue("projections", projections);
        caughtUp.Parameters.AddWithValue("stored", stored);
        while (Convert.ToInt64(await caughtUp.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) < projections.Length)
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"The {schema} store's projections ({string.Join(", ", projections)}) had not taken event {stored} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20, cancellationToken);
        }

        return waited.Elapsed;
    }
}
