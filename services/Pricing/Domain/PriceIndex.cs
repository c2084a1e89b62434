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
        foreach (var asOf in MonthEnds(fromMonth, toMonth))
        {
            var prices = all
                .Select(timeline => PriceTimeline.AsOf(timeline, asOf)?.Price.BlendedUsdPerMillion)
                .OfType<decimal>()
                .ToList();
            points.Add(new PriceIndexPoint(asOf.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), prices.Count, Median(prices)));
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

    /// <summary>The months from <paramref name="fromMonth"/> to <paramref name="toMonth"/>, yyyy-MM.</summary>
    public static IEnumerable<string> Months(DateOnly fromMonth, DateOnly toMonth) =>
        MonthEnds(fromMonth, toMonth).Select(end => end.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The last day of each month from <paramref name="fromMonth"/> to <paramref name="toMonth"/>: the days the index is read as of.</summary>
    public static DateOnly[] MonthEnds(DateOnly fromMonth, DateOnly toMonth)
    {
        var first = FirstOf(fromMonth);

        // Counted in months rather than stepped to the next month, which 9999-12 does not have.
        var months = Math.Max(0, ((toMonth.Year - first.Year) * 12) + toMonth.Month - first.Month + 1);
        return [.. Enumerable.Range(0, months).Select(i => first.AddMonths(i)).Select(month => new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month)))];
    }
}
