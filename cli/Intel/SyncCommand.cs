using System.ComponentModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Intelligence.Cli;

/// <summary>
/// <c>intel sync &lt;catalog&gt; [--from FILE|URL]</c>: reads a public catalog's snapshot (a pinned file, or the
/// upstream URL) and posts it to the service that owns the catalog, with its provenance (version, where and when it
/// was read), then prints what the sync did. Exits 2 when the snapshot was refused (nothing stored), 1 when it could
/// not be read or sent.
/// </summary>
public sealed class SyncCommand(IAnsiConsole console) : AsyncCommand<SyncCommand.Settings>
{
    /// <summary>Each catalog: the service that syncs it and where its current snapshot is published.</summary>
    public static readonly IReadOnlyList<(string Catalog, string Service, string Upstream)> Catalogs =
    [
        ("genai-prices", "pricing", "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json"),
        ("models.dev", "releases", "https://models.dev/api.json"),
    ];

    public sealed class Settings : GatewaySettings
    {
        [CommandArgument(0, "<catalog>")]
        [Description("genai-prices (prices, synced by pricing) or models.dev (models, synced by releases).")]
        public string Catalog { get; init; } = string.Empty;

        [CommandOption("-f|--from <FILE_OR_URL>")]
        [Description("A snapshot file (data/catalogs/genai-prices.json) or URL; default the catalog's upstream URL.")]
        public string? From { get; init; }

        [CommandOption("--snapshot-version <VERSION>")]
        [Description("The snapshot's version (default: the package version snapshots.json beside the file gives it, else its sha256).")]
        public string? SnapshotVersion { get; init; }

        protected override string DevelopmentKey => "dev-editor-key";

        public override ValidationResult Validate() =>
            Catalogs.Any(known => known.Catalog == Catalog)
                ? ValidationResult.Success()
                : ValidationResult.Error($"catalog: must be one of {string.Join(", ", Catalogs.Select(known => known.Catalog))}");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (catalog, service, upstream) = Catalogs.Single(known => known.Catalog == settings.Catalog);
        var from = settings.From ?? upstream;
        byte[] content;
        var readAt = DateTimeOffset.UtcNow;
        try
        {
            content = Uri.TryCreate(from, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? await DownloadAsync(url, cancellationToken)
                : await File.ReadAllBytesAsync(from, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
        {
            console.MarkupLineInterpolated($"[red]{from}: cannot be read: {exception.Message}[/]");
            return 1;
        }

        var version = settings.SnapshotVersion ?? PinnedVersion(from, content);
        var query = $"version={Uri.EscapeDataString(version ?? string.Empty)}&location={Uri.EscapeDataString(Location(from))}"
            + $"&readAt={Uri.EscapeDataString(readAt.ToString("O", CultureInfo.InvariantCulture))}";
        using var client = settings.Client(TimeSpan.FromMinutes(10));
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(new Uri($"api/{service}/sync/{catalog}?{query}", UriKind.Relative), body, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            console.MarkupLineInterpolated($"[red]{service}: the gateway cannot be reached: {exception.Message}[/]");
            return 1;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var detail = TryDetail(text) ?? text;
                console.MarkupLineInterpolated($"[red]{catalog}: the sync was refused ({(int)response.StatusCode}); nothing was stored:[/] {detail}");
                return response.StatusCode == System.Net.HttpStatusCode.BadRequest ? 2 : 1;
            }

            Report(JsonDocument.Parse(text).RootElement, content.Length);
            return 0;
        }
    }

    /// <summary>The package version snapshots.json beside a vendored file gives it, when the file is the one it pins (same sha256).</summary>
    public static string? PinnedVersion(string from, byte[] content)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(from)) ?? ".", "snapshots.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        using var pins = JsonDocument.Parse(File.ReadAllText(manifest));
        return pins.RootElement.EnumerateArray()
            .Where(pin => pin.GetProperty("file").GetString() == Path.GetFileName(from) && pin.GetProperty("sha256").GetString() == sha256)
            .Select(pin => $"{pin.GetProperty("package").GetString()}@{pin.GetProperty("version").GetString()}")
            .FirstOrDefault();
    }

    private static string Location(string from) =>
        Uri.TryCreate(from, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? from : Path.GetFileName(from);

    private static async Task<byte[]> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        return await http.GetByteArrayAsync(url, cancellationToken);
    }

    private static string? TryDetail(string text)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Report(JsonElement report, int bytes)
    {
        int Count(string name) => report.GetProperty(name).GetInt32();
        var totals = report.GetProperty("totals");
        var skippedTotal = totals.GetProperty("skipped").GetInt32();
        var table = new Table().AddColumns("catalog", "version", "providers", "entries", "added", "changed", "unchanged", "delisted", "side by side", "same as another", "skipped", "events", "seconds");
        table.AddRow(
            report.GetProperty("catalog").GetString()!, report.GetProperty("version").GetString()!, Count("providers").ToString(CultureInfo.InvariantCulture),
            Count("entries").ToString(CultureInfo.InvariantCulture), Count("added").ToString(CultureInfo.InvariantCulture), Count("changed").ToString(CultureInfo.InvariantCulture),
            Count("unchanged").ToString(CultureInfo.InvariantCulture), Count("delisted").ToString(CultureInfo.InvariantCulture), Count("sideBySide").ToString(CultureInfo.InvariantCulture),
            Count("sameAsAnother").ToString(CultureInfo.InvariantCulture),
            skippedTotal.ToString(CultureInfo.InvariantCulture), Count("eventsStored").ToString(CultureInfo.InvariantCulture),
            report.GetProperty("seconds").GetDouble().ToString("0.0", CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLineInterpolated($"{bytes / 1024.0:0} KiB read; {totals.GetProperty("notes").GetInt32()} notes (the JSON report lists the first {totals.GetProperty("listedEach").GetInt32()} of each kind)");
        var unmapped = report.GetProperty("unmappedProviders").EnumerateArray().Select(p => p.GetString()).ToList();
        if (unmapped.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]providers the provider map does not know (kept, bloc unknown):[/] {string.Join(", ", unmapped)}");
        }

        var shown = report.GetProperty("skipped").EnumerateArray().Take(20).ToList();
        foreach (var note in shown)
        {
            console.MarkupLineInterpolated($"  skipped {note.GetProperty("entry").GetString()}: {note.GetProperty("note").GetString()}");
        }

        if (skippedTotal > shown.Count)
        {
            console.MarkupLineInterpolated($"  … and {skippedTotal - shown.Count} more skipped");
        }
    }
}
