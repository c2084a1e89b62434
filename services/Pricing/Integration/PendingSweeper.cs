using System.ComponentModel.DataAnnotations;
using Intelligence.Platform.Geography;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Pricing.Integration;

/// <summary>
/// Links offerings still pending whose model the replica now knows, and derives the USD amounts of prices still
/// pending whose FX rate is now recorded. The consumers link at once when a model arrives, and a recorded rate
/// derives at once; this closes the race of a price committed while the model's message or the rate was being
/// applied (each transaction then misses the other's write), so nothing pending is left behind past a sweep.
/// </summary>
internal sealed partial class PendingSweeper(IDocumentStore store, Countries countries, IOptions<PendingSweepOptions> options, ILogger<PendingSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.PendingSweepSeconds);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
                await UsdDerivations.SweepAsync(store, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(exception);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var pending = await session.Query<OfferingListing>().Where(view => view.LinkPending).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        // The links are read from the replica: see CatalogReplica.ShareModelsAsync for why the models' locks are held shared to the commit.
        await CatalogReplica.ShareModelsAsync(session, pending.Select(view => view.ModelId), cancellationToken);
        var known = (await session.LoadManyAsync<CatalogModel>(cancellationToken, pending.Select(view => view.ModelId!).Distinct()))
            .Where(model => model.Known)
            .ToDictionary(model => model.Id);
        var linkable = pending.Where(view => known.ContainsKey(view.ModelId!)).ToList();
        if (linkable.Count == 0)
        {
            return 0;
        }

        CatalogReplica.Relink(session, linkable, known, countries);
        await session.SaveChangesAsync(cancellationToken);
        return linkable.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linking pending offerings or deriving pending USD amounts failed; the next sweep retries")]
    private partial void LogSweepFailed(Exception exception);
}

/// <summary>How often the sweep runs (<c>Pricing:PendingSweepSeconds</c>), checked at start.</summary>
public sealed class PendingSweepOptions
{
    [Range(1, 3600)]
    public int PendingSweepSeconds { get; init; } = 10;
}
