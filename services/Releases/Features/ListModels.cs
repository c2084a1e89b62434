using System.Globalization;
using System.Text.RegularExpressions;
using Intelligence.Contracts;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;
using Marten.Linq.MatchesSql;
using Weasel.Postgresql.Tables;

namespace Intelligence.Releases.Features;

/// <summary>
/// <c>GET /models</c>: the catalog, filtered, sorted and paged. Offset pages (<c>page</c>) carry the total (counted a bounded way past the page) and stop
/// at <see cref="PageCursor.MaxOffset"/> items in; every page carries <c>next</c>, a cursor that reads the following
/// page by its sort key and id (indexed), at the same cost however deep.
/// </summary>
public static class ListModels
{
    public const int MaxPageSize = 200;

    /// <param name="Total">How many models match, counted up to <see cref="OffsetPaging.CountAhead"/> past the page's start; null on a page read by cursor, which counts nothing.</param>
    /// <param name="TotalIsLowerBound">True when more models match than <paramref name="Total"/>: counting stopped there.</param>
    /// <param name="Next">The cursor of the following page (pass it as <c>after</c>); null on the last page.</param>
    public sealed record Page(IReadOnlyList<ModelView> Items, long? Total, bool TotalIsLowerBound, int PageNumber, int PageSize, string? Next);

    public static IEndpointRouteBuilder MapListModels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models", Handle)
            .WithDataVersion()
            .WithName("ListModels")
            .WithSummary("The catalog. Filters: country (ISO alpha-2 or a country's name; another place by the name it is kept under), bloc (US, China, EU, Other, unknown), "
                + "organization (slug), from/to (release date), openWeights, freeAccess (a kind, 'other', or the label of one kept as other), q (name contains; one or two characters: a word of the name starts with it). "
                + "sort: releasedOn, -releasedOn (default), name, -name. pageSize up to 200. page from 1 with the total (counted up to 1,000 past the page's start: totalIsLowerBound says when more match), at most 10,000 models in; "
                + "or after=<the previous page's next> for the following page at any depth (no total).")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
        CountryNames countryNames,
        CancellationToken cancellationToken,
        string? country = null,
        string? bloc = null,
        string? organization = null,
        DateOnly? from = null,
        DateOnly? to = null,
        bool? openWeights = null,
        string? freeAccess = null,
        string? q = null,
        string sort = "-releasedOn",
        int page = 1,
        int pageSize = 50,
        string? after = null)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .CheckOffset(page, pageSize, cursor: after is not null)
            .Check(sort is "releasedOn" or "-releasedOn" or "name" or "-name", "sort", "must be releasedOn, -releasedOn, name or -name")
            .Check(from is null || to is null || from <= to, "from", "must not be after to")
            .Check(q is null || q.Length <= 200, "q", "must be at most 200 characters");
        var origin = ModelDetailsRules.Read("country", country, place => Origins.Read(countryNames, place), validation);
        var free = freeAccess is not null && KebabCase.TryParse<FreeAccess>(freeAccess, out var kind)
            ? new Term<FreeAccess>(kind, null)
            : ModelDetailsRules.Read("freeAccess", freeAccess, Terms.ReadFreeAccess, validation);

        var cursor = PageCursor.Read(after, sort, validation);
        var cursorDate = cursor is not null && sort is "releasedOn" or "-releasedOn" ? ReadDay(cursor.Key, validation) : null;
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        IQueryable<CatalogEntry> query = session.Query<CatalogEntry>();
        if (origin is not null)
        {
            query = query.Where(e => e.State.Details.OriginCountries.Contains(origin));
        }

        if (bloc is not null)
        {
            query = query.Where(e => e.Blocs.Contains(bloc));
        }

        if (organization is not null)
        {
            query = query.Where(e => e.State.Details.Organization.Id == organization);
        }

        if (from is not null)
        {
            query = query.Where(e => e.State.Details.ReleasedOn >= from.Value);
        }

        if (to is not null)
        {
            query = query.Where(e => e.State.Details.ReleasedOn <= to.Value);
        }

        if (openWeights is not null)
        {
            query = query.Where(e => e.State.Details.Access.OpenWeights == openWeights.Value);
        }

        if (free is not null)
        {
            // "other" lists every kind of other; a label, the models kept under it.
            var (freeKind, freeLabel) = (free.Kind, free.Label);
            query = query.Where(e => e.State.Details.Access.FreeAccess == freeKind);
            if (freeLabel is not null)
            {
                query = query.Where(e => e.State.Details.Access.FreeAccessLabel == freeLabel);
            }
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            // Three characters or more: anywhere in the name, found by the trigram index. Fewer have no trigram to
            // look up: they match the start of a word of the name ("r1" finds DeepSeek-R1), read by a scan.
            var text = q.Trim();
            query = text.Length >= CatalogSortKeys.ShortestSubstring
                ? query.Where(e => e.State.Details.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
                : query.Where(e => e.MatchesSql($"{CatalogSortKeys.Name} ~* ?", @"\m" + Regex.Escape(text)));
        }

        // A row comparison on (sort key, id) walks the composite index from a position: the cost of a page is the same
        // at any depth (an OR of the two conditions cannot use it that way).
        IQueryable<CatalogEntry> After(IQueryable<CatalogEntry> list, string name, DateOnly releasedOn, string id)
        {
            var direction = sort.StartsWith('-') ? "<" : ">";
            return sort is "name" or "-name"
                ? list.Where(e => e.MatchesSql($"({CatalogSortKeys.Name}, d.id) {direction} (?, ?)", name, id))
                : list.Where(e => e.MatchesSql($"({CatalogSortKeys.ReleasedOn}, d.id) {direction} (?, ?)", releasedOn, id));
        }

        if (cursor is not null)
        {
            query = After(query, cursor.Key, cursorDate.GetValueOrDefault(), cursor.Id);
        }

        // Ties go the sort's way too, so each order is one direction of its index.
        query = sort switch
        {
            "releasedOn" => query.OrderBy(e => e.State.Details.ReleasedOn).ThenBy(e => e.Id),
            "name" => query.OrderBy(e => e.State.Details.Name).ThenBy(e => e.Id),
            "-name" => query.OrderByDescending(e => e.State.Details.Name).ThenByDescending(e => e.Id),
            _ => query.OrderByDescending(e => e.State.Details.ReleasedOn).ThenByDescending(e => e.Id),
        };

        // One more than a page says whether another follows. An offset page counts the matches only a little past
        // itself (OffsetPaging.CountAhead): a count of every match would cost a scan of them all, whatever the page.
        var offset = cursor is null ? (page - 1) * pageSize : 0;
        var entries = await DeepPages.ReadAsync(session, query, e => e.Id, offset, pageSize + 1, cancellationToken);
        var more = entries.Count > pageSize;
        long? total = null;
        var totalIsLowerBound = false;
        if (cursor is null)
        {
            (total, totalIsLowerBound) = await OffsetPaging.TotalAsync(
                page,
                offset,
                Math.Min(entries.Count, pageSize),
                more,
                async limit => (await query.Select(e => e.Id).Take((int)limit).ToListAsync(cancellationToken)).Count,
                async limit =>
                {
                    // Asked only when another page follows, so the page is full.
                    var last = entries[pageSize - 1];
                    return (await After(query, last.State.Details.Name, last.State.Details.ReleasedOn, last.Id).Select(e => e.Id).Take((int)limit).ToListAsync(cancellationToken)).Count;
                });
        }

        var items = entries.Take(pageSize).ToList();
        var next = more && items.Count > 0 ? CursorAfter(items[^1], sort).Encode() : null;
        return TypedResults.Ok(new Page(items.Select(e => ModelView.From(e, countries)).ToList(), total, totalIsLowerBound, page, pageSize, next));
    }

    private static PageCursor CursorAfter(CatalogEntry last, string sort) => new(
        sort,
        sort is "name" or "-name" ? last.State.Details.Name : last.State.Details.ReleasedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        last.Id);

    private static DateOnly? ReadDay(string key, Validation validation)
    {
        if (DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        validation.Add("after", "is not a cursor of this list: pass the previous page's 'next' unchanged");
        return null;
    }
}

/// <summary>
/// The catalog's sort keys as columns of their own (Marten duplicated fields, filled from each document on every
/// write, and from the stored documents once when the columns are added), and their SQL as a query names them: a
/// condition written by hand on them (a row comparison for a cursor) uses the same indexes as Marten's own. As
/// plain columns, a walk of an order's index reads no row (an index-only scan): an offset page and a count ahead skip
/// their entries without visiting the table. A test reads the plans of these queries to hold them to the indexes.
/// </summary>
public static class CatalogSortKeys
{
    /// <summary>The shortest text a name search finds anywhere in a name: shorter text has no trigram to look up.</summary>
    public const int ShortestSubstring = 3;

    // The columns as Marten names the duplicated members (the member path joined, then its table alias).

    public const string ReleasedOn = "d.statedetailsreleased_on";

    public const string Name = "d.statedetailsname";

    /// <summary>Declares the key columns and the indexes the list reads by: each sort key with the id (its tie-break), an organization's models by date, and the name's trigrams.</summary>
    public static void Declare(StoreOptions store)
    {
        store.Storage.ExtendedSchemaObjects.Add(new Weasel.Postgresql.Extension("pg_trgm"));
        store.Schema.For<CatalogEntry>()
            .Duplicate(entry => entry.State.Details.ReleasedOn, pgType: "date", configure: index => OrderIndex(index, "released_on"))
            .Duplicate(entry => entry.State.Details.Name, pgType: "text", configure: index => OrderIndex(index, "name"))
            .Index([entry => entry.State.Details.Organization.Id, entry => entry.State.Details.ReleasedOn, entry => entry.Id], index => index.Name = "mt_doc_catalogentry_idx_organization_released_on")
            .Index(entry => entry.State.Details.Name, index =>
            {
                index.Name = "mt_doc_catalogentry_idx_name_trigrams";
                index.Method = IndexMethod.gin;
                index.Mask = "? gin_trgm_ops";

                // GIN keeps new entries in a pending list until a vacuum or until the list passes its limit (4 MB by
                // default), and every search reads the whole list: after 10,000 models imported the planner scanned
                // the table instead, 10.9 ms a search against 0.17 once vacuumed (EXPLAIN ANALYZE). Autovacuum comes
                // only after inserts of a share of the table, so a catalog synced a few thousand models at a time
                // would keep a long list. At 64 kB the list is moved into the index in small batches as it fills.
                index.StorageParameters["gin_pending_list_limit"] = "64";
            });
    }

    /// <summary>The key column's own index, made (key, id): the order of a page and its row comparison from a cursor.</summary>
    private static void OrderIndex(Marten.Schema.DocumentIndex index, string key)
    {
        index.Mask = "?, id";
        index.Name = $"mt_doc_catalogentry_idx_{key}_id";
    }
}
