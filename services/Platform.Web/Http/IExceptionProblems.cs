using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Intelligence.Platform.Http;

/// <summary>
/// Exceptions an app's host knows how to answer, beyond the web defaults' own (an unreadable request): registered as
/// services and asked in order by the exception handler before it answers <c>500</c>. An event-sourced service
/// registers the event store's (Platform's <c>StoreProblems</c>).
/// </summary>
public interface IExceptionProblems
{
    /// <summary>The problem that answers <paramref name="exception"/>, or null when it is not one of these.</summary>
    ProblemDetails? Describe(Exception exception, HttpContext httpContext);
}
