using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// A standing (not retracted) observation of a series, one row each, so that "each series' latest on or before a
/// date" and "observed in a window" are indexed range queries over (series, date) rather than a load of every
/// series. Replaced when corrected, deleted when retracted.
/// </summary>
/// <param name="Id">The observation id (unique in the service).</param>
public sealed record StandingObservation(string Id, string SeriesId, Observation Observation)
{
    /// <summary>The read whose answers per day (<see cref="Platform.EventStore.DayCells"/>) a change of standing observations or of series links makes stale.</summary>
    public const string HeadlinesRead = "headlines";

    public DateOnly ObservedOn => Observation.ObservedOn;

    /// <summary>The unit's kind as the API names it ("users", "other").</summary>
    public string UnitKind => Vocabulary.Text(Observation.Unit);
}
