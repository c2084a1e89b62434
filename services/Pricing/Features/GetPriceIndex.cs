using System.ComponentModel;
using System.Globalization;
using Intelligence.Platform;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-index</c>: for each bloc and month, the median blended USD API price of the API offerings priced on
/// the month's last day (as of that day). Read from the index cells (<see cref="PriceIndexCell"/>: a cell per month
/// where a bloc's prices in force changed, carried over the months between), brought up to date first when a write
/// marked them stale; it agrees with <see cref="PriceIndex.Compute"/> over the same timelines.
/// </summary>
public static class GetPriceIndex
{
    public const int MaxMonths = 240;

    public sealed record BlocIndex(string Bloc, IReadOnlyList<PriceIndexPoint> Months);

    public static IEndpointRouteBuilder MapGetPriceIndex(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-index", Handle)
            .WithDataVersion()
            .WithName("GetPriceIndex")
            .WithSummary("Per bloc (of the model's origin, else the provider's country) and month: the number of API offerings with a price "
                + "in force on the month's last day and the median of their blended USD prices (per million tokens, input 3 : output 1). "
                + "from/to are months (yyyy-MM); default from the first priced month to the current month. bloc filters.")
            .Produces<IReadOnlyList<BlocIndex>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [Description("The first month, yyyy-MM; default the first priced month.")] string? from = null,
        [Description("The last month, yyyy-MM; default the current month.")] string? to = null,
        string? bloc = null)
    {
        var validation = new Validation();
        var fromMonth = Month(from, "from", validation);
        var toMonth = Month(to, "to", validation);
        validation.Check(fromMonth is null || toMonth is null || fromMonth <= toMonth, "from", "must not be after to");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        if (await session.Query<PriceIndexChange>().AnyAsync(cancellationToken))
        {
            await PriceIndexCells.BringUpToDateAsync(session.DocumentStore, cancellationToken);
        }

        var last = toMonth ?? PriceIndex.FirstOf(clock.UtcDate());
        var lastKey = PriceIndexCell.MonthKeyOf(last);
        IQueryable<PriceIndexCell> query = session.Query<PriceIndexCell>().Where(cell => cell.MonthKey <= lastKey);
        if (bloc is not null)
        {
            query = query.Where(cell => cell.Bloc == bloc);
        }

        var cells = await query.OrderBy(cell => cell.Bloc).ThenBy(cell => cell.MonthKey).ToListAsync(cancellationToken);
        var firstPriced = cells.Where(cell => cell.Offerings > 0).Select(cell => (int?)cell.MonthKey).Min();
        if (fromMonth is null && firstPriced is null)
        {
            return TypedResults.Ok(Array.Empty<BlocIndex>());
        }

        var first = fromMonth ?? new DateOnly(firstPriced!.Value / 100, firstPriced.Value % 100, 1);
        if (((last.Year - first.Year) * 12) + last.Month - first.Month >= MaxMonths)
        {
            validation.Add("from", $"the range must span at most {MaxMonths} months");
            return validation.ToProblem();
        }

        return TypedResults.Ok(cells
            .GroupBy(cell => cell.Bloc, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new BlocIndex(group.Key, Carried(group.ToList(), first, last)))
            .Where(index => index.Months.Any(month => month.Offerings > 0))
            .ToList());
    }

    /// <summary>Each month of the range with the cell of the last month on or before it where the prices in force changed.</summary>
    private static List<PriceIndexPoint> Carried(List<PriceIndexCell> cells, DateOnly first, DateOnly last)
    {
        var points = new List<PriceIndexPoint>();
        var next = 0;
        PriceIndexCell? carried = null;
        foreach (var month in PriceIndex.Months(first, last))
        {
            var key = int.Parse(month.Replace("-", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            while (next < cells.Count && cells[next].MonthKey <= key)
            {
                carried = cells[next++];
            }

            points.Add(new PriceIndexPoint(month, carried?.Offerings ?? 0, carried?.MedianBlendedUsdPerMillion));
        }

        return points;
    }

    /// <summary>A month parameter (yyyy-MM) as its first day; null when absent, or when it is no month (then <paramref name="validation"/> says so).</summary>
    internal static DateOnly? Month(string? text, string field, Validation validation)
    {
        if (text is null)
        {
            return null;
        }

        var valid = DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month);
        validation.Check(valid, field, "must be a month, yyyy-MM");
        return valid ? month : null;
    }
}
