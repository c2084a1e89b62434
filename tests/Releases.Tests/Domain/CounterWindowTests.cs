using Intelligence.Releases.Projections;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>How a window of days splits into whole months and edge days, up to the ends of the calendar.</summary>
public sealed class CounterWindowTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void A_trailing_year_reads_its_whole_months_and_the_days_at_both_edges()
    {
        var window = CounterWindow.Of(D(2024, 7, 1).AddDays(-14), D(2025, 6, 16));

        Assert.Equal((202407, 202505), window.Months);
        Assert.Equal([(20240617, 20240630), (20250601, 20250616)], window.Days);
    }

    [Fact]
    public void Month_aligned_windows_read_no_day_and_windows_inside_a_month_no_month()
    {
        Assert.Equal(new CounterWindow((202401, 202412), []), CounterWindow.Of(D(2024, 1, 1), D(2024, 12, 31)) with { Days = [] });
        Assert.Empty(CounterWindow.Of(D(2024, 1, 1), D(2024, 12, 31)).Days);
        var inside = CounterWindow.Of(D(2024, 2, 2), D(2024, 2, 20));
        Assert.Null(inside.Months);
        Assert.Equal([(20240202, 20240220)], inside.Days);
    }

    [Fact]
    public void The_ends_of_the_calendar_split_without_overflow()
    {
        Assert.Equal((101, 999912), CounterWindow.Of(DateOnly.MinValue, DateOnly.MaxValue).Months);
        Assert.Equal([(99991205, 99991231)], CounterWindow.Of(D(9999, 12, 5), DateOnly.MaxValue).Days);
        Assert.Equal([(10105, 10120)], CounterWindow.Of(D(1, 1, 5), D(1, 1, 20)).Days);
        Assert.Empty(CounterWindow.Of(D(2024, 3, 1), D(2024, 2, 1)).Days);
    }
}
