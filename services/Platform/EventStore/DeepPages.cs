using System.Linq.Expressions;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// Offset pages of read models whose order is an index over plain columns (Marten duplicated fields ending in the id).
/// </summary>
public static class DeepPages
{
    /// <summary>
    /// <paramref name="take"/> documents of <paramref name="ordered"/> from <paramref name="offset"/> on. Past the start,
    /// the page's ids are read along the order's index alone, where an index-only scan skips the offset without visiting
    /// a row, then its rows by id: read in one query, every skipped entry would be a visit to the table, so a page
    /// 10,000 in cost 10,000 row reads. A row gone between the two reads is left out of the page.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(
        IQuerySession session, IQueryable<T> ordered, Expression<Func<T, string>> id, int offset, int take, CancellationToken cancellationToken)
        where T : notnull
    {
        if (offset == 0)
        {
            return await ordered.Take(take).ToListAsync(cancellationToken);
        }

        var ids = await ordered.Select(id).Skip(offset).Take(take).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        var idOf = id.Compile(preferInterpretation: true);
        var rows = (await session.LoadManyAsync<T>(cancellationToken, ids)).ToDictionary(idOf, StringComparer.Ordinal);
        return [.. ids.Where(rows.ContainsKey).Select(key => rows[key])];
    }
}
