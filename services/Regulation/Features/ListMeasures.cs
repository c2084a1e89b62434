using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;
using Marten.Linq.MatchesSql;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /measures</c>: measures filtered by what they are and by their status as of a date, a page at a time in
/// (jurisdiction, id) order. The database pages along that index and finds the status from the status spells
/// (<see cref="MeasureStatusSpell"/>), so a page costs the same however many measures there are; only the page's
/// measures are loaded and their status worked out from their timeline.
/// </summary>
public static class ListMeasures
{
    public const int MaxPageSize = 500;

    /// <summary>The list's one order, as its cursors name it.</summary>
    public const string Sort = "jurisdiction";

    /// <param name="Total">How many match, counted up to <see cref="OffsetPaging.CountAhead"/> past the page's start; null on a page read by cursor.</param>
    /// <param name="TotalIsLowerBound">More match than <paramref name="Total"/>: counting stopped there.</param>
    /// <param name="Next">The cursor of the following page (pass it as <c>after</c>); null on the last page.</param>
    public sealed record Page(DateOnly AsOf, IReadOnlyList<MeasureLine> Items, long? Total, bool TotalIsLowerBound, int PageNumber, int PageSize, string? Next);

    internal sealed record MeasurePage(IReadOnlyList<MeasureLine> Items, long? Total, bool TotalIsLowerBound, string? Next);

    public static IEndpointRouteBuilder MapListMeasures(this IEndpointRouteBuilder app)
    {
        app.MapGet("/measures", Handle)
            .WithName("ListMeasures")
            .WithSummary("Measures. Filters: jurisdiction (US also matches US-CA), bloc, type, target (tag), direction, status (as of asOf, default today). "
                + "By jurisdiction then id; page from 1 while (page - 1) × pageSize stays within 10,000 (total counted up to 1,000 past the page, totalIsLowerBound), "
                + "or after=<the previous page's next> at any depth (no total). pageSize up to 500.")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
        TimeProvider clock,
        CancellationToken cancellationToken,
        string? jurisdiction = null,
        string? bloc = null,
        string? type = null,
        string? target = null,
        string? direction = null,
        string? status = null,
        DateOnly? asOf = null,
        int page = 1,
        int pageSize = 100,
        string? after = null)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .CheckOffset(page, pageSize, cursor: after is not null);
        var wantedStatus = EnumParameters.Read<MeasureStatus>(status, "status", validation);
        var filter = MeasureFilter.Read(jurisdiction, bloc, type, target, direction, countries, validation);
        var cursor = PageCursor.Read(after, Sort, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var found = await PageAsync(session, filter, wantedStatus, date, cursor, page, pageSize, cancellationToken, countTotal: true);
        return TypedResults.Ok(new Page(date, found.Items, found.Total, found.TotalIsLowerBound, page, pageSize, found.Next));
    }

    /// <summary>One page of the measures kept, with their status on the date; also what <c>/status</c> lists.</summary>
    /// <param name="status">Keep only the measures with this status on the date (found through the status spells).</param>
    /// <param name="countTotal">Count the matches (a bounded way past an offset page) for the page's total.</param>
    internal static async Task<MeasurePage> PageAsync(
        IQuerySession session,
        MeasureFilter filter,
        MeasureStatus? status,
        DateOnly date,
        PageCursor? cursor,
        int page,
        int pageSize,
        CancellationToken cancellationToken,
        bool countTotal = false)
    {
        if (status is { } wanted && wanted != MeasureStatus.None)
        {
            return await PageBySpellsAsync(session, filter, wanted, date, cursor, page, pageSize, countTotal, cancellationToken);
        }

        var query = filter.Query(session);
        if (status == MeasureStatus.None)
        {
            // A measure has no status spell on a date while its status is none.
            var spells = session.DocumentStore.Options.Schema.For<MeasureStatusSpell>();
            query = query.Where(e => e.MatchesSql(
                $"not exists (select 1 from {spells} s where s.measure_id = d.id and s.valid_from <= ? and (s.valid_until is null or s.valid_until > ?))", date, date));
        }

        if (cursor is not null)
        {
            query = After(query, cursor.Key, cursor.Id);
        }

        query = MeasureFilter.Ordered(query);
        var offset = cursor is null ? (page - 1) * pageSize : 0;
        var entries = await DeepPages.ReadAsync(session, query, e => e.Id, offset, pageSize + 1, cancellationToken);
        var more = entries.Count > pageSize;
        var items = entries.Take(pageSize).Select(entry => MeasureLine.From(entry, Lifecycle.AsOf(entry.State.Timeline, date))).ToList();
        var next = more ? new PageCursor(Sort, entries[pageSize - 1].State.Details.Jurisdiction, entries[pageSize - 1].Id).Encode() : null;
        if (cursor is not null || !countTotal)
        {
            return new MeasurePage(items, null, false, next);
        }

        var (total, lowerBound) = await OffsetPaging.TotalAsync(
            page,
            offset,
            items.Count,
            more,
            async limit => (await query.Select(e => e.Id).Take((int)limit).ToListAsync(cancellationToken)).Count,
            async limit =>
            {
                // Asked only when another page follows, so the page is full.
                var last = entries[pageSize - 1];
                return (await After(query, last.State.Details.Jurisdiction, last.Id).Select(e => e.Id).Take((int)limit).ToListAsync(cancellationToken)).Count;
            });
        return new MeasurePage(items, total, lowerBound, next);
    }

    /// <summary>
    /// A page of the measures with <paramref name="status"/> on the date, read from their status spells (a measure has at
    /// most one on a date, and the spells carry what the filters ask) along the (status, jurisdiction, measure) index
    /// in the list's order: no measure is probed one by one, and only the page's are loaded.
    /// </summary>
    private static async Task<MeasurePage> PageBySpellsAsync(
        IQuerySession session,
        MeasureFilter filter,
        MeasureStatus status,
        DateOnly date,
        PageCursor? cursor,
        int page,
        int pageSize,
        bool countTotal,
        CancellationToken cancellationToken)
    {
        var spells = session.Query<MeasureStatusSpell>()
            .Where(s => s.Status == status && s.ValidFrom <= date && (s.ValidUntil == null || s.ValidUntil > date));
        spells = filter.OnCopies(spells);

        static IQueryable<MeasureStatusSpell> From(IQueryable<MeasureStatusSpell> spells, string jurisdiction, string id) =>
            spells.Where(s => s.MatchesSql("(d.jurisdiction, d.measure_id) > (?, ?)", jurisdiction, id));

        var walked = cursor is null ? spells : From(spells, cursor.Key, cursor.Id);
        var offset = cursor is null ? (page - 1) * pageSize : 0;
        var found = await walked.OrderBy(s => s.Jurisdiction).ThenBy(s => s.MeasureId).Skip(offset).Take(pageSize + 1).ToListAsync(cancellationToken);
        var more = found.Count > pageSize;
        var onPage = found.Take(pageSize).ToList();
        var entries = (await session.LoadManyAsync<MeasureEntry>(cancellationToken, onPage.Select(s => s.MeasureId))).ToDictionary(entry => entry.Id, StringComparer.Ordinal);
        var items = onPage
            .Where(spell => entries.ContainsKey(spell.MeasureId))
            .Select(spell => MeasureLine.From(entries[spell.MeasureId], Lifecycle.AsOf(entries[spell.MeasureId].State.Timeline, date)))
            .ToList();
        var next = more ? new PageCursor(Sort, onPage[^1].Jurisdiction, onPage[^1].MeasureId).Encode() : null;
        if (cursor is not null || !countTotal)
        {
            return new MeasurePage(items, null, false, next);
        }

        var (total, lowerBound) = await OffsetPaging.TotalAsync(
            page,
            offset,
            onPage.Count,
            more,
            async limit => (await spells.Select(s => s.Id).Take((int)limit).ToListAsync(cancellationToken)).Count,
            async limit => (await From(spells, onPage[^1].Jurisdiction, onPage[^1].MeasureId)
                .OrderBy(s => s.Jurisdiction).ThenBy(s => s.MeasureId).Select(s => s.Id).Take((int)limit).ToListAsync(cancellationToken)).Count);
        return new MeasurePage(items, total, lowerBound, next);
    }

    /// <summary>The measures after (jurisdiction, id) in the list's order: a row comparison that walks its index from there, at the same cost at any depth.</summary>
    private static IQueryable<MeasureEntry> After(IQueryable<MeasureEntry> query, string jurisdiction, string id) =>
        query.Where(e => e.MatchesSql($"({MeasureFilter.JurisdictionSql}, d.id) > (?, ?)", jurisdiction, id));
}
