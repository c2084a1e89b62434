namespace Intelligence.Regulation.Domain;

/// <summary>Where a measure stood on a date, computed from its dated timeline.</summary>
/// <param name="Since">The date of the step that set <paramref name="Status"/>; null for <see cref="MeasureStatus.None"/>.</param>
/// <param name="SinceStep">The step that set the status.</param>
/// <param name="StagesStarted">Application stages begun by then while the measure had effect, in date order.</param>
/// <param name="PendingAmendments">Amendments proposed by then and not yet followed by an amendment naming the proposal, in date order.</param>
public sealed record StatusOn(
    MeasureStatus Status, DateOnly? Since, LifecycleStep? SinceStep, IReadOnlyList<TimelineEntry> StagesStarted, IReadOnlyList<TimelineEntry> PendingAmendments)
{
    public bool InForce => Status == MeasureStatus.InForce;
}

/// <summary>The days from <paramref name="From"/> up to <paramref name="Until"/> (excluded; null while open-ended) over which a measure has <paramref name="Status"/>.</summary>
public sealed record StatusSpell(MeasureStatus Status, DateOnly From, DateOnly? Until);

/// <summary>
/// A measure's status as a fold of its timeline in date order (pure). As-of questions ("what was in force on D")
/// look at effective dates, never at the order events were recorded: an event recorded today about 2023 counts in 2023.
/// </summary>
public static class Lifecycle
{
    public static bool IsFinal(MeasureStatus status) => status is MeasureStatus.Lifted or MeasureStatus.Revoked or MeasureStatus.Vetoed;

    /// <summary>The status after <paramref name="entry"/>. Lenient: it reads what was recorded, the decider guards what may be.</summary>
    public static MeasureStatus Next(MeasureStatus status, TimelineEntry entry)
    {
        if (IsFinal(status))
        {
            return status;
        }

        return entry.Step switch
        {
            LifecycleStep.Proposed => status == MeasureStatus.None ? MeasureStatus.Proposed : status,
            LifecycleStep.PoliticallyAgreed => status is MeasureStatus.None or MeasureStatus.Proposed ? MeasureStatus.Agreed : status,
            LifecycleStep.Adopted => status is MeasureStatus.None or MeasureStatus.Proposed or MeasureStatus.Agreed ? MeasureStatus.Adopted : status,
            LifecycleStep.EnteredIntoForce or LifecycleStep.ApplicationStarted =>
                status == MeasureStatus.Suspended ? status : MeasureStatus.InForce,
            LifecycleStep.Amended => status == MeasureStatus.None ? MeasureStatus.Adopted : status,
            LifecycleStep.Suspended => MeasureStatus.Suspended,
            LifecycleStep.Lifted => status == MeasureStatus.Suspended ? MeasureStatus.InForce : MeasureStatus.Lifted,
            LifecycleStep.Revoked => entry.Kind == RevocationKind.Vetoed ? MeasureStatus.Vetoed : MeasureStatus.Revoked,
            _ => status,
        };
    }

    /// <summary>The timeline in date order; events of the same day keep the order they were recorded in.</summary>
    public static IEnumerable<TimelineEntry> InDateOrder(IEnumerable<TimelineEntry> timeline) =>
        timeline.Select((entry, index) => (entry, index)).OrderBy(pair => pair.entry.On).ThenBy(pair => pair.index).Select(pair => pair.entry);

    /// <summary>The status at the end of <paramref name="date"/>: every step dated on or before it counts.</summary>
    public static StatusOn AsOf(IEnumerable<TimelineEntry> timeline, DateOnly date)
    {
        var status = MeasureStatus.None;
        TimelineEntry? since = null;
        var stages = new List<TimelineEntry>();
        var pending = new List<TimelineEntry>();
        foreach (var entry in InDateOrder(timeline).TakeWhile(entry => entry.On <= date))
        {
            var next = Next(status, entry);
            if (entry.Step == LifecycleStep.ApplicationStarted && next is MeasureStatus.InForce)
            {
                stages.Add(entry);
            }

            if (entry.Step == LifecycleStep.AmendmentProposed)
            {
                pending.Add(entry);
            }
            else if (entry.Step == LifecycleStep.Amended)
            {
                pending.RemoveAll(proposal => proposal.LinkedMeasureId == entry.LinkedMeasureId);
            }

            // Only a step that moves the status dates it: an amendment proposal or an unmapped event leaves "since" alone.
            if (next != status)
            {
                since = entry;
            }

            status = next;
        }

        return new StatusOn(status, since?.On, since?.Step, stages, pending);
    }

    /// <summary>The status once every recorded step has happened, scheduled ones included.</summary>
    public static StatusOn Latest(IEnumerable<TimelineEntry> timeline) => AsOf(timeline, DateOnly.MaxValue);

    /// <summary>
    /// The timeline cut into spells: runs of days over which <see cref="AsOf"/> gives one status, oldest first, with
    /// no spell for the days a measure has none. The status can change only at the end of a day some step is dated,
    /// so each such day may open a spell; a day that leaves the status as it was extends the spell before it.
    /// </summary>
    public static IReadOnlyList<StatusSpell> Spells(IEnumerable<TimelineEntry> timeline)
    {
        var spells = new List<StatusSpell>();
        var status = MeasureStatus.None;
        foreach (var day in InDateOrder(timeline).GroupBy(entry => entry.On))
        {
            var next = day.Aggregate(status, Next);
            if (next == status)
            {
                continue;
            }

            if (status != MeasureStatus.None)
            {
                spells[^1] = spells[^1] with { Until = day.Key };
            }

            if (next != MeasureStatus.None)
            {
                spells.Add(new StatusSpell(next, day.Key, null));
            }

            status = next;
        }

        return spells;
    }
}
