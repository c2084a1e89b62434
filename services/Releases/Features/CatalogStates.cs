using Intelligence.Platform.EventStore;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary>
/// How the bulk writers (the import, the catalog sync) meet many model streams at once: their current states in two
/// queries a batch, whether the catalog has caught up with them or not, and appends that fail as a lost race when a
/// stream moved on after its state was read.
/// </summary>
internal static class CatalogStates
{
    public static Task<IReadOnlyDictionary<string, Current<CatalogEntry>>> LoadAsync(IDocumentSession session, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        CurrentStates.LoadAsync<CatalogEntry>(session, ids, entry => entry.Id, entry => entry.StreamVersion, cancellationToken);

    /// <summary>Starts the streams of new models and appends to known ones at the version their state was read at.</summary>
    public static async Task AppendAsync(
        IDocumentSession session,
        IReadOnlyDictionary<string, Current<CatalogEntry>> stored,
        IEnumerable<(string ModelId, List<IModelEvent> Events)> changes,
        CancellationToken cancellationToken)
    {
        foreach (var (modelId, events) in changes)
        {
            if (events.Count == 0)
            {
                continue;
            }

            if (stored.TryGetValue(modelId, out var current))
            {
                var stream = await session.Events.FetchForWriting<CatalogEntry>(modelId, current.Version, cancellationToken);
                stream.AppendMany(events);
            }
            else
            {
                // Another writer starting the same stream first makes this a lost race, decided again.
                session.Events.StartStream<CatalogEntry>(modelId, events);
            }
        }
    }
}
