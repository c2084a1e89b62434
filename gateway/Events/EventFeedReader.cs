using System.Globalization;
using System.Text.Json;
using Intelligence.Gateway.Observability;
using Intelligence.Gateway.Routing;
using Yarp.ReverseProxy;

namespace Intelligence.Gateway.Events;

/// <summary>One integration event in the merged feed.</summary>
/// <param name="Service">The service whose store holds it (a gateway cluster name).</param>
/// <param name="Position">Its position in that store.</param>
/// <param name="Type">The exchange it is published to on the broker.</param>
/// <param name="MessageId">The broker message id: the stored event's id.</param>
/// <param name="MessageType">The envelope's message type URNs.</param>
/// <param name="RecordedAt">When the source service committed it: the merge order.</param>
/// <param name="Cursor">The cursor just after this event, to resume from it.</param>
/// <param name="Message">The integration event, as under <c>message</c> on the broker.</param>
public sealed record FeedItem(
    string Service, long Position, string Type, Guid MessageId, IReadOnlyList<string> MessageType, DateTimeOffset RecordedAt, string Cursor, JsonElement Message);

/// <summary>A service the feed could not read this time; its position in the cursor stays where it was.</summary>
public sealed record DegradedService(string Service, string Reason);

public sealed record FeedPage(IReadOnlyList<FeedItem> Items, string Cursor, IReadOnlyList<DegradedService> Degraded)
{
    /// <summary>True when some service had more to give than fitted this page: read again at once.</summary>
    internal bool More { get; init; }

    internal EventCursor Position { get; init; } = EventCursor.Start;
}

/// <summary>
/// Reads every service's <c>/events</c> in parallel and merges them by <c>recordedAt</c> (ties by service, then
/// position), keeping each service's own order. A service that fails is named in <c>degraded</c> and its position
/// kept, so nothing is skipped when it comes back. Each service's page is read from one of its instances as YARP
/// would pick it (<see cref="ServiceDestinations"/>), and from another when that one cannot be reached.
/// </summary>
public sealed partial class EventFeedReader(
    IProxyStateLookup proxy, ServiceDestinations destinations, IHttpClientFactory clients, ILogger<EventFeedReader> logger)
{
    public const string HttpClientName = "event-feed";

    /// <summary>The services whose events the feed merges: the gateway's clusters.</summary>
    public IReadOnlySet<string> Services =>
        proxy.GetClusters().Select(cluster => cluster.ClusterId).ToHashSet(StringComparer.Ordinal);

    public async Task<FeedPage> ReadAsync(
        EventCursor after, int limit, string? types, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var services = Services.Order(StringComparer.Ordinal).ToList();
        var pages = await Task.WhenAll(services.Select(service => ReadServiceAsync(service, after[service], limit, types, headers, cancellationToken)));

        var sources = pages.Where(page => page.Failure is null).Select(page => new Source(page)).ToList();
        var position = after;
        var items = new List<FeedItem>(limit);
        while (items.Count < limit)
        {
            // A service that may hold more than it sent could have an earlier event than any other's next: stop there.
            if (sources.Any(source => source.Exhausted && source.Page.Body!.More))
            {
                break;
            }

            var next = sources
                .Where(source => !source.Exhausted)
                .OrderBy(source => source.Head.RecordedAt)
                .ThenBy(source => source.Page.Service, StringComparer.Ordinal)
                .FirstOrDefault();
            if (next is null)
            {
                break;
            }

            var item = next.Head;
            next.Taken++;
            position = position.With(next.Page.Service, item.Position);
            items.Add(new FeedItem(
                next.Page.Service, item.Position, item.Type, item.MessageId, item.MessageType, item.RecordedAt, position.ToString(), item.Message));
        }

        // A service whose page was taken whole is read up to its next position: past events it keeps to itself.
        foreach (var source in sources.Where(source => source.Exhausted))
        {
            position = position.With(source.Page.Service, Math.Max(position[source.Page.Service], source.Page.Body!.Next));
        }

        var degraded = pages.Where(page => page.Failure is not null).Select(page => new DegradedService(page.Service, page.Failure!)).ToList();
        foreach (var service in degraded)
        {
            EventFeedMetrics.DegradedReads.WithLabels(service.Service).Inc();
        }

        return new FeedPage(items, position.ToString(), degraded)
        {
            More = items.Count == limit || sources.Any(source => source.Page.Body!.More),
            Position = position,
        };
    }

    private async Task<ServicePage> ReadServiceAsync(
        string service, long after, int limit, string? types, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var attempts = destinations.Attempts(service);
        if (attempts.Count == 0)
        {
            GatewayMetrics.UpstreamFailures.WithLabels(service, GatewayMetrics.EventFeed, "no-destination").Inc();
            return new ServicePage(service, null, "no-destination");
        }

        var query = $"events?after={after.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}"
            + (types is null ? string.Empty : $"&types={Uri.EscapeDataString(types)}");
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(attempts[attempt], query)).For(service);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return new ServicePage(service, null, $"answered-{(int)response.StatusCode}");
                }

                var body = await response.Content.ReadFromJsonAsync<ServiceFeedPage>(cancellationToken);
                return body is null ? new ServicePage(service, null, "unreadable-answer") : new ServicePage(service, body, null);
            }
            catch (HttpRequestException exception) when (exception.StatusCode is null && attempt + 1 < attempts.Count && !cancellationToken.IsCancellationRequested)
            {
                // Unreachable: the page is read from another instance at once (a GET that never arrived is safe to repeat).
                LogInstanceUnreachable(exception, service, attempts[attempt]);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                && exception is HttpRequestException or TaskCanceledException or JsonException)
            {
                LogServiceUnread(exception, service);
                return new ServicePage(service, null, exception switch
                {
                    TaskCanceledException => "timed-out",
                    JsonException => "unreadable-answer",
                    _ => "unreachable",
                });
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event feed could not read {Service}; it is left out of this page")]
    private partial void LogServiceUnread(Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event feed could not reach {Service} at {Address}; reading another instance")]
    private partial void LogInstanceUnreachable(Exception exception, string service, Uri address);

    /// <summary>A service's <c>/events</c> answer (Intelligence.Platform.Messaging.IntegrationEventFeed.Page).</summary>
    internal sealed record ServiceFeedPage(IReadOnlyList<ServiceFeedItem> Items, long Next, long HighWaterMark, bool More);

    internal sealed record ServiceFeedItem(long Position, string Type, Guid MessageId, IReadOnlyList<string> MessageType, DateTimeOffset RecordedAt, JsonElement Message);

    private sealed record ServicePage(string Service, ServiceFeedPage? Body, string? Failure);

    private sealed class Source(ServicePage page)
    {
        public ServicePage Page { get; } = page;

        public int Taken { get; set; }

        public bool Exhausted => Taken >= Page.Body!.Items.Count;

        public ServiceFeedItem Head => Page.Body!.Items[Taken];
    }
}
