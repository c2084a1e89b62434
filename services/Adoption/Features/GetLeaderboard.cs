using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /leaderboard</c>: the subjects of a metric in a region, ranked by their value as of a date.</summary>
public static class GetLeaderboard
{
    /// <param name="Rank">1 leads; equal values share a rank.</param>
    public sealed record Entry(
        int Rank, string SeriesId, SubjectView Subject, decimal Value, Bound Bound, DateOnly ObservedOn, string ObservationId, Confidence Confidence, string Source);

    public sealed record Board(Metric Metric, Unit Unit, string Region, DateOnly AsOf, IReadOnlyList<Entry> Entries);

    public static IEndpointRouteBuilder MapGetLeaderboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leaderboard", Handle)
            .WithName("GetLeaderboard")
            .WithSummary("Subjects of a metric in a region ranked by the latest standing value on or before asOf (default today): highest first, or lowest first for a rank. Series with nothing by then are left out.")
            .Produces<Board>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session, RegionCatalog regions, TimeProvider clock, CancellationToken cancellationToken, string? metric = null, string? region = null, DateOnly? asOf = null)
    {
        var validation = new Validation();
        var (read, reading) = Queries.RequireMetricAndRegion(metric, region, regions, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var chosen = read!.Value;
        var entries = await Queries.SeriesOfAsync(session, chosen, reading!.Region.Code, cancellationToken);
        var link = Catalog.Linker(await Catalog.KnownModelsAsync(session, cancellationToken));
        var standing = entries
            .Select(e => (Series: e.State, Value: e.State.AsOf(date)))
            .Where(x => x.Value is not null)
            .ToList();
        var ordered = Metrics.LowerIsBetter(chosen)
            ? standing.OrderBy(x => x.Value!.Value)
            : standing.OrderByDescending(x => x.Value!.Value);
        var list = ordered.ThenBy(x => x.Series.Key.Subject.Name, StringComparer.OrdinalIgnoreCase).ToList();

        var board = new List<Entry>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var (series, value) = list[i];
            var rank = i > 0 && list[i - 1].Value!.Value == value!.Value ? board[i - 1].Rank : i + 1;
            board.Add(new Entry(
                rank, series.Id, SubjectView.From(series.Key.Subject, link(series.Key.Subject)), value!.Value, value.Bound, value.ObservedOn, value.Id, value.Confidence, value.Source));
        }

        return TypedResults.Ok(new Board(chosen, Metrics.UnitOf(chosen), reading.Region.Code, date, board));
    }
}

/// <summary>What the metric-and-region queries share.</summary>
internal static class Queries
{
    /// <summary>A metric named in a query string ("weekly-active-users"); null when absent or unreadable (then said so).</summary>
    public static Metric? ReadMetric(string? text, bool required, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            validation.Check(!required, "metric", $"is required: one of {MetricNames}");
            return null;
        }

        if (Vocabulary.TryRead<Metric>(text, out var metric))
        {
            return metric;
        }

        validation.Add("metric", $"'{text}' is not one of {MetricNames}");
        return null;
    }

    private static string MetricNames => string.Join(", ", Enum.GetValues<Metric>().Select(Vocabulary.Text));

    public static (Metric? Metric, RegionReading? Region) RequireMetricAndRegion(string? metricText, string? region, RegionCatalog regions, Validation validation)
    {
        var metric = ReadMetric(metricText, required: true, validation);
        var reading = string.IsNullOrWhiteSpace(region) ? null : regions.Read(region);
        validation.Check(reading is not null, "region", "is required: an ISO 3166-1 alpha-2 code, 'global' or a grouping");
        return (metric, reading);
    }

    public static async Task<IReadOnlyList<SeriesEntry>> SeriesOfAsync(IQuerySession session, Metric metric, string region, CancellationToken cancellationToken) =>
        await session.Query<SeriesEntry>()
            .Where(e => e.State.Key.Metric == metric && e.State.Key.Region == region)
            .ToListAsync(cancellationToken);
}
