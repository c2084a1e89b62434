using Intelligence.Platform.Http;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary>
/// <c>GET /stats/window?from=&amp;to=&amp;groupBy=</c>: the models released in a window of days per country or bloc,
/// with how many are open-weight and free to use. Read from the month and day counters
/// (<see cref="CounterWindow"/>): two queries of a bounded number of rows, whatever the size of the catalog. The
/// gateway's landscape reads its releases part here.
/// </summary>
public static class GetReleasesInWindow
{
    public sealed record Row(string Group, int Releases, int OpenWeights, int FreeAccess);

    public static IEndpointRouteBuilder MapGetReleasesInWindow(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats/window", Handle)
            .WithDataVersion()
            .WithName("GetReleasesInWindow")
            .WithSummary("Models released from 'from' to 'to' (both included, required) per origin country or bloc (groupBy, default bloc): releases, "
                + "open-weight releases and releases free to use. A model counts once in each of its origin countries and once in each of their blocs. "
                + "Read from the release counters: the cost does not grow with the catalog.")
            .Produces<IReadOnlyList<Row>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null, string groupBy = "bloc")
    {
        var validation = new Validation()
            .Check(from is not null, "from", "is required (yyyy-MM-dd)")
            .Check(to is not null, "to", "is required (yyyy-MM-dd)")
            .Check(from is null || to is null || from <= to, "from", "must not be after to")
            .Check(groupBy is "country" or "bloc", "groupBy", "must be country or bloc");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var window = CounterWindow.Of(from!.Value, to!.Value);
        var counted = new List<Row>();
        if (window.Months is var (firstMonth, lastMonth))
        {
            counted.AddRange((await session.Query<ReleaseCount>()
                    .Where(c => c.GroupBy == groupBy && c.MonthKey >= firstMonth && c.MonthKey <= lastMonth)
                    .ToListAsync(cancellationToken))
                .Select(c => new Row(c.Group, c.Releases, c.OpenWeights, c.FreeAccess)));
        }

        if (window.Days.Count > 0)
        {
            var (first, last) = window.Days[0];
            var (secondFirst, secondLast) = window.Days.Count > 1 ? window.Days[1] : window.Days[0];
            counted.AddRange((await session.Query<ReleaseDayCount>()
                    .Where(c => c.GroupBy == groupBy && ((c.DayKey >= first && c.DayKey <= last) || (c.DayKey >= secondFirst && c.DayKey <= secondLast)))
                    .ToListAsync(cancellationToken))
                .Select(c => new Row(c.Group, c.Releases, c.OpenWeights, c.FreeAccess)));
        }

        return TypedResults.Ok(counted
            .GroupBy(row => row.Group, StringComparer.Ordinal)
            .Select(group => new Row(group.Key, group.Sum(r => r.Releases), group.Sum(r => r.OpenWeights), group.Sum(r => r.FreeAccess)))
            .Where(row => row.Releases > 0)
            .OrderBy(row => row.Group, StringComparer.Ordinal)
            .ToList());
    }
}
