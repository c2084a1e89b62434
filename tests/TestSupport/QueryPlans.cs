using Npgsql;

namespace Intelligence.TestSupport;

/// <summary>What PostgreSQL would do with a query, for tests that hold a read to its index.</summary>
public static class QueryPlans
{
    /// <summary>
    /// The plan of <paramref name="sql"/> with the planner told to avoid scans (and sorts, unless <paramref name="sorts"/>),
    /// so it does not depend on how many rows there are. A read that should start from a selective filter's index and
    /// sort the few rows it finds is planned with sorts allowed.
    /// </summary>
    /// <param name="analyze">Runs the query too (<c>explain analyze</c>), so the plan says what it read, such as an index-only scan's heap fetches.</param>
    public static async Task<List<string>> OfAsync(string connectionString, string sql, IEnumerable<NpgsqlParameter>? parameters = null, bool sorts = false, bool analyze = false)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var avoid = new NpgsqlCommand(sorts ? "set enable_seqscan = off" : "set enable_seqscan = off; set enable_sort = off", connection))
        {
            await avoid.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand($"explain {(analyze ? "(analyze) " : string.Empty)}{sql}", connection);
        foreach (var parameter in parameters ?? [])
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
