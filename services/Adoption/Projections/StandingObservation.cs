using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// A standing (not retracted) observation of a series, one row each, so that "each series' latest on or before a
/// date", "observed in a window" and "the board of a metric in a region on a date" are indexed range queries rather
/// than a load of every series. Replaced when corrected, deleted when retracted.
/// </summary>
/// <param name="Id">The observation id (unique in the service).</param>
/// <param name="StandsUntil">
/// The date the series' next standing observation in the same unit takes over (on one date, the later id does), or
/// null while this one is the latest: the observation is the series' value in its unit on the days from
/// <see cref="ObservedOn"/> up to, not including, this one. Kept by <see cref="ObservationReadsProjection"/>.
/// </param>
public sealed record StandingObservation(string Id, string SeriesId, SeriesKey Key, Observation Observation, DateOnly? StandsUntil)
{
    /// <summary>The read whose answers per day (<see cref="Platform.EventStore.DayCells"/>) a change of standing observations or of series links makes stale.</summary>
    public const string HeadlinesRead = "headlines";

    public DateOnly ObservedOn => Observation.ObservedOn;

    /// <summary>The unit's kind as the API names it ("users", "other").</summary>
    public string UnitKind => Vocabulary.Text(Observation.Unit);

    /// <summary>The board the observation is ranked on: its metric's key, its region and its unit's key (values in different units never meet).</summary>
    public string Board => BoardOf(Key.MetricKey, Key.Region, Observation.UnitKey());

    /// <summary>The value in its board's order, leader first: a rank as it is (#1 leads), any other value negated (the highest leads).</summary>
    public decimal BoardOrder => Metrics.LowerIsBetter(Observation.Unit) ? Observation.Value : -Observation.Value;

    /// <summary>The subject's name as equal values are ordered on a board: case ignored, as .NET compares ordinally.</summary>
    public string SubjectOrder => Key.Subject.Name.ToUpperInvariant();

    public static string BoardOf(string metricKey, string region, string unitKey) => $"{metricKey}\u001f{region}\u001f{unitKey}";
}
