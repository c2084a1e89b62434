using System.Collections.Concurrent;
using System.Diagnostics;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// Counts the SQL this process sends, from Npgsql's own activities: how many commands (a batch counts once) and
/// how long they took, by the first words of their SQL. For profiles only: listening costs a little.
/// </summary>
public sealed class SqlTrace : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, (int Count, TimeSpan Time)> _byKind = new();

    public SqlTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public bool Recording { get; set; }

    public int Count => _byKind.Values.Sum(entry => entry.Count);

    public TimeSpan Time => new(_byKind.Values.Sum(entry => entry.Time.Ticks));

    /// <summary>The kinds of SQL sent, most time first.</summary>
    public IReadOnlyList<(string Kind, int Count, TimeSpan Time)> Kinds =>
        [.. _byKind.Select(pair => (pair.Key, pair.Value.Count, pair.Value.Time)).OrderByDescending(kind => kind.Time)];

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
        if (!Recording)
        {
            return;
        }

        var sql = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
        _byKind.AddOrUpdate(Kind(sql), _ => (1, activity.Duration), (_, entry) => (entry.Count + 1, entry.Time + activity.Duration));
    }

    /// <summary>
    /// A round trip described by its statements, counted by kind in order: "500 × select mt_quick_append_events()",
    /// "pg_notify + 500 × upsert releases.mt_doc_catalogentry + 24 × upsert releases.mt_doc_releasebucket".
    /// </summary>
    private static string Kind(string sql)
    {
        var kinds = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(StatementKind)
            .Where(kind => kind.Length > 0)
            .GroupBy(kind => kind)
            .Select(group => group.Count() == 1 ? group.Key : $"{group.Count()} × {group.Key}");
        return string.Join(" + ", kinds);
    }

    private static string StatementKind(string statement)
    {
        var words = statement.Split((char[])[' ', '\n', '\r', '\t', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0] is "END" or "$$")
        {
            return string.Empty;
        }

        var verb = words[0].ToLowerInvariant();
        if (statement.Contains("pg_notify", StringComparison.Ordinal))
        {
            return "pg_notify";
        }

        var target = Array.FindIndex(words, word => word.Equals(verb == "insert" ? "into" : "from", StringComparison.OrdinalIgnoreCase));
        return verb switch
        {
            "insert" when target > 0 && target + 1 < words.Length =>
                $"{(statement.Contains("on conflict", StringComparison.OrdinalIgnoreCase) ? "upsert" : "insert")} {words[target + 1]}",
            "select" when target > 0 && target + 1 < words.Length => $"select from {words[target + 1]}",
            "select" when words.Length > 1 => $"select {words[1]}()",
            _ => string.Join(' ', words.Take(2)),
        };
    }
}
