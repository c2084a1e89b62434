using System.Collections.Immutable;

namespace Intelligence.Adoption.Domain;

/// <summary>
/// The thresholds whose first crossing is a milestone, per metric, in the metric's unit. Configuration, not code:
/// the defaults are 100M, 200M … 1B for every user metric and none for the others (none ever for a metric of kind other,
/// whose labels are too many and too varied to configure).
/// </summary>
public sealed class MilestoneThresholds
{
    private readonly ImmutableDictionary<Metric, ImmutableArray<decimal>> _byMetric;

    public MilestoneThresholds(IEnumerable<KeyValuePair<Metric, IEnumerable<decimal>>> byMetric) =>
        _byMetric = byMetric.ToImmutableDictionary(pair => pair.Key, pair => pair.Value.Distinct().Order().ToImmutableArray());

    public static IReadOnlyList<decimal> DefaultUserThresholds { get; } =
        [.. Enumerable.Range(1, 10).Select(step => step * 100_000_000m)];

    public static MilestoneThresholds Default { get; } = new(
        Enum.GetValues<Metric>()
            .Where(Metrics.CountsUsers)
            .Select(metric => KeyValuePair.Create(metric, (IEnumerable<decimal>)DefaultUserThresholds)));

    public IReadOnlyList<decimal> For(Metric metric) =>
        _byMetric.TryGetValue(metric, out var thresholds) ? thresholds : [];

    /// <summary>
    /// Whether <paramref name="observation"/> shows the threshold reached: at or above it, or for a rank at or
    /// better than it. A bound the other way proves nothing ("&lt;1.2%" does not reach 1%), nor does a figure in
    /// another unit than the metric's (its thresholds are in the metric's unit).
    /// </summary>
    public static bool Reaches(Metric metric, Observation observation, decimal threshold) =>
        Metrics.UnitOf(metric) is { } unit && observation.Unit == unit
        && (Metrics.LowerIsBetter(unit)
            ? observation.Value <= threshold && observation.Bound != Bound.AtLeast
            : observation.Value >= threshold && observation.Bound != Bound.AtMost);
}
