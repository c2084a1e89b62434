using System.Net;
using System.Text.Json;
using Intelligence.Gateway.Observability;
using Intelligence.Gateway.Routing;
using Intelligence.Platform;
using Intelligence.Platform.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Intelligence.Gateway.Composition;

/// <summary>
/// Keeps each whole composed answer beside the tagged service answers it was built from. The same request on the
/// same day asks each of those parts again conditionally, all at once, and when every service answers 304 the kept
/// answer goes out as it was written: no part is read, nothing is composed or serialized again. Any part changed,
/// untagged, failing or slow, and the answer is composed as usual. Answers with a missing part are never kept.
/// Each kept answer carries a weak ETag of its parts' tags, so a client holding it gets a 304 too.
/// </summary>
public sealed class KeptAnswers(
    PartCache cache, IHttpClientFactory clients, ServiceDestinations destinations, CompositionSettings settings, TimeProvider clock, IOptions<JsonOptions> json)
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = ComposedMetrics.EndpointLabel(http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "composed");
        PartRunner.MarkStart(http);
        var key = $"{http.Request.Path}{http.Request.QueryString} {clock.UtcDate():yyyy-MM-dd}";
        if (cache.FindAnswer(key) is { } kept && await UnchangedAsync(kept.Parts, http.RequestAborted))
        {
            GatewayMetrics.KeptAnswers.WithLabels(endpoint, "revalidated").Inc();
            return Send(http, kept);
        }

        var reads = PartReads.Begin();
        var result = await next(context);
        if (result is not IValueHttpResult { Value: IComposedAnswer answer } || result is IStatusCodeHttpResult { StatusCode: not (null or StatusCodes.Status200OK) })
        {
            return result; // a refusal (a bad query, an unknown model) is no composed answer
        }

        if (answer.Degraded.Count > 0 || reads.Tagged() is not { Count: > 0 } parts)
        {
            GatewayMetrics.KeptAnswers.WithLabels(endpoint, "not-kept").Inc();
            return result;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), json.Value.SerializerOptions);
        var fresh = new KeptAnswer(Tag(key, parts), body, parts);
        cache.KeepAnswer(key, fresh);
        GatewayMetrics.KeptAnswers.WithLabels(endpoint, "kept").Inc();
        return Send(http, fresh);
    }

    private static IResult Send(HttpContext http, KeptAnswer answer)
    {
        // Revalidate every time: the parts' tags, not an age, say whether the answer still holds.
        http.Response.Headers.ETag = answer.ETag;
        http.Response.Headers.CacheControl = "no-cache";
        return WeakETag.IsHeldBy(http.Request, answer.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(answer.Body, "application/json; charset=utf-8");
    }

    private static string Tag(string key, IReadOnlyList<PartRead> parts) =>
        WeakETag.Of(string.Join('\n', [key, WeakETag.Build, .. parts.Select(part => $"{part.Service} {part.PathAndQuery} {part.ETag}")]));

    /// <summary>
    /// Whether every part is unchanged, asked in parallel within a third of the part timeout: a slow service leaves
    /// the rest of the answer's time to composing (the parts' timeout counts from the answer's start). Sent with the caller's credentials, so each service still decides
    /// whether this caller may read it.
    /// </summary>
    private async Task<bool> UnchangedAsync(IReadOnlyList<PartRead> parts, CancellationToken requestAborted)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        budget.CancelAfter(settings.PartTimeout / 3);
        try
        {
            return (await Task.WhenAll(parts.Select(part => NotModifiedAsync(part, budget.Token)))).All(unchanged => unchanged);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException && !requestAborted.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<bool> NotModifiedAsync(PartRead part, CancellationToken cancellationToken)
    {
        if (destinations.Attempts(part.Service) is not [var address, ..])
        {
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, part.PathAndQuery)).For(part.Service);
        request.Headers.TryAddWithoutValidation("If-None-Match", part.ETag);
        using var response = await clients.CreateClient(ServiceClient.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            return false;
        }

        PartCache.Count(part.Service, "revalidated");
        return true;
    }
}

/// <summary>Puts <see cref="KeptAnswers"/> in front of a group of composed read models.</summary>
public static class KeptAnswersFilter
{
    public static RouteGroupBuilder WithKeptAnswers(this RouteGroupBuilder group) =>
        group.AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<KeptAnswers>().InvokeAsync(context, next));
}
