using JasperFx.Events;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// Where a projection that keeps a stream's state in a document of its own takes up a batch of that stream's events.
/// The document says how far it has folded (its version); the batch may overlap it (a replay over a live store, a
/// message delivered twice) or start past it (a rebuild's first batch after a teardown, while a live write already
/// stored a later event). So a projection never folds an event twice, and never folds one onto a state that lacks
/// the events before it.
/// </summary>
public static class StreamCatchUp
{
    /// <summary>
    /// The state to fold the batch onto and the batch's events past it, in order. When the stored state lags behind the
    /// batch's first event, the events in between are read from the stream and folded first (one query, only then).
    /// </summary>
    /// <param name="stored">The state the projection's document holds, null when it has none.</param>
    /// <param name="storedVersion">The version of the last event folded into <paramref name="stored"/>.</param>
    /// <param name="batch">Events of one stream, in version order.</param>
    public static async Task<(TState? State, IReadOnlyList<IEvent> Unfolded)> FromAsync<TState, TEvent>(
        IDocumentOperations operations, TState? stored, long storedVersion, IReadOnlyList<IEvent> batch, Func<TState?, TEvent, TState?> evolve, CancellationToken cancellation)
        where TState : class
    {
        // Marten knows an event's version when its stream was loaded for writing or started; an event appended
        // blind comes as version 0, and skipping it as folded would lose it without a word.
        if (batch.Any(e => e.Version <= 0))
        {
            throw new InvalidOperationException(
                $"An event of stream {batch[0].StreamKey} came to a projection without its version: append to a stream loaded for writing (FetchForWriting) or started, never blind.");
        }

        var first = batch[0].Version;
        var (state, folded) = (stored, stored is null ? 0 : storedVersion);
        if (folded < first - 1)
        {
            var before = await operations.Events.FetchStreamAsync(batch[0].StreamKey!, first - 1, token: cancellation);
            state = before.Select(e => e.Data).OfType<TEvent>().Aggregate((TState?)null, evolve);
            folded = first - 1;
        }

        return (state, [.. batch.Where(e => e.Version > folded)]);
    }

    /// <summary>
    /// The stream's state no older than the batch, and the version it is at: the batch's events past the stored state
    /// folded on (the events before the batch read first when the stored state lags), or the stored state as it is
    /// when it already holds them (a document kept inline, read by a projection the daemon runs or rebuilds).
    /// </summary>
    public static async Task<(TState? State, long Version)> LatestAsync<TState, TEvent>(
        IDocumentOperations operations, TState? stored, long storedVersion, IReadOnlyList<IEvent> batch, Func<TState?, TEvent, TState?> evolve, CancellationToken cancellation)
        where TState : class
    {
        var (state, unfolded) = await FromAsync(operations, stored, storedVersion, batch, evolve, cancellation);
        return (unfolded.Select(e => (TEvent)e.Data).Aggregate(state, evolve), Math.Max(stored is null ? 0 : storedVersion, batch[^1].Version));
    }
}
