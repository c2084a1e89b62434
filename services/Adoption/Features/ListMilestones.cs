using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /milestones</c>: thresholds series crossed, in the order they were reached.</summary>
public static class ListMilestones
{
    /// <param name="StillStands">Whether standing observations still reach the threshold (a retraction or correction may undo it; the milestone stays in the history).</param>
    public sealed record Entry(
        string SeriesId,
        string SubjectId,
        string SubjectName,
        Metric Metric,
        string? MetricLabel,
        string Region,
        string? RegionLabel,
        decimal Threshold,
        DateOnly ReachedOn,
        string ObservationId,
        decimal Value,
        bool StillStands);

    public static IEndpointRouteBuilder MapListMilestones(this IEndpointRouteBuilder app)
    {
        app.MapGet("/milestones", Handle)
            .WithName("ListMilestones")
            .WithSummary("Milestones reached (each also published as AdoptionMilestoneReached), by date then threshold. Filters: subject (id), metric, region, from/to (reached on).")
            .Produces<IReadOnlyList<Entry>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        RegionCatalog regions,
        CancellationToken cancellationToken,
        string? subject = null,
        string? metric = null,
        string? region = null,
        DateOnly? from = null,
        DateOnly? to = null)
    {
        var validation = new Validation()
            .Check(from is null || to is null || from <= to, "from", "must not be after to");
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

        var entries = await Queries.SeriesOfAsync(query, chosen, reading?.Region.Code, cancellationToken);
        var milestones = entries
            .SelectMany(e => e.State.Milestones.Select(m => (Series: e.State, Milestone: m)))
            .Where(x => (from is null || x.Milestone.ReachedOn >= from) && (to is null || x.Milestone.ReachedOn <= to))
            .Select(x =>
            {
                var view = SeriesView.MilestoneFor(x.Series, x.Milestone);
                var key = x.Series.Key;
                return new Entry(
                    x.Series.Id, key.Subject.Id, key.Subject.Name, key.Metric, key.MetricLabel, key.Region, key.RegionLabel, view.Threshold, view.ReachedOn,
                    view.ObservationId, view.Value, view.StillStands);
            })
            .OrderBy(m => m.ReachedOn)
            .ThenBy(m => m.Threshold)
            .ThenBy(m => m.SeriesId, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(milestones);
    }
}
