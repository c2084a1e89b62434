using System.Diagnostics;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// A closed-loop read load: <c>clients</c> concurrent loops sharing a number of GETs of one path, each loop sending
/// its next request when the last one's body has arrived. Any answer but a success stops the run.
/// </summary>
public static class ReadLoad
{
    /// <param name="check">What a whole answer's body holds (<c>"degraded":[]</c> for a composed read), or null to check the status only.</param>
    /// <returns>The wall time of all the requests, and each request's latency (sent to body read).</returns>
    public static async Task<(TimeSpan Elapsed, List<TimeSpan> Latencies)> RunAsync(
        HttpClient client, string path, int requests, int clients, CancellationToken cancellationToken, string? check = null)
    {
        var uri = new Uri(path, UriKind.Relative);
        var remaining = requests;
        var latencies = new List<TimeSpan>[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            latencies[worker] = [];
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(uri, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }

                if (check is null)
                {
                    await response.Content.LoadIntoBufferAsync(cancellationToken);
                    latencies[worker].Add(Stopwatch.GetElapsedTime(started));
                }
                else
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    latencies[worker].Add(Stopwatch.GetElapsedTime(started));
                    if (!body.Contains(check, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"GET {path} answered without {check}: {body[..Math.Min(400, body.Length)]}");
                    }
                }
            }
        }));
        return (clock.Elapsed, [.. latencies.SelectMany(each => each)]);
    }
}
