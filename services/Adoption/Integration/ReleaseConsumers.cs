using Intelligence.Platform;
using Intelligence.Platform.Messaging;
using Marten;
using MassTransit;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Adoption.Integration;

/// <summary>
/// Applies releases events to their models' replicas, a batch in one transaction, and relinks the series whose link a
/// changed card may change (<see cref="CatalogLinks.RelinkAsync"/>). Events of one model may be handled at once by
/// different consumers (and service instances), and a link rests on several models: the catalog-links lock, held
/// exclusively, makes each read-apply-relink whole, and <see cref="CatalogReplica"/>'s versions make the order of
/// arrival irrelevant.
/// </summary>
public abstract class ReplicaConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : IdempotentConsumer<TMessage>(store, service, clock)
    where TMessage : class
{
    protected abstract string ModelIdOf(TMessage message);

    protected abstract CatalogModel Apply(CatalogModel? current, TMessage message);

    protected sealed override Task Handle(TMessage message, IDocumentSession session, CancellationToken cancellationToken) =>
        ApplyAsync([message], session, cancellationToken);

    protected sealed override Task HandleMany(IReadOnlyList<ConsumeContext<TMessage>> messages, IDocumentSession session, CancellationToken cancellationToken) =>
        ApplyAsync([.. messages.Select(context => context.Message)], session, cancellationToken);

    private async Task ApplyAsync(IReadOnlyList<TMessage> messages, IDocumentSession session, CancellationToken cancellationToken)
    {
        await CatalogLinks.HoldAsync(session, cancellationToken);
        var models = (await session.LoadManyAsync<CatalogModel>(cancellationToken, messages.Select(ModelIdOf).Distinct(StringComparer.Ordinal)))
            .ToDictionary(model => model.Id, StringComparer.Ordinal);
        var newCards = new Dictionary<string, CatalogModel>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var modelId = ModelIdOf(message);
            var current = models.GetValueOrDefault(modelId);
            var next = Apply(current, message);
            models[modelId] = next;
            session.Store(next);

            // Only the card (name, organization, origin, bloc) takes part in a link.
            if (next.CardVersion != (current?.CardVersion ?? 0) || newCards.ContainsKey(modelId))
            {
                newCards[modelId] = next;
            }
        }

        if (newCards.Count > 0)
        {
            await CatalogLinks.RelinkAsync(session, newCards.Values, cancellationToken);
        }
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
