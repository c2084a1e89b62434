using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Intelligence.TestSupport;

/// <summary>
/// Counts the SQL commands one request makes, in every service it reaches: the request runs in a trace of its own,
/// ASP.NET Core and HttpClient carry that trace from the gateway to the services, and Npgsql's own activities name
/// it. Tests of parallel classes in the same process run in other traces and are not counted. A read whose count
/// stays the same when the data grows tenfold cannot be scanning the data per request.
/// </summary>
public sealed class SqlCommands : IDisposable
{
    private const string SourceName = "Intelligence.Tests.SqlCommands";

    private static readonly ActivitySource Source = new(SourceName);

    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> _byTrace = new();

    public SqlCommands()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore" or "System.Net.Http" or SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && _byTrace.TryGetValue(activity.TraceId, out var commands))
                {
                    commands.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Sends <c>GET path</c>, which must succeed, and returns the SQL commands sent while it was answered.</summary>
    public async Task<IReadOnlyList<string>> OfAsync(HttpClient client, string path)
    {
        using var trace = Source.StartActivity("read") ?? throw new InvalidOperationException("The listener samples every activity of its own source.");
        var commands = _byTrace.GetOrAdd(trace.TraceId, _ => new ConcurrentQueue<string>());
        using (var response = await client.GetAsync(path))
        {
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        _byTrace.TryRemove(trace.TraceId, out _);
        return [.. commands];
    }

    /// <summary>
    /// A command's text as Npgsql sends it and <see cref="OfAsync"/> records it: Marten writes parameters by name
    /// (<c>:p0</c>), Npgsql sends them by position (<c>$1</c>).
    /// </summary>
    public static string AsSent(string commandText) =>
        Regex.Replace(commandText, @":p(\d+)", match => $"${int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1}");

    /// <summary>How many SQL commands each of <paramref name="paths"/> sends, read one after the other.</summary>
    public async Task<Dictionary<string, int>> CountEachAsync(HttpClient client, IEnumerable<string> paths)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            counts[path] = (await OfAsync(client, path)).Count;
        }

        return counts;
    }

    public void Dispose() => _listener.Dispose();
}
