using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Intelligence.Releases.Projections;

/// <summary>
/// Keeps each model's state as a document, in the same transaction as its events (inline), so a read after a
/// write sees the write, and command handlers load state without replaying the stream.
/// The folding itself is the domain's <see cref="ModelDecider.Evolve"/>.
/// </summary>
public sealed class ModelProjection : SingleStreamProjection<Model, string>
{
    public override Model? Evolve(Model? snapshot, string id, IEvent e) =>
        e.Data is IModelEvent modelEvent
            ? ModelDecider.Evolve(snapshot, modelEvent) is { } next ? next with { Version = e.Version } : null
            : snapshot;
}
