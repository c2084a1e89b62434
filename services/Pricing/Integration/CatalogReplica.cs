using Intelligence.Platform;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Messaging;
using Intelligence.Pricing.Projections;
using Marten;
using Marten.Patching;
using Releases = Intelligence.Contracts.Releases;

namespace Intelligence.Pricing.Integration;

/// <summary>Applies a change of the replica and relinks the offerings that name the model, in the consumer's transaction.</summary>
internal static class CatalogReplica
{
    public static async Task ApplyAsync(
        IDocumentSession session, string modelId, Func<CatalogModel, CatalogModel> change, Countries countries, CancellationToken cancellationToken)
    {
        var current = await session.LoadAsync<CatalogModel>(modelId, cancellationToken) ?? CatalogModel.Unknown(modelId);
        var updated = change(current);
        if (updated == current)
        {
            return;
        }

        session.Store(updated);
        var views = await session.Query<OfferingView>().Where(view => view.ModelId == modelId).ToListAsync(cancellationToken);
        Relink(session, views, new Dictionary<string, CatalogModel> { [modelId] = updated }, countries);
    }

    /// <summary>
    /// Patches the link fields of the views (never their timeline, which a concurrent price may be changing), and
    /// nothing for views whose link is unchanged.
    /// </summary>
    public static void Relink(IDocumentSession session, IReadOnlyList<OfferingView> views, IReadOnlyDictionary<string, CatalogModel> models, Countries countries)
    {
        foreach (var view in views)
        {
            var linked = OfferingView.Of(view.State, view.Version, models.GetValueOrDefault(view.ModelId!), countries);
            if (linked.Model == view.Model && linked.Bloc == view.Bloc && linked.LinkPending == view.LinkPending)
            {
                continue;
            }

            session.Patch<OfferingView>(view.Id)
                .Set(v => v.Model, linked.Model)
                .Set(v => v.Bloc, linked.Bloc)
                .Set(v => v.BlocFrom, linked.BlocFrom)
                .Set(v => v.LinkPending, linked.LinkPending);
        }
    }
}

/// <summary>A model entered the catalog: the replica learns it, and prices waiting for it are linked.</summary>
public sealed class ModelReleasedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : IdempotentConsumer<Releases.ModelReleased>(store, service, clock)
{
    protected override Task Handle(Releases.ModelReleased message, IDocumentSession session, CancellationToken cancellationToken) =>
        CatalogReplica.ApplyAsync(
            session,
            message.ModelId,
            model => model.WithDetails(message.StreamVersion, message.Name, message.OriginCountries, message.Bloc, message.OrganizationId, message.OrganizationName),
            countries,
            cancellationToken);
}

/// <summary>A model's card was corrected: the whole card replaces the replica's, if newer.</summary>
public sealed class ModelDetailsCorrectedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : IdempotentConsumer<Releases.ModelDetailsCorrected>(store, service, clock)
{
    protected override Task Handle(Releases.ModelDetailsCorrected message, IDocumentSession session, CancellationToken cancellationToken) =>
        CatalogReplica.ApplyAsync(
            session,
            message.ModelId,
            model => model.WithDetails(message.StreamVersion, message.Name, message.OriginCountries, message.Bloc, message.OrganizationId, message.OrganizationName),
            countries,
            cancellationToken);
}

/// <summary>A model was withdrawn: the replica records the date; its prices stay as they were recorded.</summary>
public sealed class ModelRetiredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : IdempotentConsumer<Releases.ModelRetired>(store, service, clock)
{
    protected override Task Handle(Releases.ModelRetired message, IDocumentSession session, CancellationToken cancellationToken) =>
        CatalogReplica.ApplyAsync(session, message.ModelId, model => model with { RetiredOn = message.RetiredOn }, countries, cancellationToken);
}
