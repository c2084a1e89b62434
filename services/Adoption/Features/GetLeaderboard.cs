using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /leaderboard</c>: the subjects of a metric in a region, ranked by their value as of a date.</summary>
public static class GetLeaderboard
{
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
    public sealed record Board(
        Metric Metric, string? MetricLabel, Unit Unit, string? UnitLabel, string Region, string? RegionLabel, DateOnly AsOf, IReadOnlyList<Entry> Entries);

    public static IEndpointRouteBuilder MapGetLeaderboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leaderboard", Handle)
            .WithName("GetLeaderboard")
            .WithSummary("Subjects of a metric in a region ranked by the latest standing value on or before asOf (default today): highest first, or lowest first for a rank. "
                + "A metric or region of kind other is named by its label or the label's key. Values in one unit only: the metric's, or the unit given; "
                + "a metric of kind other whose series state several units needs one (400 naming unit). Series with nothing by then are left out.")
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
        DateOnly? asOf = null)
    {
        var validation = new Validation();
        var (chosen, reading) = Queries.RequireMetricAndRegion(metric, region, regions, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var standing = await Queries.StandingAsync(session, chosen!, reading!.Region, unit, date, validation, cancellationToken);
        if (standing is null)
        {
            return validation.ToProblem();
        }

        var link = await StoredLinks.OfAsync(session, [.. standing.Values.Select(x => x.Series)], cancellationToken);
        var ordered = Metrics.LowerIsBetter(standing.Unit)
            ? standing.Values.OrderBy(x => x.Value.Value)
            : standing.Values.OrderByDescending(x => x.Value.Value);
        var list = ordered.ThenBy(x => x.Series.Key.Subject.Name, StringComparer.OrdinalIgnoreCase).ToList();

        var board = new List<Entry>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var (series, value) = list[i];
            var rank = i > 0 && list[i - 1].Value.Value == value.Value ? board[i - 1].Rank : i + 1;
            board.Add(new Entry(
                rank, series.Id, SubjectView.From(series.Key.Subject, link(series)), value.Value, value.Bound, value.ObservedOn, value.Id,
                value.Confidence, value.ConfidenceLabel, value.Source));
        }

        return TypedResults.Ok(new Board(
            chosen!.Kind, standing.MetricLabel, standing.Unit, standing.UnitLabel, reading.Region.Code, standing.RegionLabel, date, board));
    }
}
