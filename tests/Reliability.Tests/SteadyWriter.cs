using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace Intelligence.Reliability.Tests;

/// <summary>What one write got: the status (null when no answer came) and how long it took.</summary>
/// <param name="TraceId">The trace the write was sent in (its <c>traceparent</c>), as a caller with tracing would send it.</param>
public sealed record WriteOutcome(string ModelId, int? Status, string? ContentType, TimeSpan? RetryAfter, string? Error, TimeSpan Took, DateTime StartedAtUtc, string TraceId)
{
    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>
/// A steady stream of model announcements, one every <c>interval</c>, sent round-robin to the given instances. Each
/// write starts on its tick without waiting for the previous one, so a write that hangs shows as slow rather than
/// holding back the stream. Bounded in count and in time.
/// </summary>
public sealed class SteadyWriter(IReadOnlyList<HttpClient> instances, string prefix, TimeSpan interval, int maxWrites)
{
    /// <summary>
    /// The longest a fault scenario writes. Stopping a server takes about 10 s here, but several times that on a
    /// machine busy with other suites, so the stream must outlast the slowest fault rather than run out in the middle.
    /// </summary>
    public static readonly TimeSpan LongestRun = TimeSpan.FromMinutes(5);

    private readonly ConcurrentBag<WriteOutcome> _outcomes = [];
    private readonly List<Task> _inFlight = [];

    public IReadOnlyCollection<WriteOutcome> Outcomes => _outcomes;

    /// <summary>Twenty writes a second to <paramref name="instances"/>, for at most <see cref="LongestRun"/>.</summary>
    public static SteadyWriter TwentyPerSecond(IReadOnlyList<HttpClient> instances, string prefix) =>
        new(instances, prefix, TimeSpan.FromMilliseconds(50), maxWrites: (int)(LongestRun / TimeSpan.FromMilliseconds(50)));

    /// <summary>Writes until <paramref name="stop"/> is cancelled or <c>maxWrites</c> are sent, then waits for the answers.</summary>
    public async Task<IReadOnlyList<WriteOutcome>> RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < maxWrites && !stop.IsCancellationRequested; n++)
        {
            var id = $"{prefix}-{n.ToString("D5", CultureInfo.InvariantCulture)}";
            _inFlight.Add(WriteAsync(instances[n % instances.Count], id));
            var next = interval * (n + 1) - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(next, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(_inFlight);
        return [.. _outcomes.OrderBy(outcome => outcome.ModelId, StringComparer.Ordinal)];
    }

    public static object Announcement(string id) => new
    {
        id,
        name = $"Reliability {id}",
        organization = new { name = "Reliability Lab" },
        originCountries = new[] { "CN" },
        releaseDate = "2025-03-01",
        openWeights = true,
        freeAccess = "yes",
        licence = "Apache-2.0",
        sourceUrl = "https://example.org/reliability",
    };

    private async Task WriteAsync(HttpClient client, string id)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();

        // Each write in a trace of its own, sent as W3C traceparent (HttpClient carries the current activity's context).
        using var caller = new Activity("write").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = caller.TraceId.ToString();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("models", UriKind.Relative)) { Content = JsonContent.Create(Announcement(id)) };
            request.Headers.TryAddWithoutValidation("traceparent", caller.Id);
            using var response = await client.SendAsync(request);
            _outcomes.Add(new WriteOutcome(
                id, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter?.Delta, null, clock.Elapsed, started, trace));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            _outcomes.Add(new WriteOutcome(id, null, null, null, exception.GetType().Name + ": " + exception.Message, clock.Elapsed, started, trace));
        }
    }
}
