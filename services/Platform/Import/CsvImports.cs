using Intelligence.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Intelligence.Platform.Import;

/// <summary>A row an import read from its file: what the service applies, and what reading it had to normalise.</summary>
public interface IImportRow
{
    IReadOnlyList<string> Normalised { get; }
}

/// <summary>
/// What every service's <c>POST /imports</c> shares: the endpoint's shape, its file-level refusals, the reading of
/// the file into batches, and the answer.
/// </summary>
public static class CsvImports
{
    public const string ContentType = "text/csv";

    /// <summary>Rows decided and committed in one transaction: large enough to cost few round trips, small enough to retry a lost race.</summary>
    public const int BatchSize = 500;

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

    /// <summary>
    /// Reads the file of a <c>POST /imports</c> into batches of <paramref name="batchSize"/> rows and hands each to
    /// <paramref name="apply"/>, the last one short. Every record is counted as a row; its rejection (if any) and
    /// its normalisations are noted in <paramref name="tally"/>. A row may be both rejected and kept (adoption keeps
    /// a row with no number as a note). Answers the refusal of a body that is not CSV (<c>415</c>) or a file that
    /// cannot be read (<c>400</c>); null when the file was read to its end.
    /// </summary>
    public static async Task<IResult?> ReadInBatchesAsync<TRow>(
        HttpRequest request,
        IReadOnlyCollection<string> requiredColumns,
        ImportTally tally,
        Func<CsvRecord, (TRow? Row, string? Rejection)> read,
        Func<IReadOnlyList<TRow>, Task> apply,
        int batchSize = BatchSize)
        where TRow : class, IImportRow
    {
        if (RefuseUnlessCsv(request) is { } notCsv)
        {
            return notCsv;
        }

        var batch = new List<TRow>(Math.Min(batchSize, BatchSize));
        try
        {
            await foreach (var record in CsvRecords.ReadAsync(request.Body, requiredColumns, request.HttpContext.RequestAborted))
            {
                tally.Row();
                var (row, rejection) = read(record);
                if (rejection is not null)
                {
                    tally.Reject(record.Line, rejection);
                }

                if (row is null)
                {
                    continue;
                }

                foreach (var note in row.Normalised)
                {
                    tally.Normalised(record.Line, note);
                }

                batch.Add(row);
                if (batch.Count >= batchSize)
                {
                    await apply(batch);
                    batch.Clear();
                }
            }
        }
        catch (CsvFormatException exception)
        {
            return Unreadable(exception);
        }

        if (batch.Count > 0)
        {
            await apply(batch);
        }

        return null;
    }

    /// <summary>A <c>415</c> unless the body is declared as CSV; null when it is.</summary>
    private static ProblemHttpResult? RefuseUnlessCsv(HttpRequest request) =>
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
    private static ProblemHttpResult Unreadable(CsvFormatException exception) =>
        Problems.Problem(StatusCodes.Status400BadRequest, "The file cannot be imported.", "import-format", exception.Message);
}
