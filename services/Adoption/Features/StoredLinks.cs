using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// The catalog links of the series a read answers, as stored (<see cref="SeriesLink"/>): the replica's consumers
/// relink them in the transaction that changes the replica, so they are as current as linking against the replica
/// per request, at the cost of the answer's own series instead of the whole catalog's models.
/// </summary>
internal static class StoredLinks
{
    /// <summary>Each series' link by the series' id. A series stored before its link was kept is linked against the few models that may link it.</summary>
    public static async Task<Func<Series, SubjectLink>> OfAsync(IQuerySession session, IReadOnlyCollection<Series> series, CancellationToken cancellationToken)
    {
        var links = series.Count == 0
            ? []
            : (await session.LoadManyAsync<SeriesLink>(cancellationToken, series.Select(s => s.Id).Distinct(StringComparer.Ordinal)))
                .ToDictionary(link => link.Id, link => link.Link, StringComparer.Ordinal);
        var unkept = series.Where(s => !links.ContainsKey(s.Id)).ToList();
        if (unkept.Count > 0)
        {
            var catalog = await CatalogLinks.CandidatesAsync(session, [.. unkept.Select(s => s.Key.Subject)], cancellationToken);
            foreach (var s in unkept)
            {
                links[s.Id] = SubjectLinks.Link(s.Key.Subject, catalog);
            }
        }

        return s => links[s.Id];
    }
}
