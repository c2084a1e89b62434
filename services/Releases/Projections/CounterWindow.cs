namespace Intelligence.Releases.Projections;

/// <summary>
/// A window of days as the release counters read it: the whole months inside it from the month counters, and the
/// days of the months it cuts at either edge from the day counters. At most 62 days and 12 months per group for a
/// year, whatever the size of the catalog. Pure.
/// </summary>
/// <param name="Months">The first and last whole month (yyyyMM keys), or null when the window holds no whole month.</param>
/// <param name="Days">Up to two runs of days (yyyyMMdd keys, both ends included).</param>
public sealed record CounterWindow((int First, int Last)? Months, IReadOnlyList<(int First, int Last)> Days)
{
    public static CounterWindow Of(DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            return new CounterWindow(null, []);
        }

        var firstWhole = from.Day == 1 ? MonthOf(from) : NextMonth(from);
        var lastWhole = to == LastDayOf(to) ? MonthOf(to) : PreviousMonth(to);
        if (firstWhole is null || lastWhole is null || firstWhole > lastWhole)
        {
            // No whole month inside: every day is read from the day counters (at most two months of them).
            return new CounterWindow(null, [(ReleaseDayCount.DayKeyOf(from), ReleaseDayCount.DayKeyOf(to))]);
        }

        var days = new List<(int, int)>();
        if (from.Day != 1)
        {
            days.Add((ReleaseDayCount.DayKeyOf(from), ReleaseDayCount.DayKeyOf(LastDayOf(from))));
        }

        if (to != LastDayOf(to))
        {
            days.Add((ReleaseDayCount.DayKeyOf(new DateOnly(to.Year, to.Month, 1)), ReleaseDayCount.DayKeyOf(to)));
        }

        return new CounterWindow((ReleaseCount.MonthKeyOf(firstWhole.Value), ReleaseCount.MonthKeyOf(lastWhole.Value)), days);
    }

    private static DateOnly LastDayOf(DateOnly date) => new(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));

    private static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>The first day of the next month; null after December 9999.</summary>
    private static DateOnly? NextMonth(DateOnly date) => date.Year == DateOnly.MaxValue.Year && date.Month == 12 ? null : MonthOf(date).AddMonths(1);

    /// <summary>The first day of the previous month; null before January of year 1.</summary>
    private static DateOnly? PreviousMonth(DateOnly date) => date.Year == 1 && date.Month == 1 ? null : MonthOf(date).AddMonths(-1);
}
