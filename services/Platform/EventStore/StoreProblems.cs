using Intelligence.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// The event store's exceptions as problems, for the web defaults' exception handler: lost races on a stream into
/// <c>409</c> (<c>412</c> when the request named a version with If-Match), an unreachable database into <c>503</c>.
/// </summary>
internal sealed class StoreProblems : IExceptionProblems
{
    public ProblemDetails? Describe(Exception exception, HttpContext httpContext) => exception switch
    {
        _ when LostRace.Is(exception) && httpContext.Request.Headers.IfMatch.Count > 0 => Problems.Details(
            StatusCodes.Status412PreconditionFailed, "The resource has changed.", "if-match-version",
            "Another write to the same stream committed first; the version named by If-Match is no longer current."),
        _ when LostRace.Is(exception) => Problems.Details(
            StatusCodes.Status409Conflict, "The request conflicts with the current state.", "concurrent-write",
            "Another write to the same stream committed first; read it again and retry."),
        _ when StoreUnavailable.Is(exception) => Problems.Details(
            StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable.", "store-available",
            "The event store could not be reached; nothing was stored. Retry later."),
        _ => null,
    };
}
