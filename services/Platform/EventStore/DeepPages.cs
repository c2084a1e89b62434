using System.Linq.Expressions;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>
/// Offset pages of read models whose order is an index over plain columns (Marten duplicated fields ending in the id).
/// Past the start, a page's ids are read along the order's index alone, where an index-only scan skips the offset
/// without visiting a row, then its rows by id: read in one query, every skipped entry would be a visit to the table,
/// so a page 10,000 in cost 10,000 row reads.
/// </summary>
public static class DeepPages
{
    /// <summary><paramref name="take"/> documents of <paramref name="ordered"/> from <paramref name="offset"/> on: from the start in one query, past it by ids first.</summary>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(
        IQuerySession session, IQueryable<T> ordered, Expression<Func<T, string>> id, int offset, int take, CancellationToken cancellationToken)
        where T : notnull
    {
        if (offset == 0)
        {
            return await ordered.Take(take).ToListAsync(cancellationToken);
        }

        var ids = await ordered.Select(id).Skip(offset).Take(take).ToListAsync(cancellationToken);
        return await InOrderAsync(session, ids, id.Compile(preferInterpretation: true), cancellationToken);
    }

    /// <summary>
    /// <paramref name="take"/> documents of a SQL read from <paramref name="offset"/> on: from the start one query
    /// selecting <c>{alias}.data</c>, past it <c>{alias}.id</c> first, then the documents by id.
    /// </summary>
    /// <param name="alias">The alias of the document table in <paramref name="fromWhereOrderBy"/>.</param>
    /// <param name="fromWhereOrderBy">The read after its select list: <c>from … where … order by …</c>, its order an index ending in the id.</param>
    /// <param name="values">The values of the <c>?</c> placeholders in <paramref name="fromWhereOrderBy"/>.</param>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(
        IQuerySession session,
        string alias,
        string fromWhereOrderBy,
        IReadOnlyList<object> values,
        Func<T, string> idOf,
        int offset,
        int take,
        CancellationToken cancellationToken)
        where T : notnull
    {
        if (offset == 0)
        {
            return await session.QueryAsync<T>($"select {alias}.data {fromWhereOrderBy} limit ?", cancellationToken, [.. values, take]);
        }

        var ids = await session.QueryAsync<string>($"select {alias}.id {fromWhereOrderBy} limit ? offset ?", cancellationToken, [.. values, take, offset]);
        return await InOrderAsync(session, ids, idOf, cancellationToken);
    }

    /// <summary>The documents of <paramref name="ids"/>, in their order; a row gone since the ids were read is left out.</summary>
    public static async Task<IReadOnlyList<T>> InOrderAsync<T>(IQuerySession session, IReadOnlyList<string> ids, Func<T, string> idOf, CancellationToken cancellationToken)
        where T : notnull
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = (await session.LoadManyAsync<T>(cancellationToken, ids)).ToDictionary(idOf, StringComparer.Ordinal);
        return [.. ids.Where(rows.ContainsKey).Select(key => rows[key])];
    }
}
