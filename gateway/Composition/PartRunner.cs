using System.Collections.Concurrent;
using System.Diagnostics;

namespace Intelligence.Gateway.Composition;

/// <summary>A part of a composed answer that is missing, which service it needed, and why.</summary>
public sealed record DegradedPart(string Part, string Service, string Reason);

/// <summary>The composition settings, under <c>Composition</c>.</summary>
/// <param name="PartTimeout">How long one part may take before the answer goes without it (<c>PartTimeoutMilliseconds</c>, default 3000).</param>
/// <param name="PartCacheBytes">How many bytes of service answers the gateway keeps to ask again conditionally (<c>PartCacheMegabytes</c>, default 64).</param>
public sealed record CompositionSettings(TimeSpan PartTimeout, long PartCacheBytes)
{
    public const int DefaultPartTimeoutMilliseconds = 3000;

    public const int DefaultPartCacheMegabytes = 64;

    public static CompositionSettings From(IConfiguration configuration)
    {
        var milliseconds = configuration.GetValue("Composition:PartTimeoutMilliseconds", DefaultPartTimeoutMilliseconds);
        var megabytes = configuration.GetValue("Composition:PartCacheMegabytes", DefaultPartCacheMegabytes);
        return (milliseconds, megabytes) switch
        {
            ( < 1 or > 120_000, _) => throw new InvalidOperationException($"Composition:PartTimeoutMilliseconds must be 1 to 120000, not {milliseconds}."),
            (_, < 1 or > 4096) => throw new InvalidOperationException($"Composition:PartCacheMegabytes must be 1 to 4096, not {megabytes}."),
            _ => new CompositionSettings(TimeSpan.FromMilliseconds(milliseconds), megabytes * 1024L * 1024L),
        };
    }
}

/// <summary>
/// Runs the parts of one composed answer, each bounded by the timeout counted from the start of the answer (so a part
/// that waits for another gets what is left, and the whole answer arrives within the timeout). A part whose service is unreachable, answers
/// 5xx or is too slow becomes a <see cref="DegradedPart"/> and its value null; anything else (a bug) propagates.
/// Start parts without awaiting them one by one, so they run in parallel.
/// </summary>
public sealed class PartRunner(CompositionSettings settings, long started, CancellationToken requestAborted)
{
    private static readonly object AnswerStarted = new();

    private readonly ConcurrentDictionary<string, DegradedPart> _degraded = new(StringComparer.Ordinal);

    /// <summary>A runner whose timeout counts from now.</summary>
    public PartRunner(CompositionSettings settings, CancellationToken requestAborted)
        : this(settings, Stopwatch.GetTimestamp(), requestAborted)
    {
    }

    /// <summary>A runner for the answer to <paramref name="http"/>, whose timeout counts from the answer's start (<see cref="MarkStart"/>) when marked, else from now.</summary>
    public PartRunner(CompositionSettings settings, HttpContext http)
        : this(settings, http.Items.TryGetValue(AnswerStarted, out var mark) && mark is long started ? started : Stopwatch.GetTimestamp(), http.RequestAborted)
    {
    }

    public IReadOnlyList<DegradedPart> Degraded => [.. _degraded.Values.OrderBy(part => part.Part, StringComparer.Ordinal)];

    public async Task<T?> RunAsync<T>(string part, string service, Func<CancellationToken, Task<T>> call)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var left = settings.PartTimeout - Stopwatch.GetElapsedTime(started);
        timeout.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            return await call(timeout.Token);
        }
        catch (ServiceUnavailableException exception)
        {
            Miss(part, service, exception.Reason);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            Miss(part, service, $"no answer within {settings.PartTimeout.TotalMilliseconds:0} ms of the answer's start");
        }

        return null;
    }

    /// <summary>Marks the start of the answer to <paramref name="http"/>: what is done before its parts run (asking whether a kept answer still holds) comes out of their time.</summary>
    public static void MarkStart(HttpContext http) => http.Items[AnswerStarted] = Stopwatch.GetTimestamp();

    /// <summary>Names a part that could not even start because a part it depends on is missing.</summary>
    public void Miss(string part, string service, string reason) => _degraded.TryAdd(part, new DegradedPart(part, service, reason));
}
