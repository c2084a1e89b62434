using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /series</c>: the series, filtered and paged, each with its latest standing value.</summary>
public static class ListSeries
{
    public const int MaxPageSize = 200;

    public sealed record Page(IReadOnlyList<SeriesSummary> Items, int Total, int PageNumber, int PageSize);

    public static IEndpointRouteBuilder MapListSeries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/series", Handle)
            .WithName("ListSeries")
            .WithSummary("Series. Filters: subject (id), organization (id), metric (name, or the label or key of one kept as other), region (code, name, or the label or key of a place kept as other), bloc (of origin, through the catalog; 'unknown' for unlinked), linked (true/false). Sorted by subject, metric, region. page from 1, pageSize up to 200.")
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
        int pageSize = 50)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize);
        var reading = Queries.ReadRegion(region, required: false, regions, validation);
        var chosen = Queries.ReadMetric(metric, required: false, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        IQueryable<SeriesEntry> query = session.Query<SeriesEntry>();
        if (subject is not null)
        {
            query = query.Where(e => e.State.Key.Subject.Id == subject);
        }

        if (organization is not null)
        {
            query = query.Where(e => e.State.Key.Subject.OrganizationId == organization);
        }

        var entries = await Queries.SeriesOfAsync(query, chosen, reading?.Region.Code, cancellationToken);
        var link = Catalog.Linker(await Catalog.KnownModelsAsync(session, cancellationToken));
        var matching = entries
            .Select(e => (Entry: e, Link: link(e.State.Key.Subject)))
            .Where(x => bloc is null || string.Equals(x.Link.Bloc, bloc, StringComparison.OrdinalIgnoreCase))
            .Where(x => linked is null || x.Link.IsLinked == linked)
            .OrderBy(x => x.Entry.State.Key.Subject.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(x => x.Entry.State.Key.Metric)
            .ThenBy(x => x.Entry.State.Key.MetricKey, StringComparer.Ordinal)
            .ThenBy(x => x.Entry.State.Key.Region, StringComparer.Ordinal)
            .ToList();
        var items = matching.Skip((page - 1) * pageSize).Take(pageSize).Select(x => SeriesSummary.From(x.Entry, x.Link, regions)).ToList();
        return TypedResults.Ok(new Page(items, matching.Count, page, pageSize));
    }
}
