using Intelligence.Adoption.Domain;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /share-by-bloc</c>: how a metric in a region splits by the bloc its subjects come from, as of a date.</summary>
public static class GetShareByBloc
{
    public sealed record Part(string SeriesId, string SubjectId, string SubjectName, LinkKind Link, decimal Value, DateOnly ObservedOn, string ObservationId);

    /// <param name="Bloc">The bloc of origin through the catalog (US, China, EU, Other), or "unknown" for subjects not yet linked or from a place that is no known country.</param>
    /// <param name="Share">The bloc's part of the total, in percent.</param>
    public sealed record BlocShare(string Bloc, decimal Value, double Share, IReadOnlyList<Part> Subjects);

    /// <param name="Excluded">Aggregates (all generative AI, say) measure the whole, not a part, so they are left out of the total.</param>
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
        IReadOnlyList<Part> Excluded);

    public static IEndpointRouteBuilder MapGetShareByBloc(this IEndpointRouteBuilder app)
    {
        app.MapGet("/share-by-bloc", Handle)
            .WithName("GetShareByBloc")
            .WithSummary("For a metric and region, each subject's latest standing value on or before asOf (default today), summed by bloc of origin through the catalog, with each bloc's share of the total. "
                + "Values in one unit only, chosen as on the leaderboard. 400 for a rank, whose values do not add up.")
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
        DateOnly? asOf = null)
    {
        var validation = new Validation();
        var (chosen, reading) = Queries.RequireMetricAndRegion(metric, region, regions, validation);
        validation.Check(chosen is null || Metrics.UnitOf(chosen.Kind) is not { } own || Metrics.Adds(own), "metric", "must be a metric whose values add up: a rank does not");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var standing = await Queries.StandingAsync(session, chosen!, reading!.Region, unit, date, validation, cancellationToken);
        if (standing is null || !validation.Check(Metrics.Adds(standing.Unit), "unit", "must be a unit whose values add up: ranks do not").IsValid)
        {
            return validation.ToProblem();
        }

        var link = await StoredLinks.OfAsync(session, [.. standing.Values.Select(x => x.Series)], cancellationToken);
        var parts = standing.Values
            .Select(x => (Link: link(x.Series), Part: new Part(
                x.Series.Id, x.Series.Key.Subject.Id, x.Series.Key.Subject.Name, link(x.Series).Kind, x.Value.Value, x.Value.ObservedOn, x.Value.Id)))
            .ToList();

        var counted = parts.Where(p => p.Link.Kind != LinkKind.Aggregate).ToList();
        var total = counted.Sum(p => p.Part.Value);
        var blocs = counted
            .GroupBy(p => p.Link.Bloc)
            .Select(group =>
            {
                var value = group.Sum(p => p.Part.Value);
                return new BlocShare(
                    group.Key,
                    value,
                    total == 0 ? 0 : Math.Round((double)(value / total) * 100, 2),
                    [.. group.Select(p => p.Part).OrderByDescending(p => p.Value)]);
            })
            .OrderByDescending(b => b.Value)
            .ThenBy(b => b.Bloc, StringComparer.Ordinal)
            .ToList();
        var excluded = parts.Where(p => p.Link.Kind == LinkKind.Aggregate).Select(p => p.Part).ToList();
        return TypedResults.Ok(new Shares(
            chosen!.Kind, standing.MetricLabel, standing.Unit, standing.UnitLabel, reading.Region.Code, standing.RegionLabel, date, total, blocs, excluded));
    }
}
