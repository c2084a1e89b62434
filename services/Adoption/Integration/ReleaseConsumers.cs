using Intelligence.Platform;
using Intelligence.Platform.Messaging;
using Marten;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Adoption.Integration;

/// <summary>
/// Applies a releases event to the model's replica. Events of one model may be handled at once by different
/// consumers (and service instances): a transaction-scoped advisory lock on the model id makes each
/// read-apply-write whole, and <see cref="CatalogReplica"/>'s versions make the order of arrival irrelevant.
/// </summary>
public abstract class ReplicaConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : IdempotentConsumer<TMessage>(store, service, clock)
    where TMessage : class
{
    protected abstract string ModelIdOf(TMessage message);

    protected abstract CatalogModel Apply(CatalogModel? current, TMessage message);

    protected sealed override async Task Handle(TMessage message, IDocumentSession session, CancellationToken cancellationToken)
    {
        var modelId = ModelIdOf(message);
        await session.BeginTransactionAsync(cancellationToken);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(hashtextextended(?, 0))", cancellationToken, $"adoption/catalog/{modelId}");
        var current = await session.LoadAsync<CatalogModel>(modelId, cancellationToken);
        session.Store(Apply(current, message));
    }
}

public sealed class ModelReleasedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : ReplicaConsumer<Contract.ModelReleased>(store, service, clock)
{
    protected override string ModelIdOf(Contract.ModelReleased message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel? current, Contract.ModelReleased message) => CatalogReplica.Apply(current, message);
}

public sealed class ModelDetailsCorrectedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : ReplicaConsumer<Contract.ModelDetailsCorrected>(store, service, clock)
{
    protected override string ModelIdOf(Contract.ModelDetailsCorrected message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel? current, Contract.ModelDetailsCorrected message) => CatalogReplica.Apply(current, message);
}

public sealed class ModelAccessChangedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : ReplicaConsumer<Contract.ModelAccessChanged>(store, service, clock)
{
    protected override string ModelIdOf(Contract.ModelAccessChanged message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel? current, Contract.ModelAccessChanged message) => CatalogReplica.Apply(current, message);
}

public sealed class ModelRetiredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : ReplicaConsumer<Contract.ModelRetired>(store, service, clock)
{
    protected override string ModelIdOf(Contract.ModelRetired message) => message.ModelId;

    protected override CatalogModel Apply(CatalogModel? current, Contract.ModelRetired message) => CatalogReplica.Apply(current, message);
}
