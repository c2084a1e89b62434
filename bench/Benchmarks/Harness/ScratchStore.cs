using System.Diagnostics;
using Intelligence.Platform.EventStore;
using Intelligence.TestSupport;
using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace Intelligence.Benchmarks.Harness;

/// <summary>A stream's events as a raw baseline appends them in one batch: the stream's id and its events, in order.</summary>
public sealed record StreamEvents(string Id, IReadOnlyList<object> Events);

/// <summary>
/// The raw baseline's store: a plain Marten <see cref="DocumentStore"/> on a scratch database of its own, with
/// the services' serializer settings (System.Text.Json, camel case, enums as strings) and string stream ids, in
/// quick append mode; no relay, no daemon, and projections only if the scenario adds them.
/// </summary>
public sealed class ScratchStore : IAsyncDisposable
{
    public const string Description =
        "a plain Marten DocumentStore (System.Text.Json camel case, enums as strings, string stream ids, quick append, the services' connection settings)";

    private readonly TestDatabase _database;

    // Each stream's version after the appends so far, across calls (a warm-up, then the measured batches).
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    private ScratchStore(TestDatabase database, DocumentStore store)
    {
        _database = database;
        Store = store;
    }

    public DocumentStore Store { get; }

    /// <summary>A fresh database and store, its schema applied; <paramref name="configure"/> adds event types and projections.</summary>
    public static async Task<ScratchStore> CreateAsync(Action<StoreOptions> configure)
    {
        var database = await TestDatabase.CreateAsync("bench_raw");
        try
        {
            var store = DocumentStore.For(options =>
            {
                options.Connection(StoreConnection.Of(database.ConnectionString));
                options.DatabaseSchemaName = "bench_raw";
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.Events.StreamIdentity = StreamIdentity.AsString;
                options.Events.AppendMode = EventAppendMode.Quick;
                configure(options);
            });
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            return new ScratchStore(database, store);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Appends the batches as an importer commits them, one transaction each: a stream is started in the first
    /// batch that holds it, and appended to (quick append, no fetch) in later ones. With
    /// <paramref name="expectingVersions"/>, a later append names the version the stream had, as an append to a
    /// stream loaded for writing does: inline projections that fold by version need it.
    /// </summary>
    public async Task<TimeSpan> AppendAsync(IReadOnlyList<IReadOnlyList<StreamEvents>> batches, CancellationToken cancellationToken, bool expectingVersions = false)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await using var session = Store.LightweightSession();
            foreach (var stream in batch)
            {
                if (!_versions.TryGetValue(stream.Id, out var version))
                {
                    session.Events.StartStream(stream.Id, [.. stream.Events]);
                }
                else if (expectingVersions)
                {
                    session.Events.Append(stream.Id, version + stream.Events.Count, [.. stream.Events]);
                }
                else
                {
                    session.Events.Append(stream.Id, [.. stream.Events]);
                }

                _versions[stream.Id] = version + stream.Events.Count;
            }

            await session.SaveChangesAsync(cancellationToken);
        }

        return stopwatch.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await _database.DisposeAsync();
    }

    /// <summary>Whole streams, cut into batches of at least <paramref name="batchSize"/> events (the last may hold fewer).</summary>
    public static IEnumerable<IReadOnlyList<StreamEvents>> Batches(IReadOnlyList<StreamEvents> streams, int batchSize)
    {
        var batch = new List<StreamEvents>();
        var events = 0;
        foreach (var stream in streams)
        {
            batch.Add(stream);
            events += stream.Events.Count;
            if (events >= batchSize)
            {
                yield return batch;
                batch = [];
                events = 0;
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
