using System.Globalization;
using System.Text;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>The orders a list of prices in force can be read in, each one index of <see cref="OfferingPriceSpell"/>.</summary>
public enum InForceOrder
{
    CheapestFirst,
    DearestFirst,
    ByUsd,
}

/// <summary>What a list of prices in force keeps: each filter given narrows it.</summary>
public sealed record InForceFilter(string? ModelId = null, string? Provider = null, string? Bloc = null, OfferingKind? Kind = null, string? Currency = null);

/// <summary>A page of the prices in force.</summary>
/// <param name="Total">How many match, counted up to <see cref="OffsetPaging.CountAhead"/> past the page's start; null on a page read by cursor.</param>
/// <param name="TotalIsLowerBound">More match than <paramref name="Total"/>: counting stopped there.</param>
/// <param name="Next">The cursor of the following page; null on the last.</param>
public sealed record InForcePage(IReadOnlyList<OfferingPriceSpell> Items, long? Total, bool TotalIsLowerBound, string? Next);

/// <summary>
/// The prices in force on a date, a page at a time, in one of <see cref="InForceOrder"/>: the spells whose days hold the
/// date, read along the order's index from the start, an offset (bounded) or a cursor, so a page costs the same
/// however many offerings there are. What <c>/offerings</c> and <c>/price-comparison</c> read.
/// </summary>
public static class OfferingsInForce
{
    /// <summary>
    /// Declares the columns and indexes the lists read by: one (key, offering id) index per order, and the filters
    /// that may pick few rows (a model, a provider, a kind) indexed on their own, so the planner can start from them.
    /// </summary>
    public static void Declare(StoreOptions store) => store.Schema.For<OfferingPriceSpell>()
        .Duplicate(spell => spell.OfferingId)
        .Duplicate(spell => spell.ModelId!)
        .Duplicate(spell => spell.Provider)
        .Duplicate(spell => spell.KindName)
        .Duplicate(spell => spell.ValidFrom, pgType: "date")
        .Duplicate(spell => spell.ValidUntil!, pgType: "date")
        .Duplicate(spell => spell.Bloc, configure: index =>
        {
            // (bloc, cheapest key, offering id): the blocs found one index probe each, and each bloc's cheapest walked in order.
            index.Mask = "?, cheapest_key, offering_id";
            index.Name = "mt_doc_offeringpricespell_idx_bloc_cheapest_key_offering_id";
        })
        .Duplicate(spell => spell.CheapestKey, pgType: "numeric[]", configure: index => OrderIndex(index, "cheapest_key"))
        .Duplicate(spell => spell.DearestKey, pgType: "numeric[]", configure: index => OrderIndex(index, "dearest_key"))
        .Duplicate(spell => spell.UsdKey, pgType: "numeric[]", configure: index => OrderIndex(index, "usd_key"));

    /// <summary>
    /// The key column's own index, made (key, offering id): the order of a page and its row comparison from a cursor.
    /// It carries the days and the id too, so a page past the start finds its ids, and a page's count ahead its
    /// matches, from the index alone (an index-only scan), without visiting the spells it skips.
    /// </summary>
    private static void OrderIndex(Marten.Schema.DocumentIndex index, string key)
    {
        index.Mask = "?, offering_id";
        index.IncludeColumns = ["valid_from", "valid_until", "id"];
        index.Name = $"mt_doc_offeringpricespell_idx_{key}_offering_id";
    }

    /// <summary>The sort name a cursor of <paramref name="order"/> is made for.</summary>
    public static string CursorSort(InForceOrder order) => order switch
    {
        InForceOrder.CheapestFirst => "blendedUsd",
        InForceOrder.DearestFirst => "-blendedUsd",
        _ => "usd",
    };

    /// <summary>The cursor in <paramref name="after"/>, when it is one of <paramref name="order"/>'s; else null, and <paramref name="validation"/> says why when there was one.</summary>
    public static (decimal[] Key, string OfferingId)? ReadCursor(string? after, InForceOrder order, Validation validation)
    {
        if (PageCursor.Read(after, CursorSort(order), validation) is not { } cursor)
        {
            return null;
        }

        var parts = cursor.Key.Split(',');
        var key = new decimal[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!decimal.TryParse(parts[i], NumberStyles.Number, CultureInfo.InvariantCulture, out key[i]))
            {
                validation.Add("after", "is not a cursor of this list: pass the previous page's 'next' unchanged");
                return null;
            }
        }

        return (key, cursor.Id);
    }

    public static async Task<InForcePage> PageAsync(
        IQuerySession session,
        DateOnly date,
        InForceFilter filter,
        InForceOrder order,
        (decimal[] Key, string OfferingId)? after,
        int page,
        int pageSize,
        CancellationToken cancellationToken)
    {
        var key = order switch
        {
            InForceOrder.CheapestFirst => "d.cheapest_key",
            InForceOrder.DearestFirst => "d.dearest_key",
            _ => "d.usd_key",
        };
        var (where, values) = Conditions(date, filter, order);
        if (after is { } cursor)
        {
            // A row comparison on (key, id) walks the order's index from the cursor, at the same cost at any depth.
            where.Append(CultureInfo.InvariantCulture, $" and ({key}, d.offering_id) > (?, ?)");
            values.AddRange([cursor.Key, cursor.OfferingId]);
        }

        var table = session.DocumentStore.Options.Schema.For<OfferingPriceSpell>();
        var offset = after is null ? (page - 1) * pageSize : 0;
        var found = await DeepPages.ReadAsync<OfferingPriceSpell>(
            session, "d", $"from {table} d where {where} order by {key}, d.offering_id", values, spell => spell.Id, offset, pageSize + 1, cancellationToken);
        var items = found.Take(pageSize).ToList();
        var more = found.Count > pageSize;
        var next = more && items.Count > 0 ? CursorAfter(items[^1], order).Encode() : null;
        if (after is not null)
        {
            return new InForcePage(items, null, false, next);
        }

        // One more than a page says whether another follows; the total is counted only a little past the page.
        var (total, lowerBound) = await OffsetPaging.TotalAsync(
            page,
            offset,
            items.Count,
            more,
            async limit => (await session.QueryAsync<long>($"select count(*) from (select 1 from {table} d where {where} limit ?) as counted", cancellationToken, [.. values, limit])).Single(),
            async limit => (await session.QueryAsync<long>(
                $"select count(*) from (select 1 from {table} d where {where} and ({key}, d.offering_id) > (?, ?) order by {key}, d.offering_id limit ?) as counted",
                cancellationToken,
                [.. values, KeyOf(items[^1], order), items[^1].OfferingId, limit])).Single());
        return new InForcePage(items, total, lowerBound, next);
    }

    /// <summary>
    /// Per bloc, the <paramref name="top"/> cheapest API prices with a blended USD figure in force on the date, blocs in
    /// order: the blocs found by a walk of the (bloc, key) index that reads one entry per bloc, each bloc's cheapest
    /// along the same index. A few index probes however many offerings there are.
    /// </summary>
    public static async Task<IReadOnlyList<OfferingPriceSpell>> CheapestPerBlocAsync(IQuerySession session, DateOnly date, int top, CancellationToken cancellationToken)
    {
        var table = session.DocumentStore.Options.Schema.For<OfferingPriceSpell>();
        var (where, values) = Conditions(date, new InForceFilter(Kind: OfferingKind.Api), InForceOrder.CheapestFirst);

        // Each bloc's page orders by the bloc too (one value there): that is the (bloc, key) index's own order, so the
        // planner walks a small bloc's few entries rather than the whole key index filtering by bloc. "A blended USD
        // price" is a range of that index (rank 0 sorts before 1), not a condition on an array element: the planner
        // guessed such a condition kept 1 row in 200, costed the walk as long, and read every price in force in the
        // bloc to sort them instead (40 ms at 10,000 offerings, EXPLAIN ANALYZE of the service's own query).
        return await session.QueryAsync<OfferingPriceSpell>(
            $"""
            with recursive blocs(bloc) as (
                (select d.bloc from {table} d order by d.bloc limit 1)
                union all
                select (select d.bloc from {table} d where d.bloc > b.bloc order by d.bloc limit 1) from blocs b where b.bloc is not null
            )
            select cheapest.data from blocs b
            cross join lateral (
                select d.data, d.cheapest_key, d.offering_id from {table} d
                where d.bloc = b.bloc and d.cheapest_key < array[1]::numeric[] and {where}
                order by d.bloc, d.cheapest_key, d.offering_id limit ?) as cheapest
            where b.bloc is not null
            order by b.bloc, cheapest.cheapest_key, cheapest.offering_id
            """,
            cancellationToken,
            [.. values, top]);
    }

    private static PageCursor CursorAfter(OfferingPriceSpell last, InForceOrder order) =>
        new(CursorSort(order), string.Join(',', KeyOf(last, order).Select(part => part.ToString(CultureInfo.InvariantCulture))), last.OfferingId);

    /// <summary>A spell's key in <paramref name="order"/>, as its column holds it.</summary>
    private static decimal[] KeyOf(OfferingPriceSpell spell, InForceOrder order) => order switch
    {
        InForceOrder.CheapestFirst => spell.CheapestKey,
        InForceOrder.DearestFirst => spell.DearestKey,
        _ => spell.UsdKey,
    };

    private static (StringBuilder Where, List<object> Values) Conditions(DateOnly date, InForceFilter filter, InForceOrder order)
    {
        // The days are columns so the planner knows how many prices are in force on a date (about one spell an
        // offering): an opaque JSON condition made it expect almost none and sort every API price instead of walking an order's index.
        var where = new StringBuilder("d.valid_from <= ? and (d.valid_until is null or d.valid_until > ?)");
        var values = new List<object> { date, date };
        if (order == InForceOrder.ByUsd)
        {
            // A range of the key's index (the empty array sorts first), which the planner estimates from the column's statistics.
            where.Append(" and d.usd_key > '{}'::numeric[]");
        }

        void Add(string locator, object? value)
        {
            if (value is not null)
            {
                where.Append(CultureInfo.InvariantCulture, $" and {locator} = ?");
                values.Add(value);
            }
        }

        Add("d.model_id", filter.ModelId);
        Add("d.provider", filter.Provider);
        Add("d.kind_name", filter.Kind?.ToString());
        Add("d.bloc", filter.Bloc);
        Add("d.data ->> 'currency'", filter.Currency);
        return (where, values);
    }
}
