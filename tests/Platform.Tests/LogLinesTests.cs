using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Intelligence.Platform.Tests;

/// <summary>
/// An app's log line, as the app's own logger factory and console formatter write it: one JSON object (the framework's
/// formatter) with UTC time, the template's values, the scopes with the trace and span ids, and the exception.
/// </summary>
public sealed partial class LogLinesTests
{
    [Fact]
    public void A_line_is_one_JSON_object_with_values_scopes_the_trace_and_the_exception()
    {
        var (line, activity) = WriteOne(logger =>
        {
            using var correlation = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = "req-123" });
            logger.Log(LogLevel.Warning, new EventId(7, "PublishFailed"), new InvalidOperationException("broker away"), "Relay could not publish events {Floor}..{Ceiling}", 10L, 20L);
        });

        Assert.EndsWith(Environment.NewLine, line, StringComparison.Ordinal);
        Assert.Single(line.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("Warning", root.GetProperty("LogLevel").GetString());
        Assert.Equal("Intelligence.Tests", root.GetProperty("Category").GetString());
        Assert.Equal("Relay could not publish events 10..20", root.GetProperty("Message").GetString());
        Assert.Equal(7, root.GetProperty("EventId").GetInt32());
        Assert.Equal(10, root.GetProperty("State").GetProperty("Floor").GetInt64());
        Assert.Contains("broker away", root.GetProperty("Exception").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", root.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("Timestamp").GetString(), out var at) && at.Offset == TimeSpan.Zero);

        var scopes = root.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, scope => scope.TryGetProperty("TraceId", out var trace) && trace.GetString() == activity.TraceId.ToString());
        Assert.Contains(scopes, scope => scope.TryGetProperty("SpanId", out var span) && span.GetString() == activity.SpanId.ToString());
        Assert.Contains(scopes, scope => scope.TryGetProperty("CorrelationId", out var id) && id.GetString() == "req-123");
    }

    [Fact]
    public void Text_is_written_as_read_not_escaped_for_HTML()
    {
        var (line, _) = WriteOne(logger => Started(logger, "深度求索"));

        Assert.Contains("\"Message\":\"Press Ctrl+C <now>: 深度求索\"", line, StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Press Ctrl+C <now>: {Name}")]
    private static partial void Started(ILogger logger, string name);

    /// <summary>Logs through the app's logger factory and writes the entry with the app's JSON formatter.</summary>
    private static (string Line, Activity Activity) WriteOne(Action<ILogger> log)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        var capture = new FormattedLines();
        builder.Logging.AddProvider(capture);
        builder.AddWebDefaults("releases");
        using var app = builder.Build();

        var console = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        capture.Formatter = app.Services.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == console.FormatterName);
        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);

        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        log(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Intelligence.Tests"));
        return (Assert.Single(capture.Lines), activity);
    }

    /// <summary>A logger provider that hands each entry, with the factory's scopes, to the app's console formatter.</summary>
    private sealed class FormattedLines : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public ConsoleFormatter? Formatter { get; set; }

        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Categorised(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Categorised(FormattedLines lines, string category) : ILogger
        {
            // The factory keeps the scopes itself and hands them over through SetScopeProvider.
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => lines.Formatter is not null;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (lines.Formatter is null)
                {
                    return;
                }

                using var writer = new StringWriter();
                lines.Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), lines._scopes, writer);
                lines.Lines.Add(writer.ToString());
            }
        }
    }
}
