using Intelligence.Adoption.Projections;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>The tallies of the series a list shows (<see cref="SeriesTally"/>), so no list reads a series whole.</summary>
internal static class StoredTallies
{
    /// <summary>
    /// The tallies of <paramref name="seriesIds"/>. A series with none was written before tallies were kept (until an
    /// operator rebuilds <see cref="SeriesTallyProjection"/>): it is read whole, as every list once read it.
    /// </summary>
    public static async Task<Dictionary<string, SeriesTally>> OfAsync(IQuerySession session, IEnumerable<string> seriesIds, CancellationToken cancellationToken)
    {
        var ids = seriesIds.Distinct(StringComparer.Ordinal).ToList();
        var tallies = (await session.LoadManyAsync<SeriesTally>(cancellationToken, ids)).ToDictionary(tally => tally.Id, StringComparer.Ordinal);
        if (ids.Where(id => !tallies.ContainsKey(id)).ToList() is { Count: > 0 } untallied)
        {
            foreach (var entry in await session.LoadManyAsync<SeriesEntry>(cancellationToken, untallied))
            {
                tallies[entry.Id] = SeriesTally.Of(entry.State, entry.Version);
            }
        }

        return tallies;
    }
}
