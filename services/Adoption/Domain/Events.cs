namespace Intelligence.Adoption.Domain;

/// <summary>The domain events of a series, as stored in the service's event store. Each names its series.</summary>
public interface ISeriesEvent
{
    string SeriesId { get; }

    SeriesKey Key { get; }

    /// <summary>Where the fact comes from: a URL or a document name.</summary>
    string Source { get; }
}

public sealed record ObservationRecorded(string SeriesId, SeriesKey Key, Observation Observation) : ISeriesEvent
{
    public string Source => Observation.Source;
}

/// <param name="Source">The source of the correction (the corrected observation keeps its own).</param>
public sealed record ObservationCorrected(
    string SeriesId, SeriesKey Key, Observation Observation, IReadOnlyList<string> CorrectedFields, string Reason, string Source) : ISeriesEvent;

public sealed record ObservationRetracted(
    string SeriesId, SeriesKey Key, string ObservationId, DateOnly ObservedOn, string Reason, string Source) : ISeriesEvent;

/// <summary>The series crossed <paramref name="Threshold"/> for the first time; decided with the observation that did it.</summary>
/// <param name="Source">The source of the observation at or beyond the threshold.</param>
public sealed record MilestoneReached(
    string SeriesId, SeriesKey Key, decimal Threshold, string ObservationId, DateOnly ReachedOn, decimal Value, string Source) : ISeriesEvent;
