using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Intelligence.Platform.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Intelligence.Platform.Logging;

/// <summary>Options of <see cref="StructuredJsonFormatter"/>.</summary>
public sealed class StructuredJsonFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The app writing the log (e.g. <c>releases</c>), on every line.</summary>
    public string Service { get; set; } = string.Empty;
}

/// <summary>
/// One JSON object per line, for log shippers: UTC time, level, category, message, the service, the correlation id of
/// the request or message being handled, the log event id, the message template's values and the scopes' values
/// (message ids, positions), and the exception. A line can be joined to the request, the stored events and the
/// published messages by its correlation id.
/// </summary>
public sealed class StructuredJsonFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "intelligence-json";

    private readonly IDisposable? _reload;
    private StructuredJsonFormatterOptions _options;

    public StructuredJsonFormatter(IOptionsMonitor<StructuredJsonFormatterOptions> options)
        : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(changed => _options = changed);
    }

    public void Dispose() => _reload?.Dispose();

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        // Log lines go to files and shippers, never into HTML: '+', '<' and non-ASCII letters stay as they are.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(logEntry.LogLevel));
            json.WriteString("service", _options.Service);
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            if (CorrelationId.Current is { } correlationId)
            {
                json.WriteString("correlationId", correlationId);
            }

            if (logEntry.EventId.Id != 0 || logEntry.EventId.Name is not null)
            {
                json.WriteNumber("eventId", logEntry.EventId.Id);
                if (logEntry.EventId.Name is { } eventName)
                {
                    json.WriteString("eventName", eventName);
                }
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            // The template's values and the scopes' values, as top-level fields: the first writer of a name wins.
            var written = new HashSet<string>(["timestamp", "level", "service", "category", "message", "correlationId", "eventId", "eventName", "exception"], StringComparer.Ordinal);
            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> values)
            {
                WriteValues(json, values, written);
            }

            if (_options.IncludeScopes && scopeProvider is not null)
            {
                scopeProvider.ForEachScope(
                    (scope, state) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                        {
                            WriteValues(state.Json, scopeValues, state.Written);
                        }
                    },
                    (Json: json, Written: written));
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteValues(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> values, HashSet<string> written)
    {
        foreach (var (key, value) in values)
        {
            // "{OriginalFormat}" is the template itself, not a value.
            if (key.StartsWith('{') || !written.Add(key))
            {
                continue;
            }

            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                case int or long or short or byte or uint or ulong or ushort:
                    json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case decimal number:
                    json.WriteNumber(key, number);
                    break;
                case double or float when double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)):
                    json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "information",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };
}
