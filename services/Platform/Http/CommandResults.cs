using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Intelligence.Platform.Http;

/// <summary>The two steps every command endpoint shares: honour <c>If-Match</c>, then commit and answer.</summary>
public static class CommandResults
{
    /// <summary>
    /// The answers every command on an existing stream may give besides success, for the OpenAPI document:
    /// 400 (validation), 404 (unknown id), 409 (a rule), 412 (If-Match), 422 (Idempotency-Key reuse).
    /// </summary>
    public static RouteHandlerBuilder ProducesCommandProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// Compares the client's <c>If-Match</c> with the stream's current version (0 for a stream not yet started).
    /// Returns the problem to answer with, or null when the command may go on.
    /// </summary>
    public static IResult? CheckIfMatch(HttpContext http, long? currentVersion)
    {
        if (!StreamETag.TryReadIfMatch(http.Request, out var expected))
        {
            return Problems.Problem(
                StatusCodes.Status400BadRequest, "The If-Match header is not valid.", "if-match-format", "If-Match must be a stream version as its ETag gave it, e.g. \"3\".");
        }

        var actual = currentVersion ?? 0;
        return expected is { } version && version != actual ? Problems.VersionMismatch(version, actual) : null;
    }

    /// <summary>
    /// Saves the session's appended events, with the idempotency record when the request holds a new key, in one
    /// transaction; answers with <paramref name="body"/> as JSON and the stream's new version as ETag.
    /// A lost race on the stream surfaces as Marten's concurrency exception (answered 409, or 412 under If-Match).
    /// </summary>
    public static async Task<IResult> CommitAsync(
        this IDocumentSession session, HttpContext http, int status, string? location, long version, object body)
    {
        var json = JsonSerializer.Serialize(body, body.GetType(), http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        var etag = StreamETag.For(version);
        if (http.Items[Idempotency.ClaimItem] is IdempotencyClaim claim)
        {
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            session.Insert(new IdempotencyRecord(claim.Key, claim.Fingerprint, status, location, etag, json, now));
        }

        await session.SaveChangesAsync(http.RequestAborted);
        return new StoredResponse(status, location, etag, json);
    }
}
