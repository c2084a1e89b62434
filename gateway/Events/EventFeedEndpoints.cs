using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Intelligence.Gateway.Observability;
using Intelligence.Gateway.Routing;
using Intelligence.Platform;
using Intelligence.Platform.Http;
using Intelligence.Platform.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Intelligence.Gateway.Events;

/// <summary>How the event feed behaves. Bound from the <c>Events</c> configuration section and checked at start.</summary>
public sealed class EventFeedSettings
{
    public const string Section = "Events";

    /// <summary>How long the feed waits for one service before leaving it out of a page (it is then named in <c>degraded</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:05:00")]
    public TimeSpan ServiceTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a live stream reads the feed while the gateway cannot hear the broker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a live stream reads the feed anyway while the broker wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "01:00:00")]
    public TimeSpan ListeningPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A <c>heartbeat</c> event sent on an idle stream, so proxies keep it open and clients can tell it is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:10:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Live streams open at once; more are refused with <c>503</c>.</summary>
    [Range(0, 100_000)]
    public int MaxStreamClients { get; set; } = 200;

    /// <summary>Live streams one API key may hold open at once, so that one client cannot take them all; more are refused with <c>429</c>.</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerKey { get; set; } = 20;
}

/// <summary>
/// <c>GET /api/events</c> (catch-up reading of every service's integration events, merged, with an opaque cursor)
/// and <c>GET /api/events/stream</c> (the same as live server-sent events, resumable from <c>Last-Event-ID</c>).
/// </summary>
public static class EventFeedEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static WebApplicationBuilder AddEventFeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EventFeedSettings>().BindConfiguration(EventFeedSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<EventFeedSettings>>().Value);
        var rabbit = RabbitMqSettings.From(builder.Configuration);
        DefaultPasswords.Refuse(builder.Configuration, builder.Environment, "RabbitMq:Password", rabbit.Password, DefaultPasswords.Broker);
        builder.Services.AddSingleton(rabbit);
        builder.Services.AddSingleton<EventArrivals>();
        builder.Services.AddSingleton<StreamCapacity>();
        builder.Services.AddServiceDestinations();
        builder.Services.AddSingleton<EventFeedReader>();
        builder.Services.AddHostedService<BrokerListener>();
        builder.Services.AddHttpClient(EventFeedReader.HttpClientName, (services, client) => client.Timeout = services.GetRequiredService<EventFeedSettings>().ServiceTimeout)
            .AddHttpMessageHandler(services => new UpstreamMetricsHandler(GatewayMetrics.EventFeed, services.GetRequiredService<IHttpContextAccessor>()));
        return builder;
    }

    public static WebApplication MapEventFeed(this WebApplication app)
    {
        app.MapGet("/api/events", Read)
            .WithName("ReadEvents")
            .WithSummary("Every service's integration events after a cursor, merged by recordedAt (each service's order kept). after: the cursor of a previous page or item (absent: from the start); limit 1 to 1000 (default 100); types: comma list of exchange names. A service that cannot be read is named in degraded and its events come in a later page.")
            .Produces<FeedPage>()
            .ProducesValidationProblem();
        app.MapGet("/api/events/stream", Stream)
            .WithName("StreamEvents")
            .WithSummary("The feed live as server-sent events: catches up from Last-Event-ID (or after), then sends each event as it is published. id: the cursor after the event; event: its exchange name; data: the feed item.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> Read(
        HttpRequest request, EventFeedReader reader, CancellationToken cancellationToken, string? after = null, string? limit = null, string? types = null)
    {
        var validation = new Validation();
        var cursor = ReadCursor(after, "after", reader, validation);
        var count = ReadLimit(limit, validation);
        var filter = ReadTypes(types, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return TypedResults.Ok(await reader.ReadAsync(cursor, count, filter, Forwarded(request), cancellationToken));
    }

    private static IResult Stream(
        HttpContext context,
        EventFeedReader reader,
        EventArrivals arrivals,
        EventFeedSettings settings,
        StreamCapacity capacity,
        IOptions<JsonOptions> json,
        TimeProvider clock,
        string? after = null,
        string? types = null)
    {
        var validation = new Validation();
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var cursor = lastEventId.Length > 0
            ? ReadCursor(lastEventId, "Last-Event-ID", reader, validation)
            : ReadCursor(after, "after", reader, validation);
        var filter = ReadTypes(types, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var key = context.User.Identity?.Name ?? string.Empty;
        switch (capacity.TryOpen(key, settings.MaxStreamClients, settings.MaxStreamsPerKey))
        {
            case StreamCapacity.Refusal.KeyFull:
                context.Response.Headers.RetryAfter = "30";
                return Problems.Problem(
                    StatusCodes.Status429TooManyRequests, "This key holds as many live streams as it may.", "stream-capacity-per-key",
                    $"A key may hold at most {settings.MaxStreamsPerKey} streams open at once; close one, or read /api/events.");
            case StreamCapacity.Refusal.Full:
                return Problems.Problem(
                    StatusCodes.Status503ServiceUnavailable, "Too many live streams are open.", "stream-capacity",
                    $"At most {settings.MaxStreamClients} streams may be open at once; retry later, or read /api/events.");
        }

        // The framework writes the stream; the place is given back when it ends (the client gone, or the host stopping).
        var items = Items(reader, arrivals, settings, json.Value.SerializerOptions, clock, cursor, filter, Forwarded(context.Request), context.RequestAborted);
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return new LiveStream(TypedResults.ServerSentEvents(items), () => capacity.Close(key));
    }

    /// <summary>The name of the event an idle stream sends, so proxies keep it open and clients can tell it is alive.</summary>
    public const string HeartbeatEvent = "heartbeat";

    /// <summary>
    /// The stream's events: a heartbeat first (with the reconnection delay a browser's EventSource waits before it
    /// reconnects with the last id it saw), then the feed from the cursor on, each event as it is published, and
    /// heartbeats while nothing happens. A heartbeat is an event of type <see cref="HeartbeatEvent"/> whose data is
    /// the time: an EventSource only hands it to a listener of that type.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> Items(
        EventFeedReader reader,
        EventArrivals arrivals,
        EventFeedSettings settings,
        JsonSerializerOptions json,
        TimeProvider clock,
        EventCursor cursor,
        string? types,
        List<KeyValuePair<string, string>> headers,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Heartbeat(clock) with { ReconnectionInterval = ReconnectAfter };
        var lastWrite = clock.GetTimestamp();
        while (true)
        {
            // Taken before reading, so an event published during the read wakes the next one.
            var arrival = arrivals.Next;
            var page = await reader.ReadAsync(cursor, DefaultLimit, types, headers, cancellationToken);
            var lastRead = clock.GetTimestamp();
            foreach (var item in page.Items)
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(item, json), item.Type) { EventId = item.Cursor };
                lastWrite = clock.GetTimestamp();
            }

            cursor = page.Position;
            if (page.More)
            {
                continue;
            }

            // Wait for an arrival, or until a read is due anyway (the broker may be gone), sending heartbeats meanwhile.
            while (true)
            {
                var poll = arrivals.Listening ? settings.ListeningPollInterval : settings.PollInterval;
                var untilRead = poll - clock.GetElapsedTime(lastRead);
                var untilHeartbeat = settings.Heartbeat - clock.GetElapsedTime(lastWrite);
                if (untilRead <= TimeSpan.Zero)
                {
                    break;
                }

                if (untilHeartbeat <= TimeSpan.Zero)
                {
                    yield return Heartbeat(clock);
                    lastWrite = clock.GetTimestamp();
                    continue;
                }

                if (await ArrivesWithinAsync(arrival, untilRead < untilHeartbeat ? untilRead : untilHeartbeat, clock, cancellationToken))
                {
                    break;
                }
            }
        }
    }

    /// <summary>A browser's EventSource reconnects after this long, sending the last id it saw.</summary>
    private static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(3);

    private static SseItem<string> Heartbeat(TimeProvider clock) =>
        new(clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), HeartbeatEvent);

    /// <summary>Whether an event arrives before <paramref name="wait"/> is over (false: a heartbeat or a read is due).</summary>
    private static async Task<bool> ArrivesWithinAsync(Task arrival, TimeSpan wait, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await arrival.WaitAsync(wait, clock, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The framework's server-sent events, and the stream's place given back however they end.</summary>
    private sealed class LiveStream(IResult events, Action close) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await events.ExecuteAsync(httpContext);
            }
            catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
            {
                // The client went away: the normal end of a stream.
            }
            finally
            {
                close();
            }
        }
    }

    private static List<KeyValuePair<string, string>> Forwarded(HttpRequest request) =>
        Composition.ForwardCallerHeaders.Headers
            .Where(name => request.Headers.ContainsKey(name))
            .Select(name => KeyValuePair.Create(name, request.Headers[name].ToString()))
            .ToList();

    private static EventCursor ReadCursor(string? token, string field, EventFeedReader reader, Validation validation)
    {
        var valid = EventCursor.TryParse(token, reader.Services, out var cursor);
        validation.Check(valid, field, "must be a cursor returned by this feed (an item's cursor or a page's cursor)");
        return cursor;
    }

    private static int ReadLimit(string? text, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultLimit;
        }

        var valid = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit;
        validation.Check(valid, "limit", $"must be a whole number from 1 to {MaxLimit}");
        return valid ? limit : DefaultLimit;
    }

    private static string? ReadTypes(string? text, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var valid = names.Length is > 0 and <= 50
            && names.All(name => name.Length <= 200 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'));
        validation.Check(valid, "types", "must be a comma list of up to 50 exchange names, e.g. intelligence.releases.model-released");
        return valid ? string.Join(',', names) : null;
    }
}

/// <summary>Counts the live streams open on this gateway, in all and per API key, so neither outgrows its bound.</summary>
public sealed class StreamCapacity
{
    public enum Refusal
    {
        None,
        Full,
        KeyFull,
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>Takes a place for a stream of <paramref name="key"/>, or says why none is left.</summary>
    public Refusal TryOpen(string key, int max, int maxPerKey)
    {
        lock (_lock)
        {
            var held = _byKey.GetValueOrDefault(key);
            if (held >= maxPerKey)
            {
                return Refusal.KeyFull;
            }

            if (_open >= max)
            {
                return Refusal.Full;
            }

            _byKey[key] = held + 1;
            _open++;
        }

        EventFeedMetrics.StreamsOpen.Inc();
        return Refusal.None;
    }

    public void Close(string key)
    {
        lock (_lock)
        {
            _open--;
            if (--_byKey[key] == 0)
            {
                _byKey.Remove(key);
            }
        }

        EventFeedMetrics.StreamsOpen.Dec();
    }
}
