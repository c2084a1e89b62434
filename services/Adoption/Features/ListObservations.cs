using System.Globalization;
using System.Text;
using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// <c>GET /observations</c>: standing observations across series in a date window, each with its subject's link to
/// the catalog; with <c>latest=true</c>, only each series' latest standing observation on or before <c>to</c>. One
/// query over the read models (<see cref="SeriesLink"/>, <see cref="StandingObservation"/>): the series of a model, a
/// bloc or a country are found by index, each series' latest by one probe of the (series, date) index, and the page
/// and its total by the database. The gateway's dossier and timeline read their adoption parts here.
/// </summary>
public static class ListObservations
{
    public const int MaxPageSize = 500;

    public sealed record Line(
        string Id,
        string SeriesId,
        SubjectView Subject,
        Metric Metric,
        string? MetricLabel,
        Unit Unit,
        string? UnitLabel,
        string Region,
        string? RegionLabel,
        decimal Value,
        Bound Bound,
        DateOnly ObservedOn,
        string? Period,
        MeasurementType MeasurementType,
        string? MeasurementTypeLabel,
        Confidence Confidence,
        string? ConfidenceLabel,
        string Source)
    {
        internal static Line Of(LinkedObservation found)
        {
            var (o, key) = (found.Point.Observation, found.Link.Key);
            return new Line(
                o.Id, found.Link.Id, SubjectView.From(key.Subject, found.Link.Link), key.Metric, key.MetricLabel, o.Unit, o.UnitLabel, key.Region, key.RegionLabel,
                o.Value, o.Bound, o.ObservedOn, o.Period, o.MeasurementType, o.MeasurementTypeLabel, o.Confidence, o.ConfidenceLabel, o.Source);
        }
    }

    /// <param name="Total">The lines that match, counted at most <see cref="OffsetPaging.CountAhead"/> past the page (then a lower bound).</param>
    public sealed record Page(IReadOnlyList<Line> Items, int Total, bool TotalIsLowerBound, int PageNumber, int PageSize);

    public static IEndpointRouteBuilder MapListObservations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/observations", Handle)
            .WithDataVersion()
            .WithName("ListObservations")
            .WithSummary("Standing (not retracted) observations observed from 'from' to 'to' (both optional, included), oldest first, each with its subject's "
                + "catalog link. latest=true keeps only each series' latest standing observation on or before 'to' (default today). Filters: metric (name, or the label or key of one kept as other), "
                + "bloc and country (of origin, through the catalog), model (a catalog model id the subject links to). page from 1 (up to 10,000 lines in), pageSize up to 500; "
                + "total is counted up to 1,000 past the page (totalIsLowerBound).")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        DateOnly? from = null,
        DateOnly? to = null,
        string? metric = null,
        string? bloc = null,
        string? country = null,
        string? model = null,
        bool latest = false,
        int page = 1,
        int pageSize = 100)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .CheckOffset(page, pageSize, cursor: false)
            .Check(from is null || to is null || from <= to, "from", "must not be after to")
            .Check(country is null || country.Trim().Length == 2, "country", "must be an ISO 3166-1 alpha-2 code");
        var chosen = Queries.ReadMetric(metric, required: false, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (first, last) = (from ?? DateOnly.MinValue, to ?? clock.UtcDate());
        var links = session.DocumentStore.Options.Schema.For<SeriesLink>();
        var points = session.DocumentStore.Options.Schema.For<StandingObservation>();
        var (filters, values) = LinkFilters(
            chosen, bloc, country?.Trim().ToUpperInvariant(), model, session.DocumentStore.Options.Schema.For<CatalogModel>());
        var hits = latest
            ? $"""
                select p.id, p.observed_on
                from {links} l
                {ReadModels.LatestOf(points)}
                where p.observed_on >= ?{filters}
                """
            : $"""
                select p.id, p.observed_on
                from {points} p join {links} l on l.id = p.series_id
                where p.observed_on >= ? and p.observed_on <= ?{filters}
                """;
        object[] window = latest ? [last, first] : [first, last];

        // The window's lines are paged by the database, in the order the page shows them, and counted only a little past
        // the page (a count of every line would cost a walk of them all); only the page's documents are read.
        var offset = (page - 1L) * pageSize;
        var counted = offset + pageSize + OffsetPaging.CountAhead;
        var found = await session.QueryJsonAsync<Found>(
            $"""
            select json_build_object(
                'total', (select count(*) from (select 1 from ({hits}) as hits limit ?) as counted),
                'items', coalesce(
                    (select json_agg(json_build_object('point', p.data, 'link', l.data) order by page.observed_on, page.id collate "C")
                     from (select hits.id, hits.observed_on from ({hits}) as hits order by hits.observed_on, hits.id collate "C" limit ? offset ?) as page
                     join {points} p on p.id = page.id
                     join {links} l on l.id = p.series_id),
                    '[]'::json))::text
            """,
            cancellationToken,
            [.. window, .. values, counted + 1, .. window, .. values, pageSize, offset]);
        var lowerBound = found.Total > counted;
        return TypedResults.Ok(new Page([.. found.Items.Select(Line.Of)], lowerBound ? (int)counted : found.Total, lowerBound, page, pageSize));
    }

    /// <summary>
    /// The conditions on the series' link (<c>l</c>) the filters ask for, with their values in order. A bloc is
    /// compared with case ignored, a country and a model as given; <paramref name="replica"/> is the catalog replica's table.
    /// </summary>
    private static (string Sql, object[] Values) LinkFilters(MetricTerm? metric, string? bloc, string? country, string? model, string replica)
    {
        var sql = new StringBuilder();
        var values = new List<object>();
        if (metric is not null)
        {
            sql.Append(" and l.metric_kind = ?");
            values.Add(Vocabulary.Text(metric.Kind));
            if (metric.Kind == Metric.Other)
            {
                // Other metrics are told apart by their labels' keys, each its own series.
                sql.Append(" and l.data ->> 'metricKey' = ?");
                values.Add(metric.Key);
            }
        }

        if (bloc is not null)
        {
            sql.Append(" and l.bloc_key = ?");
            values.Add(bloc.ToUpperInvariant());
        }

        if (country is not null)
        {
            sql.Append(" and l.origin_countries @> ?");
            values.Add(new[] { country });
        }

        if (model is not null)
        {
            // A subject linked by organization is linked to every model of it, found by the model's organization in the replica.
            sql.Append(CultureInfo.InvariantCulture, $" and (l.model_ids @> ? or l.linked_organization_id = (select c.organization_id from {replica} c where c.id = ? and c.released_on is not null))");
            values.Add(new[] { model });
            values.Add(model);
        }

        return (sql.ToString(), [.. values]);
    }

    private sealed record Found(int Total, IReadOnlyList<LinkedObservation> Items);
}
