using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /leaderboard</c>: the subjects of a metric in a region, ranked by their value as of a date.</summary>
public static class GetLeaderboard
{
    private const int MaxPageSize = 1_000;

    /// <param name="Rank">1 leads; equal values share a rank.</param>
    public sealed record Entry(
        int Rank,
        string SeriesId,
        SubjectView Subject,
        decimal Value,
        Bound Bound,
        DateOnly ObservedOn,
        string ObservationId,
        Confidence Confidence,
        string? ConfidenceLabel,
        string Source);

    /// <param name="MetricLabel">The source's name of a metric of kind other; null for a known metric.</param>
    /// <param name="Unit">The one unit the board compares: the metric's, the one asked for, or the one its series state.</param>
    /// <param name="Entries">The page's entries, leader first.</param>
    /// <param name="Total">The entries of the whole board, counted at most <see cref="OffsetPaging.CountAhead"/> past the page (then a lower bound).</param>
    public sealed record Board(
        Metric Metric,
        string? MetricLabel,
        Unit Unit,
        string? UnitLabel,
        string Region,
        string? RegionLabel,
        DateOnly AsOf,
        IReadOnlyList<Entry> Entries,
        long Total,
        bool TotalIsLowerBound,
        int PageNumber,
        int PageSize);

    public static IEndpointRouteBuilder MapGetLeaderboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leaderboard", Handle)
            .WithName("GetLeaderboard")
            .WithSummary("Subjects of a metric in a region ranked by the latest standing value on or before asOf (default today): highest first, or lowest first for a rank; "
                + "equal values share a rank, ties listed by subject name. A metric or region of kind other is named by its label or the label's key. Values in one unit only: the metric's, or the unit given; "
                + $"a metric of kind other whose series state several units needs one (400 naming unit). Series with nothing by then are left out. page from 1, pageSize up to {MaxPageSize} (100 by default).")
            .Produces<Board>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        RegionCatalog regions,
        TimeProvider clock,
        CancellationToken cancellationToken,
        string? metric = null,
        string? region = null,
        string? unit = null,
        DateOnly? asOf = null,
        int page = 1,
        int pageSize = 100)
    {
        var validation = new Validation().CheckPaging(page, pageSize, MaxPageSize).CheckOffset(page, pageSize, cursor: false);
        var (chosen, reading) = Queries.RequireMetricAndRegion(metric, region, regions, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var scope = await Queries.BoardAsync(session, chosen!, reading!.Region, unit, date, validation, cancellationToken);
        if (scope is null)
        {
            return validation.ToProblem();
        }

        // The board is walked leader first along its index, keeping what stands on the date: a page costs its offset
        // and its rows, not the board. Ranks on a later page start after the entries ahead with a better value.
        var offset = (page - 1L) * pageSize;
        var points = session.DocumentStore.Options.Schema.For<StandingObservation>();
        var links = session.DocumentStore.Options.Schema.For<SeriesLink>();
        var standing = new object[] { scope.Key, date, date };
        var rows = await session.QueryJsonAsync<List<LinkedObservation>>(
            $"""
            select coalesce(json_agg(json_build_object('point', page.data, 'link', l.data) order by page.board_order, page.subject_order, page.series_id), '[]'::json)::text
            from (
                select p.data, cast(p.data ->> 'boardOrder' as numeric) as board_order, p.data ->> 'subjectOrder' as subject_order, p.series_id
                from {points} p where {ReadModels.StandingOnBoard} order by {ReadModels.BoardOrder} limit ? offset ?) as page
            join {links} l on l.id = page.series_id
            """,
            cancellationToken,
            [.. standing, pageSize + 1, offset]);
        var more = rows.Count > pageSize;
        var onPage = rows.Take(pageSize).ToList();
        var ahead = offset == 0 || onPage.Count == 0
            ? 0
            : (await session.QueryAsync<long>(
                $"select count(*) from {points} p where {ReadModels.StandingOnBoard} and cast(p.data ->> 'boardOrder' as numeric) < ?",
                cancellationToken,
                [.. standing, onPage[0].Point.BoardOrder])).Single();

        var entries = new List<Entry>(onPage.Count);
        for (var i = 0; i < onPage.Count; i++)
        {
            var (point, link) = (onPage[i].Point, onPage[i].Link);
            var value = point.Observation;
            var rank = i > 0 && onPage[i - 1].Point.Observation.Value == value.Value ? entries[i - 1].Rank : (int)(i == 0 ? ahead + 1 : offset + i + 1);
            entries.Add(new Entry(
                rank, point.SeriesId, SubjectView.From(link.Key.Subject, link.Link), value.Value, value.Bound, value.ObservedOn, value.Id,
                value.Confidence, value.ConfidenceLabel, value.Source));
        }

        var (total, lowerBound) = await OffsetPaging.TotalAsync(
            page,
            offset,
            onPage.Count,
            more,
            async limit => (await session.QueryAsync<long>(
                $"select count(*) from (select 1 from {points} p where {ReadModels.StandingOnBoard} limit ?) as counted", cancellationToken, [.. standing, limit])).Single(),
            async limit => (await session.QueryAsync<long>(
                $"select count(*) from (select 1 from {points} p where {ReadModels.StandingOnBoard} and ({ReadModels.BoardOrder}) > (?, ?, ?) order by {ReadModels.BoardOrder} limit ?) as counted",
                cancellationToken,
                [.. standing, onPage[^1].Point.BoardOrder, onPage[^1].Point.SubjectOrder, onPage[^1].Point.SeriesId, limit])).Single());
        return TypedResults.Ok(new Board(
            chosen!.Kind, scope.MetricLabel, scope.Unit, scope.UnitLabel, reading.Region.Code, scope.RegionLabel, date, entries, total, lowerBound, page, pageSize));
    }
}
