using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Messaging;
using Intelligence.Pricing.Projections;
using Marten;
using Marten.Patching;
using MassTransit;
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
        session.MarkStale(ModelScore.QualityRead, DateOnly.MinValue);
        var views = await session.Query<OfferingView>().Where(view => view.ModelId == modelId).ToListAsync(cancellationToken);
        Relink(session, views, new Dictionary<string, CatalogModel> { [modelId] = updated }, countries);
    }

    /// <summary>
    /// Applies the changes of a batch in order (a model changed twice sees its first change), then relinks the
    /// offerings that name any model that changed: two queries for the whole batch.
    /// </summary>
    public static async Task ApplyManyAsync(
        IDocumentSession session, IReadOnlyList<(string ModelId, Func<CatalogModel, CatalogModel> Change)> changes, Countries countries, CancellationToken cancellationToken)
    {
        var stored = (await session.LoadManyAsync<CatalogModel>(cancellationToken, changes.Select(change => change.ModelId).Distinct(StringComparer.Ordinal)))
            .ToDictionary(model => model.Id, StringComparer.Ordinal);
        var updated = new Dictionary<string, CatalogModel>(StringComparer.Ordinal);
        foreach (var (modelId, change) in changes)
        {
            var current = updated.GetValueOrDefault(modelId) ?? stored.GetValueOrDefault(modelId) ?? CatalogModel.Unknown(modelId);
            var next = change(current);
            if (next != current)
            {
                updated[modelId] = next;
            }
        }

        if (updated.Count == 0)
        {
            return;
        }

        foreach (var model in updated.Values)
        {
            session.Store(model);
        }

        session.MarkStale(ModelScore.QualityRead, DateOnly.MinValue);

        var modelIds = updated.Keys.ToArray();
        var views = await session.Query<OfferingView>().Where(view => view.ModelId.IsOneOf(modelIds)).ToListAsync(cancellationToken);
        Relink(session, views, updated, countries);
    }

    /// <summary>
    /// Patches the link fields of the views and their price spells (never their timeline, which a concurrent price may be changing), and
    /// nothing for views whose link is unchanged.
    /// </summary>
    public static void Relink(IDocumentSession session, IReadOnlyList<OfferingView> views, IReadOnlyDictionary<string, CatalogModel> models, Countries countries)
    {
        DateOnly? levelsStaleFrom = null;
        var qualityStale = false;
        foreach (var view in views)
        {
            var linked = OfferingView.Of(view.State, view.Version, models.GetValueOrDefault(view.ModelId!), countries);
            if (linked.Model == view.Model && linked.Bloc == view.Bloc && linked.LinkPending == view.LinkPending)
            {
                continue;
            }

            qualityStale |= view.Kind == Domain.OfferingKind.Api; // the quality reads name an API offering's model and group it by bloc

            session.Patch<OfferingView>(view.Id)
                .Set(v => v.Model, linked.Model)
                .Set(v => v.Bloc, linked.Bloc)
                .Set(v => v.BlocFrom, linked.BlocFrom)
                .Set(v => v.LinkPending, linked.LinkPending);
            session.Patch<OfferingPriceSpell>(spell => spell.OfferingId == view.Id)
                .Set(spell => spell.Bloc, linked.Bloc);
            session.Patch<ApiPriceSpell>(spell => spell.OfferingId == view.Id)
                .Set(spell => spell.Bloc, linked.Bloc)
                .Set(spell => spell.Countries, ApiPriceSpell.CountriesOf(linked));
            session.Patch<PriceMoveRecord>(move => move.OfferingId == view.Id)
                .Set(move => move.Bloc, linked.Bloc)
                .Set(move => move.ModelOrganization, linked.Model?.OrganizationName);
            if (ApiPriceSpell.Of(view).FirstOrDefault() is not { } first)
            {
                continue;
            }

            if (linked.Bloc != view.Bloc)
            {
                var month = PriceIndexCell.MonthKeyOf(first.ValidFrom);
                session.Store(new PriceIndexChange(Guid.NewGuid(), view.Bloc, month), new PriceIndexChange(Guid.NewGuid(), linked.Bloc, month));
            }

            if ((linked.Bloc != view.Bloc || !ApiPriceSpell.CountriesOf(linked).SequenceEqual(ApiPriceSpell.CountriesOf(view), StringComparer.Ordinal))
                && !(levelsStaleFrom <= first.ValidFrom))
            {
                levelsStaleFrom = first.ValidFrom;
            }
        }

        if (levelsStaleFrom is { } from)
        {
            session.MarkStale(ApiPriceSpell.LevelsRead, from);
        }

        if (qualityStale)
        {
            session.MarkStale(ModelScore.QualityRead, DateOnly.MinValue);
        }
    }
}

/// <summary>
/// A consumer of the releases events that changes the replica: a message at a time, or a batch at once (its models
/// read in one query, the offerings that name them in another).
/// </summary>
public abstract class CatalogReplicaConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : IdempotentConsumer<TMessage>(store, service, clock)
    where TMessage : class
{
    protected abstract string ModelIdOf(TMessage message);

    protected abstract CatalogModel Change(CatalogModel model, TMessage message);

    protected sealed override Task Handle(TMessage message, IDocumentSession session, CancellationToken cancellationToken) =>
        CatalogReplica.ApplyAsync(session, ModelIdOf(message), model => Change(model, message), countries, cancellationToken);

    protected sealed override Task HandleMany(IReadOnlyList<ConsumeContext<TMessage>> messages, IDocumentSession session, CancellationToken cancellationToken) =>
        CatalogReplica.ApplyManyAsync(
            session,
            [.. messages.Select(context => (ModelIdOf(context.Message), (Func<CatalogModel, CatalogModel>)(model => Change(model, context.Message))))],
            countries,
            cancellationToken);
}

/// <summary>A model entered the catalog: the replica learns it, and prices waiting for it are linked.</summary>
public sealed class ModelReleasedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelReleased>(store, service, clock, countries)
{
    protected override string ModelIdOf(Releases.ModelReleased message) => message.ModelId;

    protected override CatalogModel Change(CatalogModel model, Releases.ModelReleased message) => model.WithDetails(
        message.StreamVersion, message.Name, message.OriginCountries, message.Bloc, message.OrganizationId, message.OrganizationName, message.ReleasedOn, message.OpenWeights);
}

/// <summary>A model's card was corrected: the whole card replaces the replica's, if newer.</summary>
public sealed class ModelDetailsCorrectedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelDetailsCorrected>(store, service, clock, countries)
{
    protected override string ModelIdOf(Releases.ModelDetailsCorrected message) => message.ModelId;

    protected override CatalogModel Change(CatalogModel model, Releases.ModelDetailsCorrected message) => model.WithDetails(
        message.StreamVersion, message.Name, message.OriginCountries, message.Bloc, message.OrganizationId, message.OrganizationName, message.ReleasedOn, message.OpenWeights);
}

/// <summary>A model's access changed in the world: the replica learns whether its weights were open from that date (the quality gap reads it).</summary>
public sealed class ModelAccessChangedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelAccessChanged>(store, service, clock, countries)
{
    protected override string ModelIdOf(Releases.ModelAccessChanged message) => message.ModelId;

    protected override CatalogModel Change(CatalogModel model, Releases.ModelAccessChanged message) =>
        model.WithAccess(message.StreamVersion, message.EffectiveOn, message.OpenWeights);
}

/// <summary>A model was withdrawn: the replica records the date; its prices stay as they were recorded.</summary>
public sealed class ModelRetiredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelRetired>(store, service, clock, countries)
{
    protected override string ModelIdOf(Releases.ModelRetired message) => message.ModelId;

    protected override CatalogModel Change(CatalogModel model, Releases.ModelRetired message) => model with { RetiredOn = message.RetiredOn };
}
