using Intelligence.Platform.Metrics;

namespace Intelligence.Platform.Tests;

public sealed class StoreLagTests
{
    [Fact]
    public void A_shard_behind_the_high_water_mark_lags_by_the_events_between_and_the_age_of_the_oldest()
    {
        var lag = StoreProgressSampler.Lag(new ShardSample("IntegrationEventRelay:All", 90, TimeSpan.FromSeconds(12.5)), highWaterMark: 100);

        Assert.Equal((10L, 12.5), lag);
    }

    [Fact]
    public void A_shard_at_the_high_water_mark_lags_by_nothing_even_while_later_events_commit()
    {
        // Event 101 exists (being committed) but readers cannot see it yet: not lag.
        var lag = StoreProgressSampler.Lag(new ShardSample("Statistics:All", 100, TimeSpan.FromSeconds(3)), highWaterMark: 100);

        Assert.Equal((0L, 0d), lag);
    }

    [Fact]
    public void A_shard_past_the_mark_never_reports_negative_lag_and_a_clock_behind_gives_no_negative_age()
    {
        Assert.Equal((0L, 0d), StoreProgressSampler.Lag(new ShardSample("Statistics:All", 105, null), highWaterMark: 100));
        Assert.Equal((5L, 0d), StoreProgressSampler.Lag(new ShardSample("Statistics:All", 95, TimeSpan.FromSeconds(-1)), highWaterMark: 100));
    }
}
