using System.Net.Sockets;
using Npgsql;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// Failures that say the database could not be reached or went away mid-command (restart, failover, network), as
/// opposed to a command it refused. Nothing was stored by the failed command, and the same command can succeed later:
/// a request gets a <c>503</c>, a consumer waits and retries instead of sending the message to its error queue.
/// </summary>
public static class StoreUnavailable
{
    /// <summary>
    /// SQL states of a server shutting down or refusing connections for now: <c>57P01</c> admin shutdown, <c>57P02</c>
    /// crash shutdown, <c>57P03</c> cannot connect now, <c>53300</c> too many connections; class <c>08</c> is connection
    /// exceptions.
    /// </summary>
    private static readonly HashSet<string> UnavailableStates = ["57P01", "57P02", "57P03", "53300"];

    /// <summary>True when <paramref name="exception"/> or any exception inside it is such a failure (Marten wraps Npgsql's).</summary>
    public static bool Is(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres when UnavailableStates.Contains(postgres.SqlState) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return true;
                case PostgresException:
                    // Any other state is the server refusing this command: retrying will not help.
                    return false;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
