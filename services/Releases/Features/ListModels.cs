using System.Globalization;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;
using Marten.Pagination;

namespace Intelligence.Releases.Features;

/// <summary>
/// <c>GET /models</c>: the catalog, filtered, sorted and paged. Offset pages (<c>page</c>) carry the total and stop
/// at <see cref="PageCursor.MaxOffset"/> items in; every page carries <c>next</c>, a cursor that reads the following
/// page by its sort key and id (indexed), at the same cost however deep.
/// </summary>
public static class ListModels
{
    public const int MaxPageSize = 200;

    /// <param name="Total">How many models match; null on a page read by cursor, which counts nothing.</param>
    /// <param name="Next">The cursor of the following page (pass it as <c>after</c>); null on the last page.</param>
    public sealed record Page(IReadOnlyList<ModelView> Items, long? Total, int PageNumber, int PageSize, string? Next);

    public static IEndpointRouteBuilder MapListModels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models", Handle)
            .WithDataVersion()
            .WithName("ListModels")
            .WithSummary("The catalog. Filters: country (ISO alpha-2 or a country's name; another place by the name it is kept under), bloc (US, China, EU, Other, unknown), "
                + "organization (slug), from/to (release date), openWeights, freeAccess (a kind, 'other', or the label of one kept as other), q (name contains). "
                + "sort: releasedOn, -releasedOn (default), name, -name. pageSize up to 200. page from 1 with the total, at most 10,000 models in; "
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
            var text = q.Trim();
            query = query.Where(e => e.State.Details.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        if (cursor is not null)
        {
            var (key, id) = (cursor.Key, cursor.Id);
            var day = cursorDate.GetValueOrDefault();
            query = sort switch
            {
                "releasedOn" => query.Where(e => e.State.Details.ReleasedOn > day || (e.State.Details.ReleasedOn == day && e.Id.CompareTo(id) > 0)),
                "name" => query.Where(e => e.State.Details.Name.CompareTo(key) > 0 || (e.State.Details.Name == key && e.Id.CompareTo(id) > 0)),
                "-name" => query.Where(e => e.State.Details.Name.CompareTo(key) < 0 || (e.State.Details.Name == key && e.Id.CompareTo(id) > 0)),
                _ => query.Where(e => e.State.Details.ReleasedOn < day || (e.State.Details.ReleasedOn == day && e.Id.CompareTo(id) > 0)),
            };
        }

        query = sort switch
        {
            "releasedOn" => query.OrderBy(e => e.State.Details.ReleasedOn).ThenBy(e => e.Id),
            "name" => query.OrderBy(e => e.State.Details.Name).ThenBy(e => e.Id),
            "-name" => query.OrderByDescending(e => e.State.Details.Name).ThenBy(e => e.Id),
            _ => query.OrderByDescending(e => e.State.Details.ReleasedOn).ThenBy(e => e.Id),
        };

        // One more than a page says whether another follows, without counting.
        long? total = null;
        List<CatalogEntry> entries;
        if (cursor is null)
        {
            var paged = await query.ToPagedListAsync(page, pageSize, cancellationToken);
            (entries, total) = ([.. paged], paged.TotalItemCount);
        }
        else
        {
            entries = [.. await query.Take(pageSize + 1).ToListAsync(cancellationToken)];
        }

        var more = cursor is null ? (long)page * pageSize < total : entries.Count > pageSize;
        var items = entries.Take(pageSize).ToList();
        var next = more && items.Count > 0 ? CursorAfter(items[^1], sort).Encode() : null;
        return TypedResults.Ok(new Page(items.Select(e => ModelView.From(e, countries)).ToList(), total, page, pageSize, next));
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
