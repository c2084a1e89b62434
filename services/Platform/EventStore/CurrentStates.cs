using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// The current state of many streams at once, read from a single-stream projection the async daemon keeps: the
/// stored documents in one query and the streams' versions in another, then, for a stream the daemon has not caught
/// up with yet, its document brought up to date from the events after it. So a bulk writer decides on what is
/// stored, lag or not, and a caught-up store costs two queries per batch.
/// </summary>
public static class CurrentStates
{
    /// <summary>
    /// The streams among <paramref name="ids"/> that exist, with their state and the version it was folded to; an id
    /// with no stream is absent. <paramref name="versionOf"/> reads the stream version a document was folded to.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Current<TDoc>>> LoadAsync<TDoc>(
        IDocumentSession session, IReadOnlyCollection<string> ids, Func<TDoc, string> idOf, Func<TDoc, long> versionOf, CancellationToken cancellationToken)
        where TDoc : class
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, Current<TDoc>>(StringComparer.Ordinal);
        }

        var documents = (await session.LoadManyAsync<TDoc>(cancellationToken, ids)).ToDictionary(idOf, StringComparer.Ordinal);
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var versions = await session.QueryAsync<StreamVersion>(
            $"select jsonb_build_object('id', id, 'version', version) from {schema}.mt_streams where id = any(?)", cancellationToken, (object)ids.ToArray());

        var current = new Dictionary<string, Current<TDoc>>(StringComparer.Ordinal);
        foreach (var (id, version) in versions)
        {
            // Behind the stream only while the daemon catches up; Marten folds the events after the stored document
            // (a fetch of its own: it reads at one snapshot, which PostgreSQL opens only as a transaction's first
            // statement). An empty fold decides as a new stream would, and still appends at its version.
            current[id] = documents.TryGetValue(id, out var document) && versionOf(document) == version
                ? new Current<TDoc>(document, version)
                : new Current<TDoc>(await session.Events.FetchLatest<TDoc>(id, cancellationToken), version);
        }

        return current;
    }
}

/// <summary>A stream's state (null when its events fold to none) at its stored version.</summary>
public sealed record Current<TDoc>(TDoc? State, long Version)
    where TDoc : class;

internal sealed record StreamVersion(string Id, long Version);
