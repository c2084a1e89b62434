using Intelligence.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Intelligence.Platform.Import;

/// <summary>What every service's <c>POST /imports</c> shares: the endpoint's shape and its two file-level refusals.</summary>
public static class CsvImports
{
    public const string ContentType = "text/csv";

    /// <summary><c>POST /imports</c>, taking text/csv and answering a per-row report (an <see cref="ImportReport"/> or a service's own).</summary>
    /// <summary>Bulk files may be larger than commands: 64 MiB, about 300,000 rows of the bundled CSV shapes.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    public static RouteHandlerBuilder MapCsvImport<TReport>(this IEndpointRouteBuilder app, string name, string summary, Delegate handler) =>
        app.MapPost("/imports", handler)
            .WithName(name)
            .WithSummary(summary)
            .Accepts<string>(ContentType)
            .Produces<TReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .DisableAntiforgery();

    /// <summary>A <c>415</c> unless the body is declared as CSV; null when it is.</summary>
    public static IResult? RefuseUnlessCsv(HttpRequest request) =>
        (request.ContentType ?? string.Empty).StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
            ? null
            : Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Imports are CSV.", "import-content-type", "Send the file with Content-Type: text/csv.");

    /// <summary>
    /// The answer to a file that could be read: <c>200</c> with the report when at least one row was kept (accepted,
    /// corrected or unchanged); otherwise a <c>422</c> problem (rule <c>import-rows</c>) carrying the same report as
    /// its <c>report</c>, so a client that looks only at the status sees that nothing was imported, and why.
    /// </summary>
    /// <param name="rows">The rows the file held.</param>
    /// <param name="kept">The rows the import accepted, corrected, found unchanged or otherwise kept.</param>
    public static IResult Answer<TReport>(TReport report, int rows, int kept)
    {
        if (kept > 0)
        {
            return TypedResults.Ok(report);
        }

        var problem = Problems.Details(
            StatusCodes.Status422UnprocessableEntity,
            "No row of the file can be imported.",
            "import-rows",
            rows == 0 ? "The file has a header but no rows." : $"Every one of the {rows} rows was rejected; the report lists each with its line and reason.");
        problem.Extensions["report"] = report;
        return TypedResults.Problem(problem);
    }

    /// <summary>A <c>400</c> for a file that cannot be imported at all (no header, missing columns).</summary>
    public static IResult Unreadable(CsvFormatException exception) =>
        Problems.Problem(StatusCodes.Status400BadRequest, "The file cannot be imported.", "import-format", exception.Message);
}
