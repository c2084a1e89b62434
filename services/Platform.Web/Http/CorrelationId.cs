using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Intelligence.Platform.Http;

/// <summary>
/// <c>X-Correlation-Id</c>: taken from the request when it is usable, else made up; echoed on the response, put in
/// every log line's scope, and available to the store so that the events a request appends, and the messages
/// published for them, carry it.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    private const int MaxLength = 128;
    private static readonly AsyncLocal<string?> CurrentId = new();

    /// <summary>The correlation id of the request (or message) being handled on this flow, if any.</summary>
    public static string? Current => CurrentId.Value;

    /// <summary>Ids are echoed into headers and logs, so only short printable ASCII ones are kept.</summary>
    public static bool IsUsable(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => c is > ' ' and < (char)127);

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var presented = context.Request.Headers[Header].ToString();
        var id = IsUsable(presented) ? presented : (Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"));

        // Set on the request too, so the gateway forwards the id it made up to the service it proxies to.
        context.Request.Headers[Header] = id;
        CurrentId.Value = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Intelligence.Requests");
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    });

    /// <summary>Runs a message handler under the correlation id the message carries.</summary>
    public static IDisposable Begin(string? id)
    {
        var previous = CurrentId.Value;
        CurrentId.Value = id is not null && IsUsable(id) ? id : null;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => CurrentId.Value = previous;
    }
}
