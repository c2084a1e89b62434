using System.Globalization;
using System.Text;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Import;
using Intelligence.Releases.Projections;
using JasperFx.Events.Projections;
using Marten;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>import-releases</c>: the releases service's <c>POST /imports</c> (see <see cref="ImportScenario{TProgram}"/>),
/// fed the reference <c>data/releases.csv</c> repeated to N rows, each a new model; beside it, the same
/// <see cref="ModelAnnounced"/> events, one stream each, appended raw.
/// </summary>
public sealed class ImportReleases : ImportScenario<ReleasesProgram>
{
    public override string Name => "import-releases";

    public override string Summary =>
        "POST /imports of the releases service (reference file repeated, every row a new model) vs a raw batched Marten append of the same ModelAnnounced events.";

    public override string Service => "releases";

    protected override string Projections => "CatalogEntry and ReleaseStats projected by the async daemon";

    protected override string EventSource => "the service's ReleaseRow.Read";

    protected override Task<string> FileAsync(int rows, string tag, CancellationToken cancellationToken) =>
        ReleasesFileAsync(rows, tag, cancellationToken);

    /// <summary>The file's rows read by the service's own reader, as the announcements the importer would decide, one stream each, in its batches.</summary>
    protected override async Task<IReadOnlyList<IReadOnlyList<StreamEvents>>> BatchesAsync(string csv, CancellationToken cancellationToken) =>
        [.. ScratchStore.Batches(await AnnouncementsAsync(csv, cancellationToken), BatchSize)];

    /// <summary>
    /// The reference <c>data/releases.csv</c> repeated to <paramref name="rows"/> rows, the model name of repetition k
    /// suffixed " {tag}{k:0000}" so that every row announces a new model.
    /// </summary>
    public static async Task<string> ReleasesFileAsync(int rows, string tag, CancellationToken cancellationToken) =>
        ReleasesFile(await File.ReadAllLinesAsync(Repository.File("data", "releases.csv"), cancellationToken), rows, tag);

    /// <summary>The file's rows read by the service's own reader, as the announcements the importer would decide: one stream each, in the file's order.</summary>
    public static async Task<IReadOnlyList<StreamEvents>> AnnouncementsAsync(string csv, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var streams = new List<StreamEvents>();
        using var reader = new StringReader(csv);
        await foreach (var record in CsvRecords.ReadAsync(reader, ReleaseRow.RequiredColumns, cancellationToken))
        {
            var (row, rejection) = ReleaseRow.Read(record, CountryNames.Default, today);
            var command = row?.Command ?? throw new InvalidOperationException($"Line {record.Line} is rejected: {rejection}");
            streams.Add(new StreamEvents(command.ModelId, [new ModelAnnounced(command.ModelId, command.Details, command.Source)]));
        }

        return streams;
    }

    /// <summary>Every row announces a new model: one event each, nothing corrected, unchanged or rejected.</summary>
    protected override int? EventsReported(ImportReport report, ImportFile file)
    {
        var rows = file.Rows;
        if (report.Rows != rows || report.Accepted != rows || report.Rejected.Count != 0 || report.Corrected != 0 || report.Unchanged != 0)
        {
            throw new InvalidOperationException(
                $"The import of {rows} new models reported {report.Rows} rows, {report.Accepted} accepted, {report.Corrected} corrected, {report.Unchanged} unchanged, {report.Rejected.Count} rejected{Rejections(report)}.");
        }

        return report.Accepted;
    }

    protected override void ConfigureRawStore(StoreOptions options, bool projections)
    {
        options.Events.AddEventType<ModelAnnounced>();
        if (projections)
        {
            options.Projections.Add(new CatalogEntryProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
            options.Projections.Add(new ReleaseStatsProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
            options.Schema.For<ReleaseCount>();
        }
    }

    private static string ReleasesFile(string[] reference, int rows, string tag)
    {
        var data = reference.Skip(1).Where(line => line.Length > 0).ToArray();
        var file = new StringBuilder().Append(reference[0]).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            file.Append(WithModelSuffix(data[i % data.Length], string.Create(CultureInfo.InvariantCulture, $" {tag}{i / data.Length:0000}"))).Append('\n');
        }

        return file.ToString();
    }

    /// <summary>Appends to the second field (model) of a CSV line, quoted or not; the first (release_id) is never quoted.</summary>
    private static string WithModelSuffix(string line, string suffix)
    {
        var start = line.IndexOf(',', StringComparison.Ordinal) + 1;
        if (start == 0)
        {
            throw new InvalidOperationException($"Not a releases row: {line}");
        }

        var end = line[start] == '"' ? ClosingQuote(line, start + 1) : line.IndexOf(',', start);
        return line.Insert(end < 0 ? line.Length : end, suffix);
    }

    private static int ClosingQuote(string line, int from)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        throw new InvalidOperationException($"Unclosed quote in: {line}");
    }
}
