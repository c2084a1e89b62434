using Intelligence.Platform.Geography;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Integration;

/// <summary>
/// Links offerings still pending whose model the replica now knows. The consumers link at once when a model
/// arrives; this closes the race of a price committed while the model's message was being applied (each
/// transaction then misses the other's write), so a pending price is linked within a sweep, never left behind.
/// </summary>
internal sealed partial class PendingLinkSweeper(IDocumentStore store, Countries countries, IConfiguration configuration, ILogger<PendingLinkSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Pricing:LinkSweepSeconds", 10));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
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
        var pending = await session.Query<OfferingView>().Where(view => view.LinkPending).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Linking pending offerings failed; the next sweep retries")]
    private partial void LogSweepFailed(Exception exception);
}
