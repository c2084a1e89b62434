namespace Intelligence.Pricing.Domain;

/// <summary>The median blended USD API price of the offerings priced on a month's last day.</summary>
public sealed record PriceIndexPoint(string Month, int Offerings, decimal? MedianBlendedUsdPerMillion);

/// <summary>The price index of a bloc over months, from its API offerings' timelines: pure functions.</summary>
public static class PriceIndex
{
    public static IReadOnlyList<PriceIndexPoint> Compute(IEnumerable<IReadOnlyList<PricePoint>> timelines, DateOnly fromMonth, DateOnly toMonth)
    {
        var all = timelines.ToList();
        var points = new List<PriceIndexPoint>();
        var first = FirstOf(fromMonth);

        // Counted in months rather than stepped to the next month, which 9999-12 does not have.
        var months = ((toMonth.Year - first.Year) * 12) + toMonth.Month - first.Month + 1;
        for (var i = 0; i < months; i++)
        {
            var month = first.AddMonths(i);
            var asOf = new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            var prices = all
                .Select(timeline => PriceTimeline.AsOf(timeline, asOf)?.Price.BlendedUsdPerMillion)
                .OfType<decimal>()
                .ToList();
            points.Add(new PriceIndexPoint(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), prices.Count, Median(prices)));
        }

        return points;
    }

    public static decimal? Median(IReadOnlyCollection<decimal> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : Math.Round((sorted[middle - 1] + sorted[middle]) / 2, 6);
    }

    public static DateOnly FirstOf(DateOnly date) => new(date.Year, date.Month, 1);
}
