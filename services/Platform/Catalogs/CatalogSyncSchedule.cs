using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Intelligence.Contracts;
using Intelligence.Platform.Metrics;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Intelligence.Platform.Catalogs;

/// <summary>
/// Syncs each catalog from its upstream URL on a schedule (<see cref="CatalogSources"/>: <c>Catalogs:{catalog}:Url</c>
/// and <c>Catalogs:{catalog}:IntervalMinutes</c>; 0, the default, leaves it to <c>intel sync</c>). One instance of a
/// service syncs at a time: each run holds a PostgreSQL advisory lock on the service's database, and a replica that
/// cannot take it skips that run. A re-sync of an unchanged upstream stores nothing, so a skipped or doubled run
/// costs a download, never a fact.
/// </summary>
public sealed partial class CatalogSyncSchedule(
    IEnumerable<ICatalogSync> syncs,
    IOptions<CatalogSources> sources,
    IDocumentStore store,
    IHttpClientFactory clients,
    IConfiguration configuration,
    TimeProvider clock,
    ServiceIdentity service,
    ILogger<CatalogSyncSchedule> logger)
    : BackgroundService
{
    public const string HttpClientName = "catalogs";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = syncs
            .Select(sync => (Sync: sync, Source: sources.Value.GetValueOrDefault(sync.Catalog)))
            .Where(run => run.Source?.IsScheduled == true)
            .Select(run => RunAsync(run.Sync, run.Source!.Address, TimeSpan.FromMinutes(run.Source.IntervalMinutes), stoppingToken))
            .ToList();
        await Task.WhenAll(runs);
    }

    private async Task RunAsync(ICatalogSync sync, Uri url, TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await SyncOnceAsync(sync, url, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                PlatformMetrics.CatalogSyncs.WithLabels(service.Name, sync.Catalog, exception is CatalogFormatException ? "refused" : "failed").Inc();
                LogSyncFailed(sync.Catalog, url, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SyncOnceAsync(ICatalogSync sync, Uri url, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Marten"));
        await connection.OpenAsync(cancellationToken);
        var key = LockKey(sync.Catalog);
        await using (var take = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } })
        {
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                LogSyncSkipped(sync.Catalog);
                return;
            }
        }

        // The lock is the connection's: it goes when the connection closes, whatever happens below.
        var readAt = clock.GetUtcNow();
        var content = await clients.CreateClient(HttpClientName).GetByteArrayAsync(url, cancellationToken);
        using var document = CatalogSnapshots.Parse(content);
        var report = await CatalogSnapshots.SyncAsync(
            sync,
            store,
            document.RootElement, new CatalogProvenance(sync.Catalog, CatalogSnapshots.ContentVersion(content), readAt, url.ToString()), cancellationToken);
        LogSynced(sync.Catalog, report.Version, report.Added, report.Changed, report.Delisted, report.Unchanged);
    }

    /// <summary>A stable 64-bit key per catalog (PostgreSQL advisory locks take a bigint).</summary>
    private static long LockKey(string catalog) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"intelligence.catalog-sync.{catalog}")));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled sync of {Catalog} from {Url} failed; the next run retries")]
    private partial void LogSyncFailed(string catalog, Uri url, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled sync of {Catalog} skipped: another instance holds its lock")]
    private partial void LogSyncSkipped(string catalog);

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced {Catalog} {Version}: {Added} added, {Changed} changed, {Delisted} delisted, {Unchanged} unchanged")]
    private partial void LogSynced(string catalog, string version, int added, int changed, int delisted, int unchanged);
}

/// <summary>Registration of a service's catalog syncs.</summary>
public static class CatalogSyncRegistration
{
    /// <summary>Registers <typeparamref name="TSync"/>, and once per service the schedule and its resilient HTTP client.</summary>
    public static IServiceCollection AddCatalogSync<TSync>(this IServiceCollection services)
        where TSync : class, ICatalogSync
    {
        services.AddSingleton<ICatalogSync, TSync>();
        if (!services.Any(descriptor => descriptor.ImplementationType == typeof(CatalogSyncSchedule)))
        {
            services.ConfigureMarten(options => options.Schema.For<CatalogSyncRecord>());
            services.AddOptions<CatalogSources>().BindConfiguration(CatalogSources.Section).ValidateOnStart();
            services.AddSingleton<IValidateOptions<CatalogSources>, CatalogSourcesValidation>();
            services.AddHostedService<CatalogSyncSchedule>();
            services.AddHttpClient(CatalogSyncSchedule.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(6))
                .AddStandardResilienceHandler(options =>
                {
                    // A catalog is megabytes, not a small API answer: each attempt may take minutes, and the breaker samples over twice that.
                    options.AttemptTimeout.Timeout = TimeSpan.FromMinutes(2);
                    options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(5);
                    options.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(4);
                });
        }

        return services;
    }
}
