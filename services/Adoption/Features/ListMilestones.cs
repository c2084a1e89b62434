using System.Globalization;
using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /milestones</c>: thresholds series crossed, in the order they were reached.</summary>
public static class ListMilestones
{
    public const int MaxLimit = 1_000;

    /// <summary>The list's one order, as its cursors name it.</summary>
    public const string Sort = "reachedOn";

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
            .WithSummary("Milestones reached (each also published as AdoptionMilestoneReached), by date then threshold. Filters: subject (id), metric, region, from/to (reached on). "
                + "limit: at most 1,000 a page (500 by default); a header Link: <...>; rel=\"next\" links the following page (after=).")
            .Produces<IReadOnlyList<Entry>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        RegionCatalog regions,
        HttpContext http,
        CancellationToken cancellationToken,
        string? subject = null,
        string? metric = null,
        string? region = null,
        DateOnly? from = null,
        DateOnly? to = null,
        int limit = 500,
        string? after = null)
    {
        var validation = new Validation()
            .Check(from is null || to is null || from <= to, "from", "must not be after to")
            .CheckLimit(limit, MaxLimit);
        var reading = Queries.ReadRegion(region, required: false, regions, validation);
        var chosen = Queries.ReadMetric(metric, required: false, validation);
        var cursor = ReadCursor(after, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        // The milestones reached, walked in list order along the (date, threshold, series) index; the page's series' tallies say whether each still stands.
        IQueryable<MilestoneRecord> query = session.Query<MilestoneRecord>();
        if (subject is not null)
        {
            query = query.Where(m => m.SubjectId == subject);
        }

        if (chosen is not null)
        {
            var kind = chosen.Kind;
            query = query.Where(m => m.Key.Metric == kind);
            if (kind == Metric.Other)
            {
                var key = chosen.Key;
                query = query.Where(m => m.Key.MetricKey == key);
            }
        }

        if (reading is not null)
        {
            var code = reading.Region.Code;
            query = query.Where(m => m.Key.Region == code);
        }

        if (from is not null)
        {
            query = query.Where(m => m.ReachedOn >= from.Value);
        }

        if (to is not null)
        {
            query = query.Where(m => m.ReachedOn <= to.Value);
        }

        if (cursor is { } position)
        {
            query = query.Where(m => m.MatchesSql("(d.reached_on, d.threshold, d.series_id) > (?, ?, ?)", position.ReachedOn, position.Threshold, position.SeriesId));
        }

        var found = await query.OrderBy(m => m.ReachedOn).ThenBy(m => m.Threshold).ThenBy(m => m.SeriesId).Take(limit + 1).ToListAsync(cancellationToken);
        var page = found.Take(limit).ToList();
        var tallies = await StoredTallies.OfAsync(session, page.Select(m => m.SeriesId), cancellationToken);
        var entries = page
            .Where(m => tallies.ContainsKey(m.SeriesId))
            .Select(m => new Entry(
                m.SeriesId, m.Key.Subject.Id, m.Key.Subject.Name, m.Key.Metric, m.Key.MetricLabel, m.Key.Region, m.Key.RegionLabel, m.Threshold, m.ReachedOn,
                m.ObservationId, m.Value, tallies[m.SeriesId].StandingThresholds.Contains(m.Threshold)))
            .ToList();
        if (found.Count > limit)
        {
            var last = page[^1];
            new PageCursor(Sort, $"{last.ReachedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{last.Threshold.ToString(CultureInfo.InvariantCulture)}", last.SeriesId).LinkNext(http);
        }

        return TypedResults.Ok(entries);
    }

    private static (DateOnly ReachedOn, decimal Threshold, string SeriesId)? ReadCursor(string? after, Validation validation)
    {
        if (PageCursor.Read(after, Sort, validation) is not { } cursor)
        {
            return null;
        }

        var parts = cursor.Key.Split('|');
        if (parts is [var day, var threshold]
            && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var reachedOn)
            && decimal.TryParse(threshold, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            return (reachedOn, amount, cursor.Id);
        }

        validation.Add("after", "is not a cursor of this list: pass the previous page's Link unchanged");
        return null;
    }
}
