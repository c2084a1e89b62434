using Intelligence.Platform.Http;

namespace Intelligence.Platform.Tests;

/// <summary>
/// The total of an offset page: exact when the page says it, else the page's place plus the matches counted after its
/// last item, never more than <see cref="OffsetPaging.CountAhead"/> past the page's start, and never counted again from
/// the start unless the page is past the end.
/// </summary>
public sealed class OffsetPagingTests
{
    [Theory]
    [InlineData(1, 0, 7, 7)]
    [InlineData(3, 100, 20, 120)]
    public async Task A_last_page_says_its_total_without_counting(int page, long offset, int onPage, long expected)
    {
        var counts = new List<string>();

        var (total, lowerBound) = await OffsetPaging.TotalAsync(page, offset, onPage, more: false, Counting(counts, "start", 0), Counting(counts, "after", 0));

        Assert.Equal(expected, total);
        Assert.False(lowerBound);
        Assert.Empty(counts);
    }

    [Theory]
    [InlineData(50, 10_100, false)]
    [InlineData(950, 11_000, false)]
    [InlineData(951, 11_000, true)]
    [InlineData(5_000, 11_000, true)]
    public async Task A_page_with_more_after_it_counts_only_after_its_last_item(long matchesAfter, long expected, bool isLowerBound)
    {
        var counts = new List<string>();

        var (total, lowerBound) = await OffsetPaging.TotalAsync(
            page: 201, offset: 10_000, itemsOnPage: 50, more: true, Counting(counts, "start", 0), Counting(counts, "after", matchesAfter));

        Assert.Equal(expected, total);
        Assert.Equal(isLowerBound, lowerBound);
        Assert.Equal(["after up to 951"], counts);
    }

    [Fact]
    public async Task A_page_past_the_end_counts_from_the_start_up_to_its_offset()
    {
        var counts = new List<string>();

        var (total, lowerBound) = await OffsetPaging.TotalAsync(page: 9, offset: 800, itemsOnPage: 0, more: false, Counting(counts, "start", 312), Counting(counts, "after", 0));

        Assert.Equal(312, total);
        Assert.False(lowerBound);
        Assert.Equal(["start up to 801"], counts);
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1_000, 1_000, false)]
    [InlineData(1_001, 1_000, true)]
    public void A_count_taken_to_one_past_the_bound_is_the_bound_as_a_lower_bound(int counted, int expected, bool isLowerBound)
    {
        Assert.Equal((expected, isLowerBound), OffsetPaging.Bounded(counted));
    }

    /// <summary>A count of <paramref name="matches"/> rows, cut at the limit asked, that notes what was asked.</summary>
    private static Func<long, Task<long>> Counting(List<string> asked, string from, long matches) => limit =>
    {
        asked.Add($"{from} up to {limit}");
        return Task.FromResult(Math.Min(matches, limit));
    };
}
