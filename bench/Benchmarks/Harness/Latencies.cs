namespace Intelligence.Benchmarks.Harness;

/// <summary>Percentiles of measured latencies, nearest rank, in milliseconds.</summary>
public static class Latencies
{
    /// <summary>The <paramref name="quantile"/> (0.99 for p99) of <paramref name="latencies"/>, in milliseconds rounded to 0.01; NaN when there are none.</summary>
    public static double Percentile(IEnumerable<TimeSpan> latencies, double quantile)
    {
        var sorted = latencies.Select(latency => latency.TotalMilliseconds).Order().ToList();
        return sorted.Count == 0
            ? double.NaN
            : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)], 2);
    }
}
