using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Intelligence.Cli;

/// <summary>
/// <c>intel import &lt;dir|file&gt;</c>: posts each CSV file to its service's <c>/imports</c> through the gateway, releases
/// first (the others link to its models), showing upload progress, then each file's report with every rejected
/// row. Exits 1 when rows were rejected, unless <c>--allow-rejected</c>; 2 when a file could not be imported at all.
/// </summary>
public sealed class ImportCommand(IAnsiConsole console) : AsyncCommand<ImportCommand.Settings>
{
    /// <summary>The file each service imports, in the order they must go in.</summary>
    public static readonly IReadOnlyList<(string File, string Service)> KnownFiles =
    [
        ("releases.csv", "releases"),
        ("prices.csv", "pricing"),
        ("regulations.csv", "regulation"),
        ("adoption.csv", "adoption"),
    ];

    public sealed class Settings : GatewaySettings
    {
        [CommandArgument(0, "<path>")]
        [Description("A folder holding releases.csv, prices.csv, regulations.csv, adoption.csv (any of them), or one such file.")]
        public string Path { get; init; } = string.Empty;

        [CommandOption("-s|--service <SERVICE>")]
        [Description("The service a single file goes to, when its name is not one of the known ones.")]
        public string? Service { get; init; }

        [CommandOption("--allow-rejected")]
        [Description("Exit 0 even when rows were rejected (they are still listed).")]
        public bool AllowRejected { get; init; }

        protected override string DevelopmentKey => "dev-editor-key";

        public override ValidationResult Validate()
        {
            if (!File.Exists(Path) && !Directory.Exists(Path))
            {
                return ValidationResult.Error($"path: '{Path}' is neither a file nor a folder");
            }

            return Service is not null && !IsService(Service)
                ? ValidationResult.Error($"--service: must be one of {string.Join(", ", Services)}")
                : ValidationResult.Success();
        }
    }

    /// <summary>One file's outcome: its service, the report's counts, and the rows it refused.</summary>
    public sealed record FileImport(string File, string Service, int Rows, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<(int Line, string Reason)> Rejected, int Normalised, TimeSpan Took)
    {
        /// <summary>
        /// The normalised rows worth a reader's eye: facts kept with a label no vocabulary maps (kind other) or with
        /// USD amounts waiting for an FX rate. The rest (aliases, obvious readings) stay counted only.
        /// </summary>
        public IReadOnlyList<(int Line, string Reason)> Kept { get; init; } = [];

        /// <summary>Every rejected row, counted; <see cref="Rejected"/> lists the first the report holds.</summary>
        public int RejectedCount { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        List<(string Path, string Service)> files;
        try
        {
            files = Plan(settings.Path, settings.Service);
        }
        catch (ArgumentException exception)
        {
            console.MarkupLineInterpolated($"[red]{exception.Message}[/]");
            return 2;
        }

        using var client = settings.Client(TimeSpan.FromMinutes(10));
        var results = new List<FileImport>();
        try
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var tasks = files.ToDictionary(file => file.Path, file => progress.AddTask($"{System.IO.Path.GetFileName(file.Path)} → {file.Service}", autoStart: false, maxValue: new FileInfo(file.Path).Length + 1));
                    foreach (var (path, service) in files)
                    {
                        var task = tasks[path];
                        task.StartTask();
                        results.Add(await ImportAsync(client, path, service, sent => task.Value = sent, cancellationToken));
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                });
        }
        catch (ImportFailedException exception)
        {
            console.MarkupLineInterpolated($"[red]{exception.Message}[/]");
            return 2;
        }

        Report(results);
        var rejected = results.Sum(result => result.RejectedCount);
        return rejected > 0 && !settings.AllowRejected ? 1 : 0;
    }

    /// <summary>The files a path stands for, each with its service, in import order.</summary>
    public static List<(string Path, string Service)> Plan(string path, string? service)
    {
        if (File.Exists(path))
        {
            var name = System.IO.Path.GetFileName(path);
            var target = service ?? KnownFiles.FirstOrDefault(known => known.File == name).Service
                ?? throw new ArgumentException($"{name}: not a known file name ({string.Join(", ", KnownFiles.Select(k => k.File))}); name the service with --service");
            return [(path, target)];
        }

        var found = KnownFiles
            .Select(known => (Path: System.IO.Path.Combine(path, known.File), known.Service))
            .Where(file => File.Exists(file.Path))
            .ToList();
        return found.Count > 0
            ? found
            : throw new ArgumentException($"{path}: holds none of {string.Join(", ", KnownFiles.Select(k => k.File))}");
    }

    public static async Task<FileImport> ImportAsync(HttpClient client, string path, string service, Action<long> sent, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var file = File.OpenRead(path);
        using var content = new ProgressContent(file, sent);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync(new Uri($"api/{service}/imports", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var answer = response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity ? ParseOrNull(body) : null;

        // A file whose every row was refused answers 422 (rule import-rows) with its report as "report": its rows are
        // listed like any rejected rows rather than failing the file.
        var root = response.StatusCode == HttpStatusCode.OK ? answer?.RootElement
            : answer?.RootElement.TryGetProperty("report", out var refused) == true ? refused
            : null;
        if (root is not { ValueKind: JsonValueKind.Object })
        {
            throw new ImportFailedException($"{System.IO.Path.GetFileName(path)} → {service}: {(int)response.StatusCode} {body}");
        }

        return Read(root.Value, path, service, clock.Elapsed);
    }

    private static JsonDocument? ParseOrNull(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FileImport Read(JsonElement root, string path, string service, TimeSpan took)
    {
        var counts = root.EnumerateObject()
            .Where(property => property.Value.ValueKind == JsonValueKind.Number && property.Name != "rows")
            .ToDictionary(property => property.Name, property => property.Value.GetInt32(), StringComparer.Ordinal);
        var rejected = root.TryGetProperty("rejected", out var rows)
            ? rows.EnumerateArray().Select(row => (row.GetProperty("line").GetInt32(), row.GetProperty("reason").GetString() ?? string.Empty)).ToList()
            : [];
        var notes = root.TryGetProperty("normalised", out var normalised)
            ? normalised.EnumerateArray().Select(row => (Line: row.GetProperty("line").GetInt32(), Reason: row.GetProperty("reason").GetString() ?? string.Empty)).ToList()
            : [];

        // The report lists the first notes of each kind; its totals count them all.
        int Total(string kind, int listed) =>
            root.TryGetProperty("totals", out var totals) && totals.TryGetProperty(kind, out var total) ? total.GetInt32() : listed;
        return new FileImport(System.IO.Path.GetFileName(path), service, root.GetProperty("rows").GetInt32(), counts, rejected, Total("normalised", notes.Count), took)
        {
            RejectedCount = Total("rejected", rejected.Count),
            Kept = [.. notes.Where(note => note.Reason.Contains("kept as other", StringComparison.Ordinal)
                || note.Reason.Contains("USD pending", StringComparison.Ordinal)
                || note.Reason.Contains("kept as stated", StringComparison.Ordinal))],
        };
    }

    private void Report(IReadOnlyList<FileImport> results)
    {
        var table = new Table().AddColumns("file", "service", "rows", "outcome", "rejected", "normalised", "s");
        foreach (var result in results)
        {
            table.AddRow(
                result.File,
                result.Service,
                result.Rows.ToString(CultureInfo.InvariantCulture),
                // Only what happened, so the table fits an 80-column log.
                string.Join(", ", result.Counts.Where(count => count.Value > 0).Select(count => $"{count.Key} {count.Value}").DefaultIfEmpty("nothing")),
                result.RejectedCount.ToString(CultureInfo.InvariantCulture),
                result.Normalised.ToString(CultureInfo.InvariantCulture),
                result.Took.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var rows = results.Sum(result => result.Rows);
        var seconds = results.Sum(result => result.Took.TotalSeconds);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{rows} rows in {seconds:0.00} s ({rows / Math.Max(seconds, 0.001):0} rows/s)");
        foreach (var result in results)
        {
            foreach (var (line, reason) in result.Kept)
            {
                console.MarkupLineInterpolated($"[blue]kept[/] {result.File} line {line}: {reason}");
            }
        }

        foreach (var result in results.Where(result => result.RejectedCount > 0))
        {
            foreach (var (line, reason) in result.Rejected)
            {
                console.MarkupLineInterpolated($"[yellow]rejected[/] {result.File} line {line}: {reason}");
            }

            if (result.RejectedCount > result.Rejected.Count)
            {
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]rejected[/] {result.File}: {result.RejectedCount - result.Rejected.Count} more rows after line {result.Rejected[^1].Line}, not listed");
            }
        }
    }

    private sealed class ImportFailedException(string message) : Exception(message);

    /// <summary>A streamed request body that reports how many bytes have gone out.</summary>
    private sealed class ProgressContent(Stream source, Action<long> sent) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read));
                total += read;
                sent(total);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = source.Length;
            return true;
        }
    }
}
