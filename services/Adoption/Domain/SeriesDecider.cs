using System.Collections.Immutable;
using Intelligence.Platform.Domain;

namespace Intelligence.Adoption.Domain;

/// <summary>
/// A series' rules as pure functions: each <c>Decide</c> turns the current state and a command into events, no
/// events, or a named rejection; <see cref="Evolve"/> folds an event into the state. A change that crosses a
/// milestone threshold for the first time also yields <see cref="MilestoneReached"/>, so the milestone is a fact of
/// the series' own history and is published like any other. No I/O, no clock.
/// </summary>
public static class SeriesDecider
{
    public static Decision<ISeriesEvent> Decide(Series? state, RecordObservation command, MilestoneThresholds thresholds)
    {
        var id = command.Observation.Id;
        if (state is not null && state.Points.TryGetValue(id, out var existing))
        {
            return Decision<ISeriesEvent>.Reject(
                "observation-id-unique",
                $"Observation '{id}' is already in series '{state.Id}' (observed {existing.Observation.ObservedOn:yyyy-MM-dd}); correct it instead.");
        }

        // A series' subject, metric and region are fixed by its first observation.
        var key = state?.Key ?? command.Key;
        return WithMilestones(state, new ObservationRecorded(key.SeriesId, key, command.Observation), command.Observation, thresholds);
    }

    public static Decision<ISeriesEvent> Decide(Series state, CorrectObservation command, MilestoneThresholds thresholds)
    {
        if (!state.Points.TryGetValue(command.ObservationId, out var point))
        {
            return Decision<ISeriesEvent>.Reject("observation-in-series", $"Observation '{command.ObservationId}' is not in series '{state.Id}'.");
        }

        if (point.Retracted)
        {
            return Decision<ISeriesEvent>.Reject(
                "observation-retracted", $"Observation '{command.ObservationId}' was retracted ({point.RetractionReason}); record a new one instead.");
        }

        var corrected = command.Corrected with { Id = command.ObservationId };
        var fields = corrected.DifferencesFrom(point.Observation);
        return fields.Count == 0
            ? Decision<ISeriesEvent>.Unchanged
            : WithMilestones(state, new ObservationCorrected(state.Id, state.Key, corrected, fields, command.Reason, command.Source), corrected, thresholds);
    }

    public static Decision<ISeriesEvent> Decide(Series state, RetractObservation command)
    {
        if (!state.Points.TryGetValue(command.ObservationId, out var point))
        {
            return Decision<ISeriesEvent>.Reject("observation-in-series", $"Observation '{command.ObservationId}' is not in series '{state.Id}'.");
        }

        return point.Retracted
            ? Decision<ISeriesEvent>.Reject("observation-already-retracted", $"Observation '{command.ObservationId}' was already retracted ({point.RetractionReason}).")
            : Decision<ISeriesEvent>.Accept(new ObservationRetracted(
                state.Id, state.Key, command.ObservationId, point.Observation.ObservedOn, command.Reason, command.Source));
    }

    public static Series? Evolve(Series? state, ISeriesEvent @event) => (state, @event) switch
    {
        (null, ObservationRecorded recorded) => new Series(
            recorded.SeriesId,
            recorded.Key,
            ImmutableDictionary<string, SeriesPoint>.Empty.WithComparers(StringComparer.Ordinal).SetItem(recorded.Observation.Id, new SeriesPoint(recorded.Observation, 0, false, null)),
            []),
        (not null, ObservationRecorded recorded) => state with
        {
            Points = state.Points.SetItem(recorded.Observation.Id, new SeriesPoint(recorded.Observation, 0, false, null)),
        },
        (not null, ObservationCorrected corrected) when state.Points.TryGetValue(corrected.Observation.Id, out var point) => state with
        {
            Points = state.Points.SetItem(corrected.Observation.Id, point with { Observation = corrected.Observation, Corrections = point.Corrections + 1 }),
        },
        (not null, ObservationRetracted retracted) when state.Points.TryGetValue(retracted.ObservationId, out var point) => state with
        {
            Points = state.Points.SetItem(retracted.ObservationId, point with { Retracted = true, RetractionReason = retracted.Reason }),
        },
        (not null, MilestoneReached reached) => state with
        {
            Milestones = state.Milestones.Add(new ReachedMilestone(reached.Threshold, reached.ReachedOn, reached.ObservationId, reached.Value)),
        },
        _ => state,
    };

    /// <summary>
    /// The change, then a milestone for every threshold not reached before that the standing observations now
    /// reach, dated by the earliest observation that reaches it. Only the changed observation can newly reach a
    /// threshold, so the series is searched only for those it reaches.
    /// </summary>
    private static Decision<ISeriesEvent> WithMilestones(Series? state, ISeriesEvent change, Observation changed, MilestoneThresholds thresholds)
    {
        var metric = change.Key.Metric;
        var reached = thresholds.For(metric)
            .Where(t => MilestoneThresholds.Reaches(metric, changed, t) && state?.Milestones.Any(m => m.Threshold == t) != true)
            .ToList();
        if (reached.Count == 0)
        {
            return Decision<ISeriesEvent>.Accept(change);
        }

        var live = Evolve(state, change)!.Live().ToList();
        var events = new List<ISeriesEvent> { change };
        foreach (var threshold in reached)
        {
            var first = live.First(o => MilestoneThresholds.Reaches(metric, o, threshold));
            events.Add(new MilestoneReached(change.SeriesId, change.Key, threshold, first.Id, first.ObservedOn, first.Value, first.Source));
        }

        return Decision<ISeriesEvent>.Accept([.. events]);
    }
}
