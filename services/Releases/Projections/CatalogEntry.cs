using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Intelligence.Releases.Projections;

/// <summary>
/// A model as the catalog stores it: the domain state, plus what queries filter on that is data rather than
/// domain (the blocs of its origin countries). Kept by the async daemon (<see cref="CatalogProjection"/>), off the
/// write path; a command or a read of one model folds the events the daemon has not taken yet (Marten's
/// <c>FetchForWriting</c> and <c>FetchLatest</c>), so it never sees an older model than the last write left.
/// </summary>
/// <remarks>
/// The stream version is named <c>StreamVersion</c>, not <c>Version</c>: Marten would take a <c>Version</c> property
/// for a numeric revision and look the stream's version up again in every upsert, which made imports 2x slower.
/// The daemon folds stored events, whose versions are always known. The inline entries of the other services
/// (<c>OfferingEntry</c>, <c>MeasureEntry</c>, <c>SeriesEntry</c>) keep <c>Version</c>: renamed, regulation's import
/// measured the same (1,788 and 1,543 against 1,500 and 1,584 events/s, side by side on 12-07), and the stored
/// documents keep their field.
/// </remarks>
public sealed record CatalogEntry(string Id, Model State, IReadOnlyList<string> Blocs)
{
    public long StreamVersion { get; init; }
}

/// <summary>Folds a model's events with the domain's <see cref="ModelDecider.Evolve"/>.</summary>
public sealed class CatalogEntryProjection(Countries countries) : SingleStreamProjection<CatalogEntry, string>
{
    public override CatalogEntry? Evolve(CatalogEntry? snapshot, string id, IEvent e)
    {
        if (e.Data is not IModelEvent modelEvent || ModelDecider.Evolve(snapshot?.State, modelEvent) is not { } state)
        {
            return snapshot;
        }

        var blocs = state.Details.OriginCountries.Select(origin => Origins.BlocOf(countries, origin)).Distinct().ToList();
        return new CatalogEntry(id, state, blocs) { StreamVersion = e.Version };
    }
}

/// <summary>The daemon's shard that keeps <see cref="CatalogEntry"/> and the release counters: the name a rebuild takes.</summary>
public static class CatalogProjection
{
    public const string Name = "Catalog";
}
