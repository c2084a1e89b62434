using System.Security.Cryptography;
using Intelligence.Platform.EventStore;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Platform.Http;

/// <summary>The first answer to a command sent with an <c>Idempotency-Key</c>, kept to answer its retries.</summary>
public sealed record IdempotencyRecord(
    string Id, string Fingerprint, int Status, string? Location, string? ETag, string Body, DateTimeOffset RecordedAt);

/// <summary>A request that holds a new idempotency key: its answer is recorded with the command's own writes.</summary>
public sealed record IdempotencyClaim(string Key, string Fingerprint);

/// <summary>
/// <c>Idempotency-Key</c> on commands: a retried request returns the first answer and stores nothing new; the same
/// key with a different request is <c>422</c>. The record commits in the same transaction as the command's events
/// (see <see cref="CommandResults.CommitAsync"/>), so a key can never be recorded without its effect or the reverse.
/// The web defaults buffer such requests' bodies (<see cref="IdempotencyKeys.UseIdempotencyKeys"/>).
/// </summary>
public static class Idempotency
{
    public const string Header = IdempotencyKeys.Header;
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;
    internal const string ClaimItem = "Intelligence.IdempotencyClaim";

    /// <summary>Marks a command endpoint as honouring <c>Idempotency-Key</c>.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = http.Request.Headers[Header].ToString();
            if (key.Length == 0)
            {
                return await next(context);
            }

            if (key.Length > MaxKeyLength)
            {
                return Problems.Problem(
                    StatusCodes.Status400BadRequest, "The Idempotency-Key header is not valid.", "idempotency-key-length", $"The key must be at most {MaxKeyLength} characters.");
            }

            var fingerprint = await FingerprintAsync(http.Request);
            var session = http.RequestServices.GetRequiredService<IDocumentSession>();
            if (await session.LoadAsync<IdempotencyRecord>(key, http.RequestAborted) is { } recorded)
            {
                return Answer(recorded, fingerprint);
            }

            http.Items[ClaimItem] = new IdempotencyClaim(key, fingerprint);
            try
            {
                return await next(context);
            }
            catch (Exception exception) when (exception is DocumentAlreadyExistsException || LostRace.Is(exception))
            {
                // A concurrent request with the same key committed first and ours rolled back whole: answer as it did.
                await using var query = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
                if (await query.LoadAsync<IdempotencyRecord>(key, http.RequestAborted) is { } winner)
                {
                    return Answer(winner, fingerprint);
                }

                throw;
            }
        });

    private static object Answer(IdempotencyRecord recorded, string fingerprint) =>
        recorded.Fingerprint == fingerprint
            ? new StoredResponse(recorded.Status, recorded.Location, recorded.ETag, recorded.Body, Replayed: true)
            : Problems.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "The Idempotency-Key was already used for another request.",
                "idempotency-key-reuse",
                "A retry must repeat the first request exactly; use a new key for a new request.");

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            request.Body.Position = 0;
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

/// <summary>A command's answer as JSON text: what is recorded for idempotent retries, and what replays it.</summary>
public sealed record StoredResponse(int Status, string? Location, string? ETag, string Body, bool Replayed = false) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (ETag is not null)
        {
            response.Headers.ETag = ETag;
        }

        if (Replayed)
        {
            response.Headers[Idempotency.ReplayedHeader] = "true";
        }

        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(Body, httpContext.RequestAborted);
    }
}
