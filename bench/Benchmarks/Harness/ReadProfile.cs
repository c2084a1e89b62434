using System.Globalization;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// Where a read's time goes when the whole system runs in this process: the SQL every service sent for it (from
/// Npgsql's activities, <see cref="SqlTrace"/>) and the gateway's and services' own Prometheus histograms (one
/// registry here), read before and after a load of the read, as means per request.
/// </summary>
public static class ReadProfile
{
    private static readonly string[] Histograms =
    [
        "intelligence_gateway_upstream_request_duration_seconds",
        "http_request_duration_seconds",
    ];

    /// <returns>One line for the read, then a line for each upstream call and the SQL that took the most time.</returns>
    public static async Task<IReadOnlyList<string>> RunAsync(
        HttpClient client, HttpClient metrics, string name, string path, int requests, int clients, CancellationToken cancellationToken)
    {
        using var trace = new SqlTrace();
        var before = await ScrapeAsync(metrics, cancellationToken);
        trace.Recording = true;
        var (elapsed, _) = await ReadLoad.RunAsync(client, path, requests, clients, cancellationToken);
        trace.Recording = false;
        var after = await ScrapeAsync(metrics, cancellationToken);

        var lines = new List<string>
        {
            Invariant($"{name}: {requests / elapsed.TotalSeconds:N0} requests/s; {trace.Count / (double)requests:0.#} SQL commands a request taking {trace.Time.TotalMilliseconds / requests:0.0} ms of database time"),
        };
        foreach (var (series, (sum, count)) in after.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var (sumBefore, countBefore) = before.GetValueOrDefault(series);
            var calls = count - countBefore;
            if (calls > 0 && !series.Contains("/metrics", StringComparison.Ordinal))
            {
                lines.Add(Invariant($"  {series}: {calls / requests:0.##} a request, mean {(sum - sumBefore) / calls * 1000:0.0} ms"));
            }
        }

        lines.AddRange(trace.Kinds.Take(4).Select(kind => Invariant($"  SQL [{kind.Kind}]: {kind.Count / (double)requests:0.##} a request, mean {kind.Time.TotalMilliseconds / kind.Count:0.00} ms")));
        return lines;
    }

    /// <summary>Sum and count of each labelled series of the histograms named, from the Prometheus text format.</summary>
    private static async Task<Dictionary<string, (double Sum, double Count)>> ScrapeAsync(HttpClient metrics, CancellationToken cancellationToken)
    {
        var text = await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        var series = new Dictionary<string, (double Sum, double Count)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            foreach (var histogram in Histograms)
            {
                foreach (var (suffix, isSum) in new[] { ("_sum", true), ("_count", false) })
                {
                    var prefix = histogram + suffix;
                    if (!line.StartsWith(prefix + "{", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var close = line.LastIndexOf('}');
                    var key = histogram[..Math.Min(histogram.Length, 30)] + line[prefix.Length..(close + 1)];
                    var value = double.Parse(line[(close + 1)..].Trim(), CultureInfo.InvariantCulture);
                    var (sum, count) = series.GetValueOrDefault(key);
                    series[key] = isSum ? (value, count) : (sum, value);
                }
            }
        }

        return series;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
