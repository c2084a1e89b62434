using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Intelligence.Platform.Http;

/// <summary>
/// Turns the exceptions that reach the edge into problem details: unreadable bodies into a <c>400</c> naming the
/// field; those the app's host describes (<see cref="IExceptionProblems"/>: for an event-sourced service, lost races on
/// a stream into <c>409</c>, an unreachable database into <c>503</c>). Anything else is a <c>500</c> that says nothing
/// about internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems, IEnumerable<IExceptionProblems> described, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception)
            ?? described.Select(host => host.Describe(exception, httpContext)).FirstOrDefault(found => found is not null)
            ?? Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", "unexpected", "The error was logged.");
        if (problem.Status >= 500)
        {
            LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // A database restart or failover is over in seconds: tell clients when retrying is worth it.
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails? Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => Unreadable(json),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problem(
            StatusCodes.Status413PayloadTooLarge, "The request body is too large.", "body-size-limit",
            Problems.BodyTooLargeDetail),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when UnboundParameter(bad.Message) is { } parameter =>
            Unbindable(parameter, bad.Message),
        BadHttpRequestException bad => Problem(bad.StatusCode, "The request could not be read.", "readable-request", bad.Message),
        _ => null,
    };

    private static ProblemDetails Unreadable(JsonException json)
    {
        // System.Text.Json reports where it stopped as a JSON path: "$.releaseDate" or "$.originCountries[1]".
        var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
        var problem = Problem(
            StatusCodes.Status400BadRequest,
            "The request body is not valid JSON for this endpoint.",
            "valid-json",
            $"{field}: the value could not be read as the expected type.");
        problem.Extensions["errors"] = new Dictionary<string, string[]>
        {
            [field] = [field == "body" ? "The body must be a JSON object of the documented shape." : "The value has the wrong type or format."],
        };
        return problem;
    }

    /// <summary>
    /// The parameter a route or query value could not be bound to, named as the client sends it; the framework
    /// says <c>Failed to bind parameter "DateOnly? asOf" from "2024-13-45".</c>
    /// </summary>
    private static string? UnboundParameter(string message) =>
        UnboundParameterMessage().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    private static ProblemDetails Unbindable(string parameter, string message)
    {
        var problem = Problem(StatusCodes.Status400BadRequest, "A parameter of the request is not valid.", "valid-parameter", message);
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [parameter] = ["The value has the wrong type or format."] };
        return problem;
    }

    private static ProblemDetails Problem(int status, string title, string rule, string detail) => Problems.Details(status, title, rule, detail);

    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from""")]
    private static partial Regex UnboundParameterMessage();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
