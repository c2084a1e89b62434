using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Platform.Http;
using Intelligence.Platform.Metrics;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Platform.Catalogs;

/// <summary>A snapshot that cannot be synced at all (not JSON, truncated, not the catalog's shape): refused whole, nothing stored.</summary>
public sealed class CatalogFormatException(string message) : Exception(message);

/// <summary>One entry of a snapshot ("provider/model") and what became of it, or why it was skipped.</summary>
public sealed record CatalogNote(string Entry, string Note);

/// <summary>
/// What a sync of one snapshot did: each entry added (a new model or offering), changed (a dated change of what
/// the catalog said before), unchanged (a second sync of the same snapshot is all unchanged and stores nothing),
/// delisted (gone from the catalog), side by side (the catalog disagrees with a hand-sourced fact, which it never
/// overwrites: both are kept), the same fact as another entry (a model several providers list: one listing states
/// it), or skipped with its reason; and the providers the provider map does not know. Every entry is in one count.
/// A snapshot may be uploaded, so its lists are capped as an import's are: the first notes by entry, all of them counted
/// in <see cref="Totals"/>.
/// </summary>
public sealed record CatalogSyncReport(
    string Catalog,
    string Version,
    DateTimeOffset ReadAt,
    int Providers,
    int Entries,
    int Added,
    int Changed,
    int Unchanged,
    int Delisted,
    int SideBySide,
    int SameAsAnother,
    int EventsStored,
    IReadOnlyList<CatalogNote> Skipped,
    IReadOnlyList<CatalogNote> Notes,
    IReadOnlyList<string> UnmappedProviders,
    double Seconds,
    CatalogNoteTotals Totals);

/// <summary>How many entries a sync skipped and noted, every one counted, and how many of each its report lists (the first by entry).</summary>
public sealed record CatalogNoteTotals(int Skipped, int Notes, int ListedEach);

/// <summary>
/// The last sync of a catalog that changed what the service knows of it: which snapshot, when it was read, what it
/// came to, and the providers the provider map does not know. A sync of a snapshot that adds nothing new leaves it
/// as it is (it stores nothing at all).
/// </summary>
public sealed record CatalogSyncRecord(
    string Id, string Version, DateTimeOffset ReadAt, int Providers, int Entries, int Added, int Changed, int Delisted, int SideBySide, int Skipped, IReadOnlyList<string> UnmappedProviders);

/// <summary>Marks an endpoint that takes a whole catalog snapshot in the catalog's own format, not a command body.</summary>
public sealed record CatalogSnapshotEndpoint(string Catalog);

/// <summary>A catalog a service syncs: turns one snapshot into the service's own commands and events.</summary>
public interface ICatalogSync
{
    /// <summary>The catalog's name, as in <see cref="CatalogProvenance.Catalog"/> and the route <c>/sync/{name}</c>.</summary>
    string Catalog { get; }

    /// <summary>
    /// Reads the whole snapshot first (a <see cref="CatalogFormatException"/> when it is not the catalog's shape,
    /// before anything is stored), then decides and commits it in batches.
    /// </summary>
    Task<CatalogSyncReport> SyncAsync(JsonElement snapshot, CatalogProvenance provenance, CancellationToken cancellationToken);
}

/// <summary>What every service's catalog sync shares: reading a snapshot and its provenance, and the endpoint's shape.</summary>
public static class CatalogSnapshots
{
    public const string ContentType = "application/json";

    /// <summary>A full catalog is a few MiB; 64 MiB leaves room for one twenty times larger.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// <c>POST /sync/{catalog}</c>: the snapshot as the JSON body, and its provenance as query parameters
    /// (<c>version</c>, default the body's sha256; <c>location</c>, default "upload"; <c>readAt</c>, default now).
    /// </summary>
    public static RouteHandlerBuilder MapCatalogSync(this IEndpointRouteBuilder app, string catalog, string summary) =>
        app.MapPost($"/sync/{catalog}", (HttpContext http, IEnumerable<ICatalogSync> syncs, IDocumentStore store, TimeProvider clock) =>
                SyncUploadAsync(http, syncs.Single(sync => sync.Catalog == catalog), store, clock))
            .WithName($"Sync{string.Concat(catalog.Split('-', '.').Select(part => char.ToUpperInvariant(part[0]) + part[1..]))}")
            .WithSummary(summary)
            .Accepts<JsonElement>(ContentType)
            .WithMetadata(new CatalogSnapshotEndpoint(catalog))
            .Produces<CatalogSyncReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBytes))
            .DisableAntiforgery();

    /// <summary>The version a snapshot is known by when no one names it: its content's hash.</summary>
    public static string ContentVersion(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content))[..16];

    /// <summary>Parses a snapshot's bytes; a truncated or malformed file is a <see cref="CatalogFormatException"/>.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> content)
    {
        try
        {
            return JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            throw new CatalogFormatException(
                $"The snapshot is not valid JSON (truncated or malformed) at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: nothing was stored.");
        }
    }

    /// <summary><c>GET /sync</c>: the last sync of each catalog the service syncs that changed anything, with its unmapped providers.</summary>
    public static RouteHandlerBuilder MapCatalogSyncRecords(this IEndpointRouteBuilder app) =>
        app.MapGet("/sync", async (IQuerySession session, CancellationToken cancellationToken) =>
                TypedResults.Ok(await session.Query<CatalogSyncRecord>().OrderBy(record => record.Id).ToListAsync(cancellationToken)))
            .WithName("ListCatalogSyncs")
            .WithSummary("The last sync of each catalog that changed anything: snapshot version, when it was read, its counts and the providers the provider map does not know.");

    /// <summary>Stores the sync's record when it says something the stored one does not (a re-sync of the same snapshot stores nothing).</summary>
    private static async Task RecordAsync(IDocumentStore store, CatalogSyncReport report, CancellationToken cancellationToken)
    {
        var record = new CatalogSyncRecord(
            report.Catalog, report.Version, report.ReadAt, report.Providers, report.Entries, report.Added, report.Changed, report.Delisted, report.SideBySide,
            report.Totals.Skipped, report.UnmappedProviders);
        await using var session = store.LightweightSession();
        var stored = await session.LoadAsync<CatalogSyncRecord>(report.Catalog, cancellationToken);
        if (stored is not null && report.EventsStored == 0 && stored.UnmappedProviders.SequenceEqual(record.UnmappedProviders))
        {
            return;
        }

        session.Store(record);
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Syncs a parsed snapshot and keeps the sync's record: what the endpoint and the schedule both do.</summary>
    public static async Task<CatalogSyncReport> SyncAsync(ICatalogSync sync, IDocumentStore store, JsonElement snapshot, CatalogProvenance provenance, CancellationToken cancellationToken)
    {
        var report = await sync.SyncAsync(snapshot, provenance, cancellationToken);
        await RecordAsync(store, report, cancellationToken);
        return report;
    }

    private static async Task<IResult> SyncUploadAsync(HttpContext http, ICatalogSync sync, IDocumentStore store, TimeProvider clock)
    {
        if (!(http.Request.ContentType ?? string.Empty).StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Problem(
                StatusCodes.Status415UnsupportedMediaType, "Catalog snapshots are JSON.", "sync-content-type", "Send the snapshot with Content-Type: application/json.");
        }

        var query = http.Request.Query;
        var validation = new Validation();
        var now = clock.GetUtcNow();
        DateTimeOffset readAt = now;
        if (query["readAt"].ToString() is { Length: > 0 } readAtText)
        {
            validation.Check(
                DateTimeOffset.TryParse(readAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out readAt),
                "readAt",
                "must be a date and time, e.g. 2026-12-04T10:00:00Z");
            validation.Check(readAt <= now.AddMinutes(5), "readAt", "must not be in the future");
        }

        var version = query["version"].ToString();
        var location = query["location"].ToString();
        validation.Check(version.Length <= 200 && !version.Any(char.IsControl), "version", "must be at most 200 characters, without control characters")
            .Check(location.Length <= 2000 && !location.Any(char.IsControl), "location", "must be at most 2000 characters, without control characters");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var content = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var provenance = new CatalogProvenance(
            sync.Catalog, version.Length > 0 ? version : ContentVersion(content.Span), readAt.ToUniversalTime(), location.Length > 0 ? location : "upload");
        try
        {
            using var document = Parse(content);
            return TypedResults.Ok(await SyncAsync(sync, store, document.RootElement, provenance, http.RequestAborted));
        }
        catch (CatalogFormatException exception)
        {
            PlatformMetrics.CatalogSyncs.WithLabels(http.RequestServices.GetRequiredService<ServiceIdentity>().Name, sync.Catalog, "refused").Inc();
            return Problems.Problem(StatusCodes.Status400BadRequest, "The snapshot cannot be synced.", "catalog-format", exception.Message);
        }
    }
}
