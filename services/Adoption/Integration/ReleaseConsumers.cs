using Intelligence.Platform;
using Intelligence.Platform.Replicas;
using Marten;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Adoption.Integration;

/// <summary>
/// Applies releases events to their models' replicas, a batch in one transaction (<see cref="ReplicaConsumer{TMessage, TReplica}"/>),
/// and relinks the series whose link a changed card may change (<see cref="CatalogLinks.RelinkAsync"/>). A link rests on
/// several models, so the lock is the catalog-links lock, held exclusively, for every model at once: it makes each
/// read-apply-relink whole, and <see cref="CatalogReplica"/>'s versions make the order of arrival irrelevant.
/// </summary>
public abstract class CatalogReplicaConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : ReplicaConsumer<TMessage, CatalogModel>(store, service, clock)
    where TMessage : class
{
    protected sealed override string IdOf(CatalogModel replica) => replica.Id;

    protected sealed override CatalogModel Empty(string id) => new(id);

    protected sealed override Task LockAsync(IDocumentSession session, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        CatalogLinks.HoldAsync(session, cancellationToken);

    protected sealed override async Task StoreAsync(
        IDocumentSession session, IReadOnlyList<ReplicaChange<CatalogModel>> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            // Stored even when unchanged: storing again fills the columns a row stored before they were kept lacks (CatalogLinks.CandidatesAsync).
            session.Store(change.Applied);
        }

        // Only the card (name, organization, origin, bloc) takes part in a link.
        CatalogModel[] newCards = [.. changes.Where(change => change.Applied.CardVersion != (change.Stored?.CardVersion ?? 0)).Select(change => change.Applied)];
        if (newCards.Length > 0)
        {
            await CatalogLinks.RelinkAsync(session, newCards, cancellationToken);
        }
    }
}

public sealed class ModelReleasedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : CatalogReplicaConsumer<Contract.ModelReleased>(store, service, clock)
{
    protected override string IdOf(Contract.ModelReleased message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel replica, Contract.ModelReleased message) => CatalogReplica.Apply(replica, message);
}

public sealed class ModelDetailsCorrectedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : CatalogReplicaConsumer<Contract.ModelDetailsCorrected>(store, service, clock)
{
    protected override string IdOf(Contract.ModelDetailsCorrected message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel replica, Contract.ModelDetailsCorrected message) => CatalogReplica.Apply(replica, message);
}

public sealed class ModelAccessChangedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : CatalogReplicaConsumer<Contract.ModelAccessChanged>(store, service, clock)
{
    protected override string IdOf(Contract.ModelAccessChanged message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel replica, Contract.ModelAccessChanged message) => CatalogReplica.Apply(replica, message);
}

public sealed class ModelRetiredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : CatalogReplicaConsumer<Contract.ModelRetired>(store, service, clock)
{
    protected override string IdOf(Contract.ModelRetired message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel replica, Contract.ModelRetired message) => CatalogReplica.Apply(replica, message);
}
