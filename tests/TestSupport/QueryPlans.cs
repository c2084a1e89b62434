using Npgsql;
using Xunit;

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

    /// <summary>
    /// Holds <paramref name="sql"/> to reading <paramref name="index"/> alone: the table vacuumed (its visibility map set,
    /// as autovacuum leaves it), the query run under <c>explain analyze</c>, and its plan an index-only scan of that
    /// index which fetched no row from the table. Rows a service wrote a moment ago may not be visible to every
    /// transaction yet, and a vacuum cannot mark their pages: it is tried again for a few seconds.
    /// </summary>
    public static async Task AssertIndexOnlyAsync(string connectionString, string table, string index, string sql, IEnumerable<NpgsqlParameter>? parameters = null)
    {
        var parameterList = parameters?.ToList() ?? [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        List<string> lines;
        do
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var vacuum = new NpgsqlCommand($"vacuum analyze {table}", connection);
                await vacuum.ExecuteNonQueryAsync();
            }

            lines = await OfAsync(connectionString, sql, parameterList, analyze: true);
            if (lines.Exists(line => line.Trim() == "Heap Fetches: 0"))
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Contains(lines, line => line.Contains("Index Only Scan", StringComparison.Ordinal) && line.Contains($"using {index} ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Trim() == "Heap Fetches: 0");
    }
}
