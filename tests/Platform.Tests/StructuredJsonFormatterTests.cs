using System.Text.Json;
using Intelligence.Platform.Http;
using Intelligence.Platform.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intelligence.Platform.Tests;

public sealed class StructuredJsonFormatterTests
{
    [Fact]
    public void A_line_is_one_JSON_object_with_service_correlation_values_scopes_and_exception()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object?> { ["MessageId"] = "9f1c", ["Position"] = 42L });
        using var correlation = CorrelationId.Begin("req-123");
        var exception = new InvalidOperationException("broker away");

        var line = Format(
            new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
                LogLevel.Warning,
                "Intelligence.Platform.Messaging.IntegrationEventRelay",
                new EventId(7, "PublishFailed"),
                [new("Floor", 10L), new("Ceiling", 20L), new("{OriginalFormat}", "Relay could not publish events {Floor}..{Ceiling}")],
                exception,
                (_, _) => "Relay could not publish events 10..20"),
            scopes);

        Assert.EndsWith(Environment.NewLine, line, StringComparison.Ordinal);
        Assert.Single(line.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("warning", root.GetProperty("level").GetString());
        Assert.Equal("releases", root.GetProperty("service").GetString());
        Assert.Equal("Intelligence.Platform.Messaging.IntegrationEventRelay", root.GetProperty("category").GetString());
        Assert.Equal("Relay could not publish events 10..20", root.GetProperty("message").GetString());
        Assert.Equal("req-123", root.GetProperty("correlationId").GetString());
        Assert.Equal(7, root.GetProperty("eventId").GetInt32());
        Assert.Equal("PublishFailed", root.GetProperty("eventName").GetString());
        Assert.Equal(10, root.GetProperty("Floor").GetInt64());
        Assert.Equal(20, root.GetProperty("Ceiling").GetInt64());
        Assert.Equal("9f1c", root.GetProperty("MessageId").GetString());
        Assert.Equal(42, root.GetProperty("Position").GetInt64());
        Assert.Contains("broker away", root.GetProperty("exception").GetString(), StringComparison.Ordinal);
        Assert.False(root.TryGetProperty("{OriginalFormat}", out _));
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), out var at) && at.Offset == TimeSpan.Zero);
    }

    [Fact]
    public void Text_is_written_as_read_not_escaped_for_HTML()
    {
        var line = Format(
            new LogEntry<string>(LogLevel.Information, "Startup", default, "state", null, (_, _) => "Press Ctrl+C <now>: 深度求索"),
            scopeProvider: null);

        Assert.Contains("\"message\":\"Press Ctrl+C <now>: 深度求索\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_correlation_id_or_scopes_the_line_has_neither_and_values_never_overwrite_the_fixed_fields()
    {
        var line = Format(
            new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
                LogLevel.Information, "Startup", default, [new("service", "spoofed"), new("Ratio", double.NaN)], null, (_, _) => "started"),
            scopeProvider: null);

        using var json = JsonDocument.Parse(line);
        Assert.Equal("releases", json.RootElement.GetProperty("service").GetString());
        Assert.False(json.RootElement.TryGetProperty("correlationId", out _));
        Assert.False(json.RootElement.TryGetProperty("eventId", out _));
        Assert.Equal("NaN", json.RootElement.GetProperty("Ratio").GetString());
    }

    private static string Format<TState>(LogEntry<TState> entry, IExternalScopeProvider? scopeProvider)
    {
        using var formatter = new StructuredJsonFormatter(new FixedOptions(new StructuredJsonFormatterOptions { Service = "releases", IncludeScopes = true }));
        using var writer = new StringWriter();
        formatter.Write(entry, scopeProvider, writer);
        return writer.ToString();
    }

    private sealed class FixedOptions(StructuredJsonFormatterOptions value) : IOptionsMonitor<StructuredJsonFormatterOptions>
    {
        public StructuredJsonFormatterOptions CurrentValue => value;

        public StructuredJsonFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<StructuredJsonFormatterOptions, string?> listener) => null;
    }
}
