using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Intelligence.Gateway.Observability;
using Intelligence.Gateway.Routing;

namespace Intelligence.Gateway.Composition;

/// <summary>A service did not answer usefully: no destination, a transport failure, a 5xx, 408 or 429.</summary>
public sealed class ServiceUnavailableException(string service, string reason, Exception? inner = null)
    : Exception($"{service}: {reason}", inner)
{
    public string Service { get; } = service;

    public string Reason { get; } = reason;
}

/// <summary>
/// What the typed clients of the services share: the service's instances from YARP's own cluster
/// (<see cref="ServiceDestinations"/>), GET with JSON read as the services write it, and pages read to the end. An
/// answer the service tags (with its data version, or a stream's version) is kept (<see cref="PartCache"/>) and asked
/// for again conditionally.
/// </summary>
public abstract class ServiceClient(string service, IHttpClientFactory clients, ServiceDestinations destinations, PartCache cache)
{
    public const string HttpClientName = "composition";

    /// <summary>The services write camel-case JSON with enums in kebab case; the gateway reads enums as text.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    private const int MaxPages = 50;

    public string Service => service;

    /// <summary>The body of <c>GET path</c> read as <typeparamref name="T"/>; <c>default</c> on 404 when <paramref name="notFoundIsNull"/>.</summary>
    /// <remarks>
    /// Sent to one of the service's instances as YARP would pick it; when that instance cannot be reached at all, once
    /// more to another (a GET that never arrived is safe to repeat). An answer, even a 5xx, is not retried elsewhere:
    /// the service answered, and the part is reported missing as the proxy would pass that answer on.
    /// </remarks>
    protected async Task<T?> GetAsync<T>(string pathAndQuery, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        var attempts = destinations.Attempts(service);
        if (attempts.Count == 0)
        {
            throw new ServiceUnavailableException(service, $"no destination in ReverseProxy:Clusters:{service}");
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await GetFromAsync<T>(attempts[attempt], pathAndQuery, notFoundIsNull, cancellationToken);
            }
            catch (ServiceUnavailableException unreachable) when (unreachable.InnerException is not null && attempt + 1 < attempts.Count)
            {
                // The next destination, at once: the health checks will mark this one down in their own time.
            }
        }
    }

    private async Task<T?> GetFromAsync<T>(Uri address, string pathAndQuery, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, pathAndQuery)).For(service);
            var cached = cache.Find(service, pathAndQuery);
            if (cached is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", cached.ETag);
            }

            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (cached is not null && response.StatusCode == HttpStatusCode.NotModified)
            {
                PartCache.Count(service, "revalidated");
                PartReads.Note(service, pathAndQuery, cached.ETag);
                return cached.Value is T value ? value : JsonSerializer.Deserialize<T>(cached.Body, Json);
            }

            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                PartReads.Note(service, pathAndQuery, etag: null);
                return default;
            }

            // A service failing, shedding load or refusing the caller's key (keys configured differently there) is a
            // missing part, never a 500 of the whole answer. The status names which, in the degraded list.
            if (!response.IsSuccessStatusCode)
            {
                throw new ServiceUnavailableException(service, $"answered {(int)response.StatusCode}");
            }

            if (response.Headers.ETag is { } tag)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var value = JsonSerializer.Deserialize<T>(body, Json) ?? throw new ServiceUnavailableException(service, $"answered no body to {pathAndQuery}");
                cache.Keep(service, pathAndQuery, new CachedPart(tag.ToString(), body, value));
                PartCache.Count(service, "changed");
                PartReads.Note(service, pathAndQuery, tag.ToString());
                return value;
            }

            PartCache.Count(service, "untagged");
            PartReads.Note(service, pathAndQuery, etag: null);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
                ?? throw new ServiceUnavailableException(service, $"answered no body to {pathAndQuery}");
        }
        catch (Exception exception) when (exception is HttpRequestException { StatusCode: null } or IOException)
        {
            throw new ServiceUnavailableException(service, $"unreachable: {exception.Message}", exception);
        }
    }

    /// <summary>Every item of a paged list (<c>items</c>, <c>total</c>), page after page.</summary>
    protected async Task<IReadOnlyList<TItem>> GetAllPagesAsync<TItem>(string pathAndQuery, int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<TItem>();
        var separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await GetAsync<Page<TItem>>($"{pathAndQuery}{separator}page={page}&pageSize={pageSize}", cancellationToken);
            items.AddRange(answer!.Items);
            if (answer.Items.Count < pageSize || items.Count >= answer.Total)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>The first page of a paged list (<c>items</c>, <c>total</c>), and whether more follow it.</summary>
    protected async Task<(IReadOnlyList<TItem> Items, bool More)> GetFirstPageAsync<TItem>(string pathAndQuery, int pageSize, CancellationToken cancellationToken)
    {
        var separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var answer = await GetAsync<Page<TItem>>($"{pathAndQuery}{separator}page=1&pageSize={pageSize}", cancellationToken);
        return (answer!.Items, answer.Total > answer.Items.Count);
    }

    private sealed record Page<TItem>(IReadOnlyList<TItem> Items, long Total);
}

/// <summary>Sends the caller's credentials and correlation id on every call the gateway makes for it.</summary>
public sealed class ForwardCallerHeaders(IHttpContextAccessor accessor) : DelegatingHandler
{
    public static readonly string[] Headers = ["Authorization", "X-Api-Key", "X-Correlation-Id"];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Request.Headers is { } incoming)
        {
            foreach (var name in Headers)
            {
                if (incoming.TryGetValue(name, out var values) && values.Count > 0)
                {
                    request.Headers.Remove(name);
                    request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
