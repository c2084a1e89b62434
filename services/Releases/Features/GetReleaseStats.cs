using Intelligence.Platform.Http;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>GET /stats</c>: releases per period and country or bloc, with open-weight and free-access shares.</summary>
public static class GetReleaseStats
{
    /// <param name="Period">2024-09, 2024-Q3 or 2024.</param>
    /// <param name="Group">An ISO country code or a bloc name.</param>
    /// <param name="OpenWeightShare">Open-weight releases / releases, 0 to 1.</param>
    /// <param name="FreeAccessShare">Releases free for consumers (free access "yes") / releases, 0 to 1.</param>
    public sealed record Row(string Period, string Group, int Releases, int OpenWeights, double OpenWeightShare, int FreeAccess, double FreeAccessShare);

    public static IEndpointRouteBuilder MapGetReleaseStats(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", Handle)
            .WithDataVersion()
            .WithName("GetReleaseStats")
            .WithSummary("Releases per period (month, quarter, year) grouped by origin country or bloc, with open-weight and free-access shares. A model from two countries of one bloc counts once for the bloc. Read from the ReleaseCount projection.")
            .Produces<IReadOnlyList<Row>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        CancellationToken cancellationToken,
        string period = "month",
        string groupBy = "bloc",
        DateOnly? from = null,
        DateOnly? to = null)
    {
        var validation = new Validation()
            .Check(period is "month" or "quarter" or "year", "period", "must be month, quarter or year")
            .Check(groupBy is "country" or "bloc", "groupBy", "must be country or bloc")
            .Check(from is null || to is null || from <= to, "from", "must not be after to");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var fromKey = from is null ? 0 : ReleaseCount.MonthKeyOf(from.Value);
        var toKey = to is null ? int.MaxValue : ReleaseCount.MonthKeyOf(to.Value);
        var counters = await session.Query<ReleaseCount>()
            .Where(c => c.GroupBy == groupBy && c.MonthKey >= fromKey && c.MonthKey <= toKey)
            .ToListAsync(cancellationToken);

        // Months add up to quarters and years: each model is released in exactly one month.
        var rows = counters
            .GroupBy(c => (Period: PeriodOf(c.MonthKey, period), c.Group))
            .Select(group =>
            {
                var releases = group.Sum(c => c.Releases);
                var open = group.Sum(c => c.OpenWeights);
                var free = group.Sum(c => c.FreeAccess);
                return new Row(group.Key.Period, group.Key.Group, releases, open, Share(open, releases), free, Share(free, releases));
            })
            .Where(row => row.Releases > 0)
            .OrderBy(row => row.Period, StringComparer.Ordinal)
            .ThenBy(row => row.Group, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(rows);
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string PeriodOf(int monthKey, string period)
    {
        var (year, month) = (monthKey / 100, monthKey % 100);
        return period switch
        {
            "year" => $"{year}",
            "quarter" => $"{year}-Q{((month - 1) / 3) + 1}",
            _ => $"{year}-{month:00}",
        };
    }
}
