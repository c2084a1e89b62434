using CsCheck;
using Intelligence.Regulation.Domain;
using static Intelligence.Regulation.Tests.Domain.Given;

namespace Intelligence.Regulation.Tests.Domain;

/// <summary>
/// The spells of a timeline say what <see cref="Lifecycle.AsOf"/> says, day by day: the read models that answer "in
/// force on a date" with an indexed query (in-force counts, the in-force measures of a jurisdiction) store spells
/// instead of folding timelines.
/// </summary>
public sealed class StatusSpellProperties
{
    private static readonly DateOnly Start = new(2024, 1, 1);

    /// <summary>
    /// Any timeline, not only those the decider allows (the fold is lenient and so must the spells be): any step in any
    /// recording order, several on one day, a few at the ends of the calendar.
    /// </summary>
    private static readonly Gen<TimelineEntry[]> Timelines = Gen.Select(
            Gen.Enum<LifecycleStep>(),
            Gen.Frequency((1, Gen.OneOf(DateOnly.MinValue, DateOnly.MaxValue)), (12, Gen.Int[0, 40].Select(days => Start.AddDays(days)))),
            Gen.Enum<RevocationKind>(),
            Gen.OneOf("eu-omnibus", "eu-simplification"),
            (step, on, kind, linked) => new TimelineEntry(
                step,
                on,
                Source,
                Kind: step == LifecycleStep.Revoked ? kind : null,
                LinkedMeasureId: step is LifecycleStep.Amended or LifecycleStep.AmendmentProposed ? linked : null))
        .Array[0, 10];

    [Fact]
    public void Every_day_of_a_spell_has_its_status_and_days_outside_every_spell_have_none()
    {
        Timelines.Sample(timeline =>
        {
            var spells = Lifecycle.Spells(timeline);
            var days = Enumerable.Range(-1, 43).Select(offset => Start.AddDays(offset))
                .Concat([DateOnly.MinValue, DateOnly.MinValue.AddDays(1), DateOnly.MaxValue.AddDays(-1), DateOnly.MaxValue]);
            foreach (var day in days)
            {
                var covering = spells.Where(s => s.From <= day && (s.Until is null || day < s.Until)).ToList();
                var status = Lifecycle.AsOf(timeline, day).Status;
                if (status == MeasureStatus.None ? covering.Count != 0 : covering.Count != 1 || covering[0].Status != status)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Spells_are_in_date_order_apart_and_two_touching_spells_differ()
    {
        Timelines.Sample(timeline =>
        {
            var spells = Lifecycle.Spells(timeline);
            return spells.All(s => s.Until is null || s.From < s.Until)
                && spells.Zip(spells.Skip(1)).All(pair => pair.First.Until is { } until && until <= pair.Second.From
                    && (until < pair.Second.From || pair.First.Status != pair.Second.Status));
        });
    }

    [Fact]
    public void A_suspension_lifted_cuts_the_time_in_force_in_two_and_a_revocation_ends_it()
    {
        TimelineEntry[] timeline =
        [
            Fact(LifecycleStep.Adopted, "2024-03-13"),
            Fact(LifecycleStep.EnteredIntoForce, "2024-04-01"),
            Fact(LifecycleStep.ApplicationStarted, "2024-05-01"),
            Fact(LifecycleStep.Suspended, "2024-06-01"),
            Fact(LifecycleStep.Lifted, "2024-07-01"),
            Fact(LifecycleStep.Revoked, "2025-01-20"),
        ];

        Assert.Equal(
            [
                new StatusSpell(MeasureStatus.Adopted, Day("2024-03-13"), Day("2024-04-01")),
                new StatusSpell(MeasureStatus.InForce, Day("2024-04-01"), Day("2024-06-01")),
                new StatusSpell(MeasureStatus.Suspended, Day("2024-06-01"), Day("2024-07-01")),
                new StatusSpell(MeasureStatus.InForce, Day("2024-07-01"), Day("2025-01-20")),
                new StatusSpell(MeasureStatus.Revoked, Day("2025-01-20"), null),
            ],
            Lifecycle.Spells(timeline));
    }

    [Fact]
    public void Steps_of_one_day_count_at_its_end_and_a_day_that_changes_nothing_opens_no_spell()
    {
        // Adopted and in force the same day, suspended and lifted the same day: one spell in force from the first day.
        TimelineEntry[] timeline =
        [
            Fact(LifecycleStep.Other, "2023-10-01") with { StepLabel = "consultation launched" },
            Fact(LifecycleStep.Adopted, "2023-10-30"),
            Fact(LifecycleStep.EnteredIntoForce, "2023-10-30"),
            Fact(LifecycleStep.Suspended, "2024-02-01"),
            Fact(LifecycleStep.Lifted, "2024-02-01"),
        ];

        Assert.Equal([new StatusSpell(MeasureStatus.InForce, Day("2023-10-30"), null)], Lifecycle.Spells(timeline));
    }

    private static DateOnly Day(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
}
