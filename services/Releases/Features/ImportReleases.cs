using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Import;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Releases.Features;

/// <summary>
/// <c>POST /imports</c>: a releases file (text/csv, the columns of the reference releases.csv), streamed and
/// appended in batches. A new model is announced; a known one whose facts differ is corrected; the same facts
/// again store nothing. One bad row never stops the file: it is reported with its line and reason.
/// </summary>
public static class ImportReleases
{
    public static IEndpointRouteBuilder MapImportReleases(this IEndpointRouteBuilder app)
    {
        app.MapCsvImport<ImportReport>("ImportReleases", "Bulk import of releases as text/csv. Answers a per-row report: accepted, corrected, unchanged, rejected (line and reason), normalised.", Handle);
        return app;
    }

    private static async Task<IResult> Handle(HttpContext http, IDocumentStore store, TimeProvider clock, ServiceIdentity service, IOptions<ImportOptions> options)
    {
        var today = clock.UtcDate();
        var tally = new ImportTally(service.Name, options.Value.ListedNotesPerKind);
        var refusal = await CsvImports.ReadInBatchesAsync(
            http.Request,
            ReleaseRow.RequiredColumns,
            tally,
            record => ReleaseRow.Read(record, CountryNames.Default, today),
            batch => ApplyAsync(store, batch, tally, http.RequestAborted));
        if (refusal is not null)
        {
            return refusal;
        }

        var report = tally.ToReport();
        return CsvImports.Answer(report, report.Rows, report.Accepted + report.Corrected + report.Unchanged);
    }

    /// <summary>
    /// Decides every row of a batch against the models' current state (and the batch's earlier rows), then
    /// commits the batch in one transaction. A concurrent write to one of its models rolls the batch back; it is
    /// then decided again on the new state.
    /// </summary>
    private static async Task ApplyAsync(IDocumentStore store, IReadOnlyList<ReadRow> rows, ImportTally tally, CancellationToken cancellationToken)
    {
        // If someone writes one of these models meanwhile, the batch is decided again on what is stored then.
        await LostRace.RetryAsync(() => TryApplyAsync(store, rows, tally, cancellationToken));
    }

    private static async Task TryApplyAsync(IDocumentStore store, IReadOnlyList<ReadRow> rows, ImportTally tally, CancellationToken cancellationToken)
    {
        await using var session = store.CorrelatedSession();
        var ids = rows.Select(row => row.Command.ModelId).Distinct(StringComparer.Ordinal).ToList();
        var stored = await CatalogStates.LoadAsync(session, ids, cancellationToken);
        var models = new Dictionary<string, (Model? State, List<IModelEvent> Events)>(StringComparer.Ordinal);
        int accepted = 0, corrected = 0, unchanged = 0;
        var rejected = new List<RowNote>();

        foreach (var row in rows)
        {
            var command = row.Command;
            if (!models.TryGetValue(command.ModelId, out var model))
            {
                model = (stored.GetValueOrDefault(command.ModelId)?.State?.State, []);
            }

            var decision = model.State is null
                ? ModelDecider.Decide(null, command)
                : ModelDecider.Decide(model.State, new Domain.CorrectModelDetails(command.ModelId, command.Details, $"import, line {row.Line}", command.Source));
            if (decision.Rejection is { } rejection)
            {
                rejected.Add(new RowNote(row.Line, $"{rejection.Rule}: {rejection.Detail}"));
                continue;
            }

            if (decision.Events.Count == 0)
            {
                unchanged++;
                continue;
            }

            if (model.State is null)
            {
                accepted++;
            }
            else
            {
                corrected++;
            }

            model.Events.AddRange(decision.Events);
            models[command.ModelId] = (decision.Events.Aggregate(model.State, ModelDecider.Evolve), model.Events);
        }

        await CatalogStates.AppendAsync(session, stored, models.Select(pair => (pair.Key, pair.Value.Events)), cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        tally.Committed(accepted, corrected, unchanged, rejected);
    }
}
