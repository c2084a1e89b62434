using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Intelligence.Platform.Http;

/// <summary>
/// The web half of <c>Idempotency-Key</c>: the body of a request that carries one can be read again. The endpoint
/// filter that records and replays answers is Platform's <c>Idempotency.WithIdempotency</c>, on the event store.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>Lets the endpoint filter read the body again after model binding consumed it.</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (http.Request.Headers.ContainsKey(Header))
            {
                http.Request.EnableBuffering();
            }

            return next(http);
        });
}
