using Intelligence.Regulation.Domain;
using static Intelligence.Regulation.Tests.Domain.Given;

namespace Intelligence.Regulation.Tests.Domain;

/// <summary>Status as of a date: a pure fold of the timeline by effective date, whatever order it was recorded in.</summary>
public sealed class LifecycleTests
{
    private static readonly TimelineEntry[] Eo14110 =
    [
        Fact(LifecycleStep.Adopted, "2023-10-30"),
        Fact(LifecycleStep.EnteredIntoForce, "2023-10-30"),
        Fact(LifecycleStep.Revoked, "2025-01-20"),
    ];

    private static readonly TimelineEntry[] AiActTimeline =
    [
        Fact(LifecycleStep.PoliticallyAgreed, "2023-12-08"),
        Fact(LifecycleStep.Adopted, "2024-07-12"),
        Fact(LifecycleStep.EnteredIntoForce, "2024-08-01"),
        Fact(LifecycleStep.ApplicationStarted, "2025-02-02") with { Stage = "prohibitions, AI literacy" },
        Fact(LifecycleStep.ApplicationStarted, "2025-08-02") with { Stage = "GPAI obligations" },
    ];

    [Theory]
    [InlineData("2023-10-29", MeasureStatus.None)]
    [InlineData("2023-10-30", MeasureStatus.InForce)]
    [InlineData("2024-06-01", MeasureStatus.InForce)]
    [InlineData("2025-01-19", MeasureStatus.InForce)]
    [InlineData("2025-01-20", MeasureStatus.Revoked)]
    [InlineData("2025-02-01", MeasureStatus.Revoked)]
    public void Executive_order_14110_is_in_force_from_signature_until_its_revocation(string date, MeasureStatus expected)
    {
        Assert.Equal(expected, Lifecycle.AsOf(Eo14110, Day(date)).Status);
    }

    [Theory]
    [InlineData("2023-12-01", MeasureStatus.None, 0)]
    [InlineData("2024-01-01", MeasureStatus.Agreed, 0)]
    [InlineData("2024-07-20", MeasureStatus.Adopted, 0)]
    [InlineData("2024-09-01", MeasureStatus.InForce, 0)]
    [InlineData("2025-03-01", MeasureStatus.InForce, 1)]
    [InlineData("2025-09-01", MeasureStatus.InForce, 2)]
    public void The_AI_Act_applies_in_stages_after_entering_into_force(string date, MeasureStatus expected, int stages)
    {
        var status = Lifecycle.AsOf(AiActTimeline, Day(date));

        Assert.Equal(expected, status.Status);
        Assert.Equal(stages, status.StagesStarted.Count);
    }

    [Fact]
    public void The_status_since_is_the_date_of_the_step_that_set_it_not_of_later_stages()
    {
        var status = Lifecycle.AsOf(AiActTimeline, Day("2025-09-01"));

        Assert.Equal((Day("2024-08-01"), LifecycleStep.EnteredIntoForce), (status.Since!.Value, status.SinceStep!.Value));
    }

    [Fact]
    public void Recording_order_does_not_matter_only_effective_dates_do()
    {
        var recordedBackwards = AiActTimeline.Reverse().ToArray();

        foreach (var date in new[] { "2024-01-01", "2024-07-20", "2024-09-01", "2025-03-01", "2025-09-01" })
        {
            Assert.Equal(Lifecycle.AsOf(AiActTimeline, Day(date)).Status, Lifecycle.AsOf(recordedBackwards, Day(date)).Status);
        }
    }

    [Fact]
    public void A_suspension_takes_a_measure_out_of_force_until_it_is_lifted()
    {
        TimelineEntry[] timeline = [Fact(LifecycleStep.EnteredIntoForce, "2024-12-03"), Fact(LifecycleStep.Suspended, "2025-11-09"), Fact(LifecycleStep.Lifted, "2026-11-10")];

        Assert.Equal(MeasureStatus.InForce, Lifecycle.AsOf(timeline, Day("2025-06-01")).Status);
        Assert.Equal(MeasureStatus.Suspended, Lifecycle.AsOf(timeline, Day("2025-12-01")).Status);
        Assert.True(Lifecycle.AsOf(timeline, Day("2026-12-01")).InForce);
    }

    [Fact]
    public void Lifting_a_restriction_in_force_ends_it()
    {
        TimelineEntry[] timeline = [Fact(LifecycleStep.EnteredIntoForce, "2025-02-15"), Fact(LifecycleStep.Lifted, "2025-04-28")];

        Assert.True(Lifecycle.AsOf(timeline, Day("2025-03-01")).InForce);
        Assert.Equal(MeasureStatus.Lifted, Lifecycle.AsOf(timeline, Day("2025-05-01")).Status);
    }

    [Fact]
    public void A_vetoed_bill_never_was_in_force()
    {
        TimelineEntry[] timeline = [Fact(LifecycleStep.Revoked, "2024-09-29", RevocationKind.Vetoed)];

        Assert.Equal(MeasureStatus.Vetoed, Lifecycle.AsOf(timeline, Day("2025-01-01")).Status);
    }

    [Fact]
    public void A_stage_scheduled_after_a_revocation_never_starts()
    {
        TimelineEntry[] timeline =
        [
            Fact(LifecycleStep.EnteredIntoForce, "2025-01-13"),
            Fact(LifecycleStep.ApplicationStarted, "2025-05-15"),
            Fact(LifecycleStep.Revoked, "2025-05-13", RevocationKind.Rescinded),
        ];

        var status = Lifecycle.AsOf(timeline, Day("2025-06-01"));

        Assert.Equal(MeasureStatus.Revoked, status.Status);
        Assert.Empty(status.StagesStarted);
    }

    [Fact]
    public void The_latest_status_counts_scheduled_steps()
    {
        TimelineEntry[] timeline = [Fact(LifecycleStep.Adopted, "2024-12-26"), Fact(LifecycleStep.EnteredIntoForce, "2026-01-22")];

        Assert.Equal(MeasureStatus.Adopted, Lifecycle.AsOf(timeline, Day("2025-12-31")).Status);
        Assert.Equal(MeasureStatus.InForce, Lifecycle.Latest(timeline).Status);
    }

    private static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
