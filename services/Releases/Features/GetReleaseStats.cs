using Intelligence.Platform.Geography;
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
            .WithName("GetReleaseStats")
            .WithSummary("Releases per period (month, quarter, year) grouped by origin country or bloc, with open-weight and free-access shares. A model from two countries of one bloc counts once for the bloc. Read from the ReleaseBucket projection.")
            .Produces<IReadOnlyList<Row>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
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

        var fromKey = from is null ? 0 : ReleaseBucket.MonthKeyOf(from.Value);
        var toKey = to is null ? int.MaxValue : ReleaseBucket.MonthKeyOf(to.Value);
        var buckets = await session.Query<ReleaseBucket>()
            .Where(b => b.MonthKey >= fromKey && b.MonthKey <= toKey)
            .ToListAsync(cancellationToken);

        var rows = buckets
            .GroupBy(b => (Period: PeriodOf(b.Month, period), Group: groupBy == "bloc" ? countries.BlocOf(b.Country) : b.Country))
            .Select(group =>
            {
                // Union by model id: a model from two countries of one bloc counts once for the bloc.
                var models = new Dictionary<string, CountedModel>();
                foreach (var (id, counted) in group.SelectMany(b => b.Models))
                {
                    models[id] = counted;
                }

                var releases = models.Count;
                var open = models.Values.Count(m => m.OpenWeights);
                var free = models.Values.Count(m => m.FreeAccess);
                return new Row(group.Key.Period, group.Key.Group, releases, open, Share(open, releases), free, Share(free, releases));
            })
            .Where(row => row.Releases > 0)
            .OrderBy(row => row.Period, StringComparer.Ordinal)
            .ThenBy(row => row.Group, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(rows);
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string PeriodOf(string month, string period) => period switch
    {
        "year" => month[..4],
        "quarter" => $"{month[..4]}-Q{((int.Parse(month[5..], System.Globalization.CultureInfo.InvariantCulture) - 1) / 3) + 1}",
        _ => month,
    };
}
