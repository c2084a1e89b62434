using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Intelligence.TestSupport;
using Xunit.Abstractions;
using static Intelligence.Gateway.Tests.FeedTestData;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// <c>GET /api/events/stream</c>: the feed live as server-sent events. These tests run a gateway of their own, on
/// the test broker and polling only every ten minutes, so an event that arrives within seconds was woken by RabbitMQ.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class EventStreamTests(WholeSystem system, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_model_arrives_live_woken_by_the_broker_and_a_reconnect_with_Last_Event_ID_gets_only_later_events()
    {
        await using var gateway = StartGateway(heartbeat: TimeSpan.FromMinutes(10));
        using var client = NewStreamClient(gateway);
        var (_, start) = await ReadToEndAsync(system.Client, after: null, limit: 1000);
        var first = UniqueId("live-a");
        var second = UniqueId("live-b");

        SseEvent firstEvent;
        await using (var stream = await SseStream.OpenAsync(client, lastEventId: start))
        {
            var sent = Stopwatch.GetTimestamp();
            await AnnounceModelAsync(system.Client, first);
            firstEvent = await stream.WaitForAsync(e => IsRelease(e, first), Timeout, $"{first} on the stream");
            output.WriteLine($"POST to server-sent event: {Stopwatch.GetElapsedTime(sent).TotalMilliseconds:0} ms (polling every 10 min, so the broker woke it).");

            await AnnounceModelAsync(system.Client, second);
            await stream.WaitForAsync(e => IsRelease(e, second), Timeout, $"{second} on the stream");
            Assert.Single(stream.Seen, e => IsRelease(e, first));
        }

        Assert.Equal("intelligence.releases.model-released", firstEvent.Event);
        Assert.Equal(firstEvent.Data.GetProperty("cursor").GetString(), firstEvent.Id);
        Assert.Equal("releases", firstEvent.Data.GetProperty("service").GetString());
        Assert.Equal(firstEvent.Data.GetProperty("messageId").GetString(), firstEvent.Data.Text("eventId"));

        await using var resumed = await SseStream.OpenAsync(client, lastEventId: firstEvent.Id);
        await resumed.WaitForAsync(e => IsRelease(e, second), Timeout, $"{second} after reconnecting");
        Assert.DoesNotContain(resumed.Seen, e => e.Data.Text("modelId") == first);
    }

    [Fact]
    public async Task Without_the_broker_a_stream_still_gets_new_events_by_polling()
    {
        await using var gateway = StartGateway(
            heartbeat: TimeSpan.FromMinutes(10),
            overrides: [new("RabbitMq:Port", ClosedPort().ToString(CultureInfo.InvariantCulture)), new("Events:PollInterval", "00:00:00.300")]);
        using var client = NewStreamClient(gateway);
        var (_, end) = await ReadToEndAsync(system.Client, after: null, limit: 1000);
        var model = UniqueId("live-poll");

        await using var stream = await SseStream.OpenAsync(client, lastEventId: end);
        await AnnounceModelAsync(system.Client, model);

        await stream.WaitForAsync(e => IsRelease(e, model), Timeout, $"{model} on a stream of a gateway that cannot reach the broker");
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_events_and_the_first_sets_the_reconnection_delay()
    {
        await using var gateway = StartGateway(heartbeat: TimeSpan.FromMilliseconds(300));
        using var client = NewStreamClient(gateway);
        var (_, end) = await ReadToEndAsync(system.Client, after: null, limit: 1000);

        await using var stream = await SseStream.OpenAsync(client, lastEventId: end);

        // The opening heartbeat and at least two more while idle.
        var heartbeats = await Eventually.Until(() => Task.FromResult(stream.Heartbeats), sent => sent.Count >= 3, Timeout, "three heartbeats");
        Assert.All(heartbeats, sent => DateTimeOffset.ParseExact(sent, "O", CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(3), stream.ReconnectionInterval);
    }

    [Fact]
    public async Task One_key_cannot_take_every_stream_its_own_beyond_the_cap_are_429_while_another_key_still_opens()
    {
        await using var gateway = StartGateway(
            heartbeat: TimeSpan.FromMinutes(10), maxStreams: 10, overrides: [new("Events:MaxStreamsPerKey", "2")]);
        using var reader = NewStreamClient(gateway);
        using var editor = gateway.NewClient(TestApiKeys.Editor);
        editor.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        var (_, end) = await ReadToEndAsync(system.Client, after: null, limit: 1000);

        await using (await SseStream.OpenAsync(reader, lastEventId: end))
        await using (await SseStream.OpenAsync(reader, lastEventId: end))
        {
            using var refused = await reader.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("stream-capacity-per-key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);

            await using var another = await SseStream.OpenAsync(editor, lastEventId: end);
        }

        // Both of the reader's streams closed: it may open again.
        var reopened = await Eventually.Until(
            async () =>
            {
                using var response = await reader.GetAsync($"/api/events/stream?after={end}", HttpCompletionOption.ResponseHeadersRead);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            Timeout,
            "the reader's streams to close");
        Assert.Equal(HttpStatusCode.OK, reopened);
    }

    [Fact]
    public async Task Streams_beyond_the_configured_number_are_refused_with_a_503_until_one_closes()
    {
        await using var gateway = StartGateway(heartbeat: TimeSpan.FromMinutes(10), maxStreams: 1);
        using var client = NewStreamClient(gateway);
        var (_, end) = await ReadToEndAsync(system.Client, after: null, limit: 1000);

        await using (await SseStream.OpenAsync(client, lastEventId: end))
        {
            using var refused = await client.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("stream-capacity", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var reopened = await Eventually.Until(
            async () =>
            {
                var response = await client.GetAsync($"/api/events/stream?after={end}", HttpCompletionOption.ResponseHeadersRead);
                var status = response.StatusCode;
                response.Dispose();
                return status;
            },
            status => status == HttpStatusCode.OK,
            Timeout,
            "a stream once the first one closed");
        Assert.Equal(HttpStatusCode.OK, reopened);
    }

    [Fact]
    public async Task A_stream_with_a_bad_Last_Event_ID_is_a_400_naming_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/stream");
        request.Headers.Add("Last-Event-ID", "garbage!");

        using var response = await system.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Last-Event-ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static bool IsRelease(SseEvent e, string model) =>
        e.Event == "intelligence.releases.model-released" && e.Data.Text("modelId") == model;

    private static HttpClient NewStreamClient(ServiceHost<Program> gateway)
    {
        var client = gateway.NewClient(TestApiKeys.Reader);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        return client;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private ServiceHost<Program> StartGateway(TimeSpan heartbeat, int maxStreams = 10, KeyValuePair<string, string?>[]? overrides = null)
    {
        var host = new ServiceHost<Program>(
            [
                .. WholeSystem.ServiceNames.Select(name => new KeyValuePair<string, string?>(
                    $"ReverseProxy:Clusters:{name}:Destinations:{name}-1:Address", AddressOf(name).ToString())),
                .. TestServers.RabbitSettings(),
                new("Events:PollInterval", "00:10:00"),
                new("Events:ListeningPollInterval", "00:10:00"),
                new("Events:Heartbeat", heartbeat.ToString()),
                new("Events:MaxStreamClients", maxStreams.ToString(CultureInfo.InvariantCulture)),
                .. overrides ?? [],
            ]);
        host.Start();
        return host;
    }

    private Uri AddressOf(string service) => service switch
    {
        "releases" => system.Releases.BaseAddress,
        "pricing" => system.Pricing.BaseAddress,
        "regulation" => system.Regulation.BaseAddress,
        _ => system.Adoption.BaseAddress,
    };
}

/// <summary>One server-sent event: the cursor after it, its type, and the feed item.</summary>
internal sealed record SseEvent(string? Id, string? Event, JsonElement Data);

/// <summary>A client's open <c>text/event-stream</c>, parsed as it arrives.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseEvent> _arrived = Channel.CreateUnbounded<SseEvent>();
    private readonly List<SseEvent> _seen = [];
    private readonly List<string> _heartbeats = [];
    private readonly Task _reading;

    private SseStream(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    public IReadOnlyList<SseEvent> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>The data of each <c>heartbeat</c> event: the time it was sent.</summary>
    public IReadOnlyList<string> Heartbeats
    {
        get
        {
            lock (_heartbeats)
            {
                return [.. _heartbeats];
            }
        }
    }

    /// <summary>The reconnection delay the stream asked for (<c>retry:</c>).</summary>
    public TimeSpan ReconnectionInterval { get; private set; }

    public static async Task<SseStream> OpenAsync(HttpClient client, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response);
    }

    public async Task<SseEvent> WaitForAsync(Func<SseEvent, bool> match, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _arrived.Reader.ReadAsync(deadline.Token);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0} s waiting for {what}; the stream sent {Seen.Count} events.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception)
        {
            // Disposing the response ends the read with an error: that is how a client hangs up.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        // The framework's own parser, as any client of the stream would read it.
        var parser = SseParser.Create(await _response.Content.ReadAsStreamAsync(_stop.Token), (_, data) => Encoding.UTF8.GetString(data));
        await foreach (var item in parser.EnumerateAsync(_stop.Token))
        {
            ReconnectionInterval = parser.ReconnectionInterval;
            if (item.EventType == "heartbeat")
            {
                lock (_heartbeats)
                {
                    _heartbeats.Add(item.Data);
                }

                continue;
            }

            using var document = JsonDocument.Parse(item.Data);
            var sse = new SseEvent(item.EventId, item.EventType, document.RootElement.Clone());
            lock (_seen)
            {
                _seen.Add(sse);
            }

            await _arrived.Writer.WriteAsync(sse);
        }
    }
}
