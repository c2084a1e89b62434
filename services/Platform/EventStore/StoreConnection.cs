using System.Data.Common;
using Npgsql;

namespace Intelligence.Platform.EventStore;

/// <summary>How every store connects to PostgreSQL.</summary>
public static class StoreConnection
{
    /// <summary>
    /// The connection string with Npgsql's automatic preparation on, unless it says otherwise: Marten sends the same
    /// few statements thousands of times (an upsert per projected document, an append per event), and a prepared
    /// statement skips its parse and plan each time (the catalog's projection wrote its documents in about 40 % less
    /// time, <c>import-releases --profile</c>). A connection string that sets <c>Max Auto Prepare</c> keeps its own
    /// value: <c>0</c> turns preparation off, as a pooler in transaction mode (PgBouncer) needs.
    /// <para>
    /// PostgreSQL's JIT is off for the service's sessions unless the string sets <c>Options</c>: it compiles a query
    /// whose estimated cost passes <c>jit_above_cost</c> on every execution, and the estimates of this API's bounded
    /// reads overshoot (a walk of the blocs with a page per bloc is costed as a scan), so a 5 ms read took 300 ms
    /// compiling (<c>EXPLAIN ANALYZE</c> of <c>/cheapest</c> at 500,000 price spells). JIT pays off on long
    /// analytical queries, which these services do not serve. A string that sets <c>Options</c> keeps its own (behind
    /// a pooler that refuses startup options, PgBouncer's <c>ignore_startup_parameters = options</c>, or jit off on the server).
    /// </para>
    /// </summary>
    public static string Of(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // Npgsql's builder answers every keyword it knows as present; the string as written says what was set.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!written.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = 200;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!written.Keys.Cast<string>().Any(key => key.Equals("Options", StringComparison.OrdinalIgnoreCase)))
        {
            builder.Options = "-c jit=off";
        }

        return builder.ConnectionString;
    }
}
