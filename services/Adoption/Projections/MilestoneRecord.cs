using System.Globalization;
using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// A threshold a series crossed, one row each (<see cref="MilestoneReached"/>), kept as the history keeps it (a
/// retraction does not undo it): <c>/milestones</c> pages these along a (date, threshold, series) index instead of
/// loading every series to list its milestones per request.
/// </summary>
/// <param name="Id">The series id and the threshold: <c>chatgpt.weekly-active-users.global/100000000</c>.</param>
public sealed record MilestoneRecord(string Id, string SeriesId, SeriesKey Key, decimal Threshold, string ObservationId, DateOnly ReachedOn, decimal Value)
{
    public string SubjectId => Key.Subject.Id;

    public static MilestoneRecord Of(MilestoneReached reached) => new(
        $"{reached.SeriesId}/{reached.Threshold.ToString(CultureInfo.InvariantCulture)}",
        reached.SeriesId,
        reached.Key,
        reached.Threshold,
        reached.ObservationId,
        reached.ReachedOn,
        reached.Value);

    public ReachedMilestone Milestone => new(Threshold, ReachedOn, ObservationId, Value);
}
