using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.Catalogs;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Releases.Catalogs;
using Intelligence.Releases.Domain;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Releases.Features;

/// <summary>
/// <c>POST /sync/models.dev</c> (and the schedule): a models.dev snapshot becomes the catalog's own facts. Each
/// model (by the id its provider lists it under, vendor path and cloud prefixes dropped) is a release of its
/// developer, from the provider map: the developer's own listing states its facts, else the first cloud or host
/// that lists it. A new model is announced; a model the catalog put here is corrected by a later snapshot; a model a
/// hand source put here keeps its facts, and the catalog's stand beside them. The same snapshot again stores nothing.
/// </summary>
public static class SyncModelsDev
{
    public static IEndpointRouteBuilder MapSyncModelsDev(this IEndpointRouteBuilder app)
    {
        app.MapCatalogSync(
            ModelsDevSnapshot.Catalog,
            "Syncs a models.dev snapshot (its api.json format) as releases; provenance as query parameters version, location, readAt. "
                + "Answers what each model came to: added, changed, unchanged, side by side with hand-sourced facts, or skipped with its reason.");
        return app;
    }
}

/// <summary>The models.dev catalog as this service syncs it.</summary>
internal sealed class ModelsDevSync(IDocumentStore store, ServiceIdentity service, IOptions<ImportOptions> importOptions) : ICatalogSync
{
    public const int BatchSize = 500;

    /// <summary>What models.dev's release_date means: the day the model was first public, in no narrower sense.</summary>
    public const string DateBasisLabel = "release date (models.dev)";

    private static readonly Organization UnknownDeveloper = new("unknown", "Unknown developer", Origins.UnknownBloc);

    public string Catalog => ModelsDevSnapshot.Catalog;

    public async Task<CatalogSyncReport> SyncAsync(JsonElement snapshot, CatalogProvenance provenance, CancellationToken cancellationToken)
    {
        var tally = new CatalogSyncTally(service.Name, provenance, importOptions.Value.ListedNotesPerKind);
        var commands = Commands(ModelsDevSnapshot.Read(snapshot), provenance, tally);
        foreach (var batch in commands.Chunk(BatchSize))
        {
            await LostRace.RetryAsync(() => ApplyAsync(batch, tally, cancellationToken));
        }

        return tally.ToReport();
    }

    private static List<SyncCatalogModel> Commands(IReadOnlyList<ModelsDevProvider> providers, CatalogProvenance provenance, CatalogSyncTally tally)
    {
        var readOn = DateOnly.FromDateTime(provenance.ReadAt.UtcDateTime);
        var commands = new Dictionary<string, (string Entry, SyncCatalogModel Command)>(StringComparer.Ordinal);
        tally.Providers = providers.Count;

        // A developer's own listing states its models' facts; clouds, hosts and routers only fill in the models no developer lists.
        var ordered = providers
            .Select((provider, index) => (provider, index, map: CatalogProviders.Shipped.Provider(ModelsDevSnapshot.Catalog, provider.Id)))
            .OrderBy(p => p.map?.Role == ProviderRole.Developer ? 0 : 1)
            .ThenBy(p => p.index);
        foreach (var (provider, _, map) in ordered)
        {
            if (map is null)
            {
                tally.Unmapped(provider.Id);
            }

            foreach (var model in provider.Models)
            {
                tally.Entries++;
                var entry = $"{provider.Id}/{model.Id}";
                foreach (var note in model.Notes)
                {
                    tally.Note(entry, note);
                }

                var modelId = CatalogModelIds.Of(model.Id);
                if (model.Problem is { } problem || model.ReleasedOn is not { } releasedOn)
                {
                    tally.Skip(entry, $"not a release: {model.Problem}");
                    continue;
                }

                if (!Slugs.IsValid(modelId))
                {
                    tally.Skip(entry, $"gives no usable model id ('{modelId}')");
                    continue;
                }

                if (releasedOn > readOn)
                {
                    tally.Skip(entry, $"release_date {releasedOn:yyyy-MM-dd} is after the day the snapshot was read");
                    continue;
                }

                if (commands.TryGetValue(modelId, out var first))
                {
                    tally.SameAsAnother(entry, $"the same model as {first.Entry}, whose listing states its facts");
                    continue;
                }

                var developer = CatalogProviders.Shipped.DeveloperOf(ModelsDevSnapshot.Catalog, provider.Id, model.Id);
                if (developer is null)
                {
                    tally.Note(entry, "its developer is not in the provider map: kept with organization unknown (bloc unknown)");
                }

                var organization = developer is null
                    ? UnknownDeveloper
                    : new Organization(developer.Id, developer.Name, developer.Country is { Length: > 0 } country ? country : Origins.UnknownBloc);
                var details = new ModelDetails(
                    model.Name,
                    organization,
                    [organization.HomeCountry],
                    releasedOn,
                    DateBasis.Other,
                    new Access(OpenWeights: model.OpenWeights == true, Licence: "not stated", FreeAccess.Unknown, ApiAvailable: true),
                    model.Modalities,
                    ParameterCount: null,
                    map?.Role == ProviderRole.Developer ? Confidence.Medium : Confidence.Low,
                    DateBasisLabel);
                commands[modelId] = (entry, new SyncCatalogModel(modelId, details, provenance, provider.DocUrl ?? provenance.Location));
            }
        }

        return [.. commands.Values.Select(value => value.Command)];
    }

    private async Task ApplyAsync(SyncCatalogModel[] batch, CatalogSyncTally tally, CancellationToken cancellationToken)
    {
        await using var session = store.CorrelatedSession();
        var stored = await CatalogStates.LoadAsync(session, [.. batch.Select(command => command.ModelId)], cancellationToken);
        var changes = new List<(string ModelId, List<IModelEvent> Events)>();
        int added = 0, changed = 0, unchanged = 0, sideBySide = 0, events = 0;
        foreach (var command in batch)
        {
            var decision = ModelDecider.Decide(stored.GetValueOrDefault(command.ModelId)?.State?.State, command);
            switch (decision.Events.Count > 0 ? decision.Events[0] : null)
            {
                case null:
                    unchanged++;
                    continue;
                case ModelAnnounced:
                    added++;
                    break;
                case ModelCatalogFactsRecorded:
                    sideBySide++;
                    break;
                default:
                    changed++;
                    break;
            }

            changes.Add((command.ModelId, [.. decision.Events]));
            events += decision.Events.Count;
        }

        await CatalogStates.AppendAsync(session, stored, changes, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        tally.Committed(added, changed, unchanged, delisted: 0, sideBySide, events);
    }
}
