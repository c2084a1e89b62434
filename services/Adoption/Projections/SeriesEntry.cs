using Intelligence.Adoption.Domain;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// A series as the service stores it: the domain state, kept inline in the transaction of its events, so a read
/// after a write sees the write and command handlers load state without replaying the stream.
/// </summary>
public sealed record SeriesEntry(string Id, Series State)
{
    public long Version { get; init; }
}

/// <summary>Folds a series' events with the domain's <see cref="SeriesDecider.Evolve"/>.</summary>
public sealed class SeriesEntryProjection : SingleStreamProjection<SeriesEntry, string>
{
    public override SeriesEntry? Evolve(SeriesEntry? snapshot, string id, IEvent e)
    {
        if (e.Data is not ISeriesEvent seriesEvent || SeriesDecider.Evolve(snapshot?.State, seriesEvent) is not { } state)
        {
            return snapshot;
        }

        return new SeriesEntry(id, state) { Version = e.Version };
    }
}
