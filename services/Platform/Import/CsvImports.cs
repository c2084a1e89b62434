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
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .DisableAntiforgery();

    /// <summary>A <c>415</c> unless the body is declared as CSV; null when it is.</summary>
    public static IResult? RefuseUnlessCsv(HttpRequest request) =>
        (request.ContentType ?? string.Empty).StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
            ? null
            : Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Imports are CSV.", "import-content-type", "Send the file with Content-Type: text/csv.");

    /// <summary>A <c>400</c> for a file that cannot be imported at all (no header, missing columns).</summary>
    public static IResult Unreadable(CsvFormatException exception) =>
        Problems.Problem(StatusCodes.Status400BadRequest, "The file cannot be imported.", "import-format", exception.Message);
}
