using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.Catalogs;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Pricing.Catalogs;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>POST /sync/genai-prices</c> (and the schedule): a genai-prices snapshot becomes the service's own price
/// observations. Every priced model of every provider is an API offering (<c>{provider}.{model}</c>); its undated
/// price is in force from the day the snapshot was read (or, when the catalog dates a later price, until that
/// date), and each dated price from its own date, so a price cut in the catalog is a price change and a cut here.
/// An offering a hand source listed keeps its prices: the catalog's are kept beside them. An offering the catalog
/// listed and no longer lists is delisted. A second sync of the same snapshot stores nothing.
/// </summary>
public static class SyncGenaiPrices
{
    public static IEndpointRouteBuilder MapSyncGenaiPrices(this IEndpointRouteBuilder app)
    {
        app.MapCatalogSync(
            GenaiPricesSnapshot.Catalog,
            "Syncs a genai-prices snapshot (its data.json format) as price observations; provenance as query parameters version, location, readAt. "
                + "Answers what each entry came to: added, changed, unchanged, delisted, side by side with a hand-sourced price, or skipped with its reason.");
        return app;
    }
}

/// <summary>The genai-prices catalog as this service syncs it.</summary>
internal sealed class GenaiPricesSync(IDocumentStore store, ServiceIdentity service, PricingSettings settings, IOptions<ImportOptions> importOptions) : ICatalogSync
{
    public const int BatchSize = 500;

    /// <summary>A snapshot that would delist more than half of the catalog's offerings (and more than this many) is refused as a broken upstream.</summary>
    public const int DelistingGuard = 100;

    public string Catalog => GenaiPricesSnapshot.Catalog;

    public async Task<CatalogSyncReport> SyncAsync(JsonElement snapshot, CatalogProvenance provenance, CancellationToken cancellationToken)
    {
        var tally = new CatalogSyncTally(service.Name, provenance, importOptions.Value.ListedNotesPerKind);
        var providers = GenaiPricesSnapshot.Read(snapshot);
        var commands = Commands(providers, provenance, tally);

        await using (var session = store.QuerySession())
        {
            var listed = await session.Query<OfferingListing>()
                .Where(view => view.State.ListedBy == Catalog && view.State.DelistedOn == null)
                .Select(view => view.Id)
                .ToListAsync(cancellationToken);
            var vanished = listed.Except(commands.Select(command => command.OfferingId), StringComparer.Ordinal).ToList();
            if (vanished.Count > DelistingGuard && vanished.Count * 2 > listed.Count)
            {
                throw new CatalogFormatException(
                    $"The snapshot lacks {vanished.Count} of the {listed.Count} offerings the catalog lists here: taken as a broken upstream, not as delistings. Nothing was stored.");
            }

            foreach (var batch in commands.Chunk(BatchSize))
            {
                await LostRace.RetryAsync(() => ApplyAsync(batch, tally, cancellationToken));
            }

            var delistedOn = DateOnly.FromDateTime(provenance.ReadAt.UtcDateTime);
            foreach (var batch in vanished.Chunk(BatchSize))
            {
                await LostRace.RetryAsync(() => DelistAsync(batch, new DelistFromCatalog(string.Empty, delistedOn, provenance), tally, cancellationToken));
            }
        }

        return tally.ToReport();
    }

    /// <summary>Each usable entry as a command; the rest skipped or noted with their reasons.</summary>
    private static List<ObserveCatalogPrices> Commands(IReadOnlyList<GenaiProvider> providers, CatalogProvenance provenance, CatalogSyncTally tally)
    {
        var readOn = DateOnly.FromDateTime(provenance.ReadAt.UtcDateTime);
        var commands = new List<ObserveCatalogPrices>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        tally.Providers = providers.Count;
        foreach (var provider in providers)
        {
            var mapped = CatalogProviders.Shipped.Provider(GenaiPricesSnapshot.Catalog, provider.Id);
            if (mapped is null)
            {
                tally.Unmapped(provider.Id);
            }

            var details = (string name) => new OfferingDetails(provider.Name, mapped?.Organization.Country is { Length: > 0 } country ? country : Origins.UnknownBloc, name, OfferingKind.Api);
            foreach (var model in provider.Models)
            {
                tally.Entries++;
                var entry = $"{provider.Id}/{model.Id}";
                foreach (var note in model.Notes)
                {
                    tally.Note(entry, note);
                }

                var offeringId = OfferingId.From(provider.Id, model.Id);
                if (model.Problem is { } problem)
                {
                    tally.Skip(entry, $"not priced: {problem}");
                    continue;
                }

                if (!OfferingId.IsValid(offeringId) || !seen.Add(offeringId))
                {
                    tally.Skip(entry, OfferingId.IsValid(offeringId) ? $"its offering id '{offeringId}' is another entry's of this provider" : $"gives no usable offering id ('{offeringId}')");
                    continue;
                }

                var prices = Dated(model, readOn, entry, tally);
                var modelId = CatalogModelIds.Of(model.Id);
                commands.Add(new ObserveCatalogPrices(
                    offeringId, details(model.Name ?? model.Id), modelId.Length == 0 ? null : modelId, prices, provenance, provider.PricingUrl ?? provenance.Location));
            }
        }

        return commands;
    }

    /// <summary>
    /// The entry's prices in force by the day the snapshot was read: each dated one from its date (a later one is
    /// scheduled, and recorded by a sync once in force), the undated one until the first of them, or from the day
    /// read when there is none.
    /// </summary>
    private static List<DatedPrice> Dated(GenaiModel model, DateOnly readOn, string entry, CatalogSyncTally tally)
    {
        var dated = new List<DatedPrice>();
        foreach (var price in model.Prices.Where(price => price.StartsOn is not null).OrderBy(price => price.StartsOn))
        {
            if (price.StartsOn > readOn)
            {
                tally.Note(entry, $"a price from {price.StartsOn:yyyy-MM-dd} is scheduled: a sync on or after that day records it");
            }
            else
            {
                dated.Add(new DatedPrice(price.StartsOn!.Value, price.Price));
            }
        }

        var undated = model.Prices.First(price => price.StartsOn is null).Price;
        if (dated.Count == 0)
        {
            return [new DatedPrice(readOn, undated)];
        }

        var until = dated[0].EffectiveOn;
        tally.Note(entry, $"the undated price is the one in force before {until:yyyy-MM-dd} (the catalog does not say since when): recorded from the day before");
        return [new DatedPrice(until.AddDays(-1), undated), .. dated];
    }

    private async Task ApplyAsync(ObserveCatalogPrices[] batch, CatalogSyncTally tally, CancellationToken cancellationToken)
    {
        await using var session = store.CorrelatedSession();
        var streams = await StreamsForWriting.FetchAsync<OfferingEntry>(session, batch.Select(command => command.OfferingId), cancellationToken);
        int added = 0, changed = 0, unchanged = 0, sideBySide = 0, events = 0;
        var refused = new List<(string Entry, string Reason)>();
        var linkedTo = new List<string?>();
        foreach (var command in batch)
        {
            var state = streams[command.OfferingId].Aggregate?.State;
            var decision = OfferingDecider.Decide(state, command, settings.PriceCutThresholdPercent);
            if (decision.Rejection is { } rejection)
            {
                refused.Add((command.OfferingId, $"{rejection.Rule}: {rejection.Detail}"));
                continue;
            }

            switch (decision.Events.Count > 0 ? decision.Events[0] : null)
            {
                case null:
                    unchanged++;
                    continue;
                case PriceListed:
                    added++;
                    break;
                case CatalogPricesObserved:
                    sideBySide++;
                    break;
                default:
                    changed++;
                    break;
            }

            linkedTo.Add(state?.ModelId);
            linkedTo.Add(decision.Events.Aggregate(state, OfferingDecider.Evolve)?.ModelId);
            streams[command.OfferingId].AppendMany(decision.Events);
            events += decision.Events.Count;
        }

        // The listings are projected from the replica at the commit: see CatalogReplica.ShareModelsAsync for why.
        await CatalogReplica.ShareModelsAsync(session, linkedTo, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        tally.Committed(added, changed, unchanged, delisted: 0, sideBySide, events);

        // Counted once the batch commits: a batch that lost a race is decided again, and would count them twice.
        foreach (var (entry, reason) in refused)
        {
            tally.Skip(entry, reason);
        }
    }

    private async Task DelistAsync(string[] offeringIds, DelistFromCatalog template, CatalogSyncTally tally, CancellationToken cancellationToken)
    {
        await using var session = store.CorrelatedSession();
        var delisted = 0;
        var linkedTo = new List<string?>();
        foreach (var (id, stream) in await StreamsForWriting.FetchAsync<OfferingEntry>(session, offeringIds, cancellationToken))
        {
            var decision = stream.Aggregate is { } entry ? OfferingDecider.Decide(entry.State, template with { OfferingId = id }) : null;
            if (decision?.Events.Count > 0)
            {
                linkedTo.Add(stream.Aggregate!.State.ModelId);
                stream.AppendMany(decision.Events);
                delisted++;
            }
        }

        // The listings are projected from the replica at the commit: see CatalogReplica.ShareModelsAsync for why.
        await CatalogReplica.ShareModelsAsync(session, linkedTo, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        tally.Committed(added: 0, changed: 0, unchanged: 0, delisted, sideBySide: 0, events: delisted);
    }
}
