using JasperFx.Events;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>How a bulk writer (an import) loads the streams of a batch to decide on and append to.</summary>
public static class StreamsForWriting
{
    /// <summary>
    /// The streams of <paramref name="ids"/> with their current state, in one round trip. A stream that does not
    /// exist yet has no aggregate; appending to it starts it. Saving checks that no stream moved on since it was
    /// read, and fails as a <see cref="LostRace"/> if one did, so that the batch is decided again.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IEventStream<TDoc>>> FetchAsync<TDoc>(
        IDocumentSession session, IEnumerable<string> ids, CancellationToken cancellationToken)
        where TDoc : class
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var streams = await session.Events.FetchManyForWriting<TDoc>(distinct, cancellationToken);
        return distinct.Zip(streams).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
    }
}
