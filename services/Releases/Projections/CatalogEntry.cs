using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Intelligence.Releases.Projections;

/// <summary>
/// A model as the catalog stores it: the domain state, plus what queries filter on that is data rather than
/// domain (the blocs of its origin countries). Kept inline, in the transaction of its events, so a read after a
/// write sees the write and command handlers load state without replaying the stream.
/// </summary>
/// <remarks>
/// The stream version is named <c>StreamVersion</c>, not <c>Version</c>: Marten would take a <c>Version</c> property
/// for a numeric revision and look the stream's version up again in every upsert, which made imports 2x slower.
/// Every append goes through <c>FetchForWriting</c> or starts a new stream, so the events' versions are known here.
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
