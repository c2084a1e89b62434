using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Replicas;
using Intelligence.Pricing.Projections;
using Marten;
using Marten.Patching;
using Releases = Intelligence.Contracts.Releases;

namespace Intelligence.Pricing.Integration;

/// <summary>Relinks the offerings that name a model of the replica when it changes.</summary>
internal static class CatalogReplica
{
    /// <summary>The scope of the per-model locks (<see cref="ReplicaLocks"/>): <c>pricing/catalog-model/{model id}</c>.</summary>
    public const string ModelLockScope = "pricing/catalog-model";

    /// <summary>
    /// Begins the session's transaction holding shared the locks of <paramref name="modelIds"/>: for every write that
    /// appends to offerings (and so projects their listings from the replica), with the models their listings name
    /// before and after it. Call it before the session reads the replica and once a transaction; the inline
    /// projection then reads it in the same transaction, at <c>SaveChangesAsync</c>.
    /// </summary>
    /// <remarks>
    /// Why: a consumer that changes a model holds its lock exclusively from before it stores the row until it
    /// commits, and looks for the listings to relink in between; the write holds it shared from before its listings
    /// read the replica until it commits. So either the model is committed before the write reads the replica (its
    /// listings take the new link), or the write is committed before the consumer looks for listings (the consumer
    /// relinks them). Without it each could miss the other's write, and a listing kept the old bloc for good: it is
    /// not pending, so <see cref="PendingSweeper"/> never looks at it again.
    /// </remarks>
    public static Task ShareModelsAsync(IDocumentSession session, IEnumerable<string?> modelIds, CancellationToken cancellationToken) =>
        ReplicaLocks.ShareEachAsync(session, ModelLockScope, modelIds.OfType<string>().Distinct(StringComparer.Ordinal), cancellationToken);

    /// <summary>
    /// Patches the link fields of the views and their price spells (never their timeline, which a concurrent price may be changing), and
    /// nothing for views whose link is unchanged.
    /// </summary>
    public static void Relink(IDocumentSession session, IReadOnlyList<OfferingListing> views, IReadOnlyDictionary<string, CatalogModel> models, Countries countries)
    {
        DateOnly? levelsStaleFrom = null;
        var qualityStale = false;
        foreach (var view in views)
        {
            var linked = OfferingListing.Of(view.State, view.Version, models.GetValueOrDefault(view.ModelId!), countries);
            if (linked.Model == view.Model && linked.Bloc == view.Bloc && linked.LinkPending == view.LinkPending)
            {
                continue;
            }

            qualityStale |= view.Kind == Domain.OfferingKind.Api; // the quality reads name an API offering's model and group it by bloc

            session.Patch<OfferingListing>(view.Id)
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
/// A consumer of the releases events that changes the replica, a batch in one transaction under each changed model's
/// lock (<see cref="ReplicaConsumer{TMessage, TReplica}"/> says why), and relinks the offerings that name a model that
/// changed: one query for the batch's models, one for their offerings. A model's lock is its own: unlike Adoption's
/// series links, which rest on several models, an offering's link rests on its one model.
/// </summary>
public abstract class CatalogReplicaConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : ReplicaConsumer<TMessage, CatalogModel>(store, service, clock)
    where TMessage : class
{
    protected sealed override string IdOf(CatalogModel replica) => replica.Id;

    protected sealed override CatalogModel Empty(string id) => CatalogModel.Unknown(id);

    protected sealed override Task LockAsync(IDocumentSession session, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ReplicaLocks.HoldEachAsync(session, CatalogReplica.ModelLockScope, ids, cancellationToken);

    protected sealed override async Task StoreAsync(
        IDocumentSession session, IReadOnlyList<ReplicaChange<CatalogModel>> changes, CancellationToken cancellationToken)
    {
        var updated = changes.Where(change => change.Changed).ToDictionary(change => change.Id, change => change.Applied, StringComparer.Ordinal);
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
        var views = await session.Query<OfferingListing>().Where(view => view.ModelId.IsOneOf(modelIds)).ToListAsync(cancellationToken);
        CatalogReplica.Relink(session, views, updated, countries);
    }
}

/// <summary>A model entered the catalog: the replica learns it, and prices waiting for it are linked.</summary>
public sealed class ModelReleasedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelReleased>(store, service, clock, countries)
{
    protected override string IdOf(Releases.ModelReleased message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel model, Releases.ModelReleased message) => model.WithDetails(
        message.StreamVersion, message.Name, message.OriginCountries, message.Bloc, message.OrganizationId, message.OrganizationName, message.ReleasedOn, message.OpenWeights);
}

/// <summary>A model's card was corrected: the whole card replaces the replica's, if newer.</summary>
public sealed class ModelDetailsCorrectedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelDetailsCorrected>(store, service, clock, countries)
{
    protected override string IdOf(Releases.ModelDetailsCorrected message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel model, Releases.ModelDetailsCorrected message) => model.WithDetails(
        message.StreamVersion, message.Name, message.OriginCountries, message.Bloc, message.OrganizationId, message.OrganizationName, message.ReleasedOn, message.OpenWeights);
}

/// <summary>A model's access changed in the world: the replica learns whether its weights were open from that date (the quality gap reads it).</summary>
public sealed class ModelAccessChangedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelAccessChanged>(store, service, clock, countries)
{
    protected override string IdOf(Releases.ModelAccessChanged message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel model, Releases.ModelAccessChanged message) =>
        model.WithAccess(message.StreamVersion, message.EffectiveOn, message.OpenWeights);
}

/// <summary>A model was withdrawn: the replica records the date; its prices stay as they were recorded.</summary>
public sealed class ModelRetiredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, Countries countries)
    : CatalogReplicaConsumer<Releases.ModelRetired>(store, service, clock, countries)
{
    protected override string IdOf(Releases.ModelRetired message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel model, Releases.ModelRetired message) => model with { RetiredOn = message.RetiredOn };
}
