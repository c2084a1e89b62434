using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Intelligence.Platform.Http;

/// <summary>The problem answers the domain expects, each naming the rule it enforces.</summary>
public static class Problems
{
    /// <summary>A <c>409</c>: the command is valid but the aggregate's state forbids it.</summary>
    public static ProblemHttpResult Conflict(string rule, string detail) => Problem(StatusCodes.Status409Conflict, "The request conflicts with the current state.", rule, detail);

    /// <summary>A <c>412</c>: the client's <c>If-Match</c> version is not the stream's current version.</summary>
    public static ProblemHttpResult VersionMismatch(long expected, long actual) => Problem(
        StatusCodes.Status412PreconditionFailed,
        "The resource has changed.",
        "if-match-version",
        $"If-Match named version {expected}, but the current version is {actual}.");

    public static ProblemHttpResult NotFound(string what, string id) => Problem(
        StatusCodes.Status404NotFound, $"The {what} does not exist.", "exists", $"No {what} has the id '{id}'.");

    public static ProblemHttpResult Problem(int status, string title, string rule, string detail) =>
        TypedResults.Problem(Details(status, title, rule, detail));

    public const string BodyTooLargeDetail = "The body exceeds this endpoint's limit: commands are small JSON documents, imports may be larger CSV files.";

    /// <summary>The body of every problem the system writes: its <c>type</c> and <c>rule</c> name the rule broken.</summary>
    public static ProblemDetails Details(int status, string title, string rule, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Type = $"https://intelligence.local/problems/{rule}",
        Extensions = { ["rule"] = rule },
    };
}
