using System.Globalization;
using System.Text;
using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// <c>GET /series</c>: the series, filtered and paged, each with its latest standing value. The page is read from the
/// stored links (<see cref="SeriesLink"/>) along their (list key, id) index, from a bounded offset or a cursor, then
/// each page series' <see cref="SeriesTally"/>: a page costs the same however many points its series hold. Past the
/// start, the page's ids come first, from the index alone (<see cref="DeepPages"/>), then its links and tallies.
/// </summary>
public static class ListSeries
{
    public const int MaxPageSize = 200;

    /// <param name="Total">How many series match, counted up to 1,000 past the page's start; null on a page read by cursor.</param>
    /// <param name="TotalIsLowerBound">True when more match than <paramref name="Total"/>: counting stopped there.</param>
    /// <param name="Next">The cursor of the following page (pass it as <c>after</c>); null on the last page.</param>
    public sealed record Page(IReadOnlyList<SeriesSummary> Items, long? Total, bool TotalIsLowerBound, int PageNumber, int PageSize, string? Next);

    private const string Sort = "series";

    public static IEndpointRouteBuilder MapListSeries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/series", Handle)
            .WithName("ListSeries")
            .WithSummary("Series. Filters: subject (id), organization (id), metric (name, or the label or key of one kept as other), region (code, name, or the label or key of a place kept as other), bloc (of origin, through the catalog; 'unknown' for unlinked), linked (true/false). "
                + "Sorted by subject, metric, region. page from 1 with the total (counted up to 1,000 past the page's start: totalIsLowerBound says when more match), at most 10,000 series in; "
                + "or after=<the previous page's next> for the following page at any depth (no total). pageSize up to 200.")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        RegionCatalog regions,
        CancellationToken cancellationToken,
        string? subject = null,
        string? organization = null,
        string? metric = null,
        string? region = null,
        string? bloc = null,
        bool? linked = null,
        int page = 1,
        int pageSize = 50,
        string? after = null)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .CheckOffset(page, pageSize, cursor: after is not null);
        var reading = Queries.ReadRegion(region, required: false, regions, validation);
        var chosen = Queries.ReadMetric(metric, required: false, validation);
        var cursor = PageCursor.Read(after, Sort, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var where = new StringBuilder("true");
        var values = new List<object>();
        void Add(string condition, object value)
        {
            where.Append(CultureInfo.InvariantCulture, $" and {condition}");
            values.Add(value);
        }

        if (subject is not null)
        {
            Add("l.subject_id = ?", subject);
        }

        if (organization is not null)
        {
            Add("l.organization_id = ?", organization);
        }

        if (chosen is not null)
        {
            Add("l.metric_kind = ?", Vocabulary.Text(chosen.Kind));
            if (chosen.Kind == Metric.Other)
            {
                Add("l.data ->> 'metricKey' = ?", chosen.Key);
            }
        }

        if (reading is not null)
        {
            Add("l.data -> 'key' ->> 'region' = ?", reading.Region.Code);
        }

        if (bloc is not null)
        {
            Add("l.bloc_key = ?", bloc.ToUpperInvariant());
        }

        if (linked is not null)
        {
            Add("(l.data ->> 'isLinked')::boolean = ?", linked.Value);
        }

        var filtered = where.ToString();
        var filterValues = values.ToArray();
        if (cursor is not null)
        {
            // A row comparison on (list key, id) walks the index from the cursor: the same cost at any depth.
            where.Append(" and (l.list_key, l.id) > (?, ?)");
            values.AddRange([cursor.Key, cursor.Id]);
        }

        var links = session.DocumentStore.Options.Schema.For<SeriesLink>();
        var offset = cursor is null ? (page - 1) * pageSize : 0;
        var found = await DeepPages.ReadAsync<SeriesLink>(
            session, "l", $"from {links} l where {where} order by l.list_key, l.id", values, link => link.Id, offset, pageSize + 1, cancellationToken);
        var onPage = found.Take(pageSize).ToList();
        var more = found.Count > pageSize;
        var tallies = await StoredTallies.OfAsync(session, onPage.Select(link => link.Id), cancellationToken);
        var items = onPage
            .Where(link => tallies.ContainsKey(link.Id))
            .Select(link => SeriesSummary.From(link.Key, tallies[link.Id], link.Link, regions))
            .ToList();
        var next = more && onPage.Count > 0 ? new PageCursor(Sort, onPage[^1].ListKey, onPage[^1].Id).Encode() : null;
        if (cursor is not null)
        {
            return TypedResults.Ok(new Page(items, null, false, page, pageSize, next));
        }

        var (total, lowerBound) = await OffsetPaging.TotalAsync(
            page,
            offset,
            onPage.Count,
            more,
            async limit => (await session.QueryAsync<long>($"select count(*) from (select 1 from {links} l where {filtered} limit ?) as counted", cancellationToken, [.. filterValues, limit])).Single(),
            async limit => (await session.QueryAsync<long>(
                $"select count(*) from (select 1 from {links} l where {filtered} and (l.list_key, l.id) > (?, ?) order by l.list_key, l.id limit ?) as counted",
                cancellationToken,
                [.. filterValues, onPage[^1].ListKey, onPage[^1].Id, limit])).Single());
        return TypedResults.Ok(new Page(items, total, lowerBound, page, pageSize, next));
    }
}
