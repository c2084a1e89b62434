using System.Runtime.CompilerServices;
using JasperFx.Events.Projections;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// A store's projections that the async daemon runs (the relay is a subscription, not among them), and their names
/// as the daemon's progress rows begin (<c>Catalog:All</c>): what the data version, the start-up check and the
/// benchmarks' wait for the read models all ask of the store.
/// </summary>
public static class AsyncProjections
{
    private static readonly ConditionalWeakTable<IDocumentStore, string[]> Names = [];

    public static IEnumerable<IProjectionSource<IDocumentOperations, IQuerySession>> Of(IDocumentStore store) =>
        ((DocumentStore)store).Options.Projections.All.Where(projection => projection.Lifecycle == ProjectionLifecycle.Async);

    /// <summary>The names, read once per store: the projections are fixed when the store is built.</summary>
    public static string[] NamesOf(IDocumentStore store) =>
        Names.GetValue(store, static built => [.. Of(built).Select(projection => projection.Name)]);
}
