using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /share-by-bloc</c>: how a metric in a region splits by the bloc its subjects come from, as of a date.</summary>
public static class GetShareByBloc
{
    private const int MaxLimit = 1_000;

    public sealed record Part(string SeriesId, string SubjectId, string SubjectName, LinkKind Link, decimal Value, DateOnly ObservedOn, string ObservationId);

    /// <param name="Bloc">The bloc of origin through the catalog (US, China, EU, Other), or "unknown" for subjects not yet linked or from a place that is no known country.</param>
    /// <param name="Share">The bloc's part of the total, in percent.</param>
    /// <param name="SubjectCount">How many subjects the bloc's value adds up.</param>
    /// <param name="Subjects">The bloc's largest subjects, up to the limit asked for.</param>
    public sealed record BlocShare(string Bloc, decimal Value, double Share, int SubjectCount, IReadOnlyList<Part> Subjects);

    /// <param name="Excluded">Aggregates (all generative AI, say) measure the whole, not a part, so they are left out of the total: the largest, up to the limit.</param>
    /// <param name="ExcludedCount">How many aggregates were left out.</param>
    /// <param name="MetricLabel">The source's name of a metric of kind other; null for a known metric.</param>
    /// <param name="Unit">The one unit the shares add up: the metric's, the one asked for, or the one its series state.</param>
    public sealed record Shares(
        Metric Metric,
        string? MetricLabel,
        Unit Unit,
        string? UnitLabel,
        string Region,
        string? RegionLabel,
        DateOnly AsOf,
        decimal Total,
        IReadOnlyList<BlocShare> Blocs,
        IReadOnlyList<Part> Excluded,
        int ExcludedCount);

    public static IEndpointRouteBuilder MapGetShareByBloc(this IEndpointRouteBuilder app)
    {
        app.MapGet("/share-by-bloc", Handle)
            .WithName("GetShareByBloc")
            .WithSummary("For a metric and region, each subject's latest standing value on or before asOf (default today), summed by bloc of origin through the catalog, with each bloc's share of the total. "
                + "Values in one unit only, chosen as on the leaderboard. 400 for a rank, whose values do not add up. "
                + $"Each bloc lists its largest subjects, up to limit (20 by default, at most {MaxLimit}), with the count of all.")
            .Produces<Shares>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Regions.RegionCatalog regions,
        TimeProvider clock,
        CancellationToken cancellationToken,
        string? metric = null,
        string? region = null,
        string? unit = null,
        DateOnly? asOf = null,
        int limit = 20)
    {
        var validation = new Validation().CheckLimit(limit, MaxLimit);
        var (chosen, reading) = Queries.RequireMetricAndRegion(metric, region, regions, validation);
        validation.Check(chosen is null || Metrics.UnitOf(chosen.Kind) is not { } own || Metrics.Adds(own), "metric", "must be a metric whose values add up: a rank does not");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var scope = await Queries.BoardAsync(session, chosen!, reading!.Region, unit, date, validation, cancellationToken);
        if (scope is null || !validation.Check(Metrics.Adds(scope.Unit), "unit", "must be a unit whose values add up: ranks do not").IsValid)
        {
            return validation.ToProblem();
        }

        // A sum over the whole board: counted once per day and change, like the headlines (a change of an observation
        // or a link marks them stale), and read from the kept cell until then.
        var variant = $"share-by-bloc/{scope.Key.Replace('\u001f', '/')}/{limit}";
        var counted = await DayCells.ReadAsync(
            session, StandingObservation.HeadlinesRead, variant, date, (counting, ct) => CountAsync(counting, scope.Key, date, limit, ct), cancellationToken);

        var blocs = counted.Where(c => c.Bloc is not null).ToList();
        var total = blocs.Sum(c => c.Value);
        var shares = blocs
            .Select(c => new BlocShare(
                c.Bloc!, c.Value, total == 0 ? 0 : Math.Round((double)(c.Value / total) * 100, 2), c.Count, [.. c.Largest.Select(PartOf)]))
            .OrderByDescending(b => b.Value)
            .ThenBy(b => b.Bloc, StringComparer.Ordinal)
            .ToList();
        var excluded = counted.SingleOrDefault(c => c.Bloc is null);
        return TypedResults.Ok(new Shares(
            chosen!.Kind,
            scope.MetricLabel,
            scope.Unit,
            scope.UnitLabel,
            reading.Region.Code,
            scope.RegionLabel,
            date,
            total,
            shares,
            [.. excluded?.Largest.Select(PartOf) ?? []],
            excluded?.Count ?? 0));
    }

    /// <summary>
    /// Per bloc (null for the aggregates), the sum and count of the board's standing values and its largest
    /// <paramref name="limit"/>: summed and ranked by the database on narrow rows; only the largest' documents leave it.
    /// </summary>
    private static async Task<List<Counted>> CountAsync(IQuerySession session, string board, DateOnly date, int limit, CancellationToken cancellationToken)
    {
        var points = session.DocumentStore.Options.Schema.For<StandingObservation>();
        var links = session.DocumentStore.Options.Schema.For<SeriesLink>();
        var aggregate = session.DocumentStore.Options.Serializer().ToJson(LinkKind.Aggregate).Trim('"');
        return await session.QueryJsonAsync<List<Counted>>(
            $"""
            with board as (
                select p.id, p.series_id, cast(p.data -> 'observation' ->> 'value' as numeric) as value,
                    case when l.data -> 'link' ->> 'kind' = ? then null else l.data ->> 'bloc' end as bloc,
                    row_number() over (
                        partition by case when l.data -> 'link' ->> 'kind' = ? then null else l.data ->> 'bloc' end
                        order by {ReadModels.BoardOrder}) as place
                from {points} p join {links} l on l.id = p.series_id
                where {ReadModels.StandingOnBoard})
            select coalesce(json_agg(json_build_object('bloc', b.bloc, 'value', b.value, 'count', b.count, 'largest', coalesce(largest.rows, '[]'::json))), '[]'::json)::text
            from (select bloc, sum(value) as value, count(*) as count from board group by bloc) as b
            left join lateral (
                select json_agg(json_build_object('point', p.data, 'link', l.data) order by r.place) as rows
                from board r join {points} p on p.id = r.id join {links} l on l.id = r.series_id
                where r.bloc is not distinct from b.bloc and r.place <= ?) as largest on true
            """,
            cancellationToken,
            aggregate,
            aggregate,
            board,
            date,
            date,
            limit);
    }

    private static Part PartOf(LinkedObservation row) => new(
        row.Point.SeriesId, row.Link.Key.Subject.Id, row.Link.Key.Subject.Name, row.Link.Link.Kind, row.Point.Observation.Value, row.Point.ObservedOn, row.Point.Id);

    /// <param name="Bloc">Null for the aggregates, left out of the total.</param>
    private sealed record Counted(string? Bloc, decimal Value, int Count, IReadOnlyList<LinkedObservation> Largest);
}
