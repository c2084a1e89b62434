namespace Intelligence.Contracts.Adoption;

/// <summary>
/// A series crossed a configured threshold for the first time (100M weekly users, say). Published once per series
/// and threshold; <paramref name="ReachedOn"/> is the date of the earliest observation at or beyond it.
/// </summary>
/// <param name="ReachedOn">The domain date: the earliest observation at or beyond the threshold.</param>
/// <param name="Source">The source of that observation.</param>
/// <param name="Threshold">In the metric's unit (users, downloads, percent; for a rank, at or above that place).</param>
public sealed record AdoptionMilestoneReached(
    Guid EventId,
    string SeriesId,
    long StreamVersion,
    DateOnly ReachedOn,
    DateTimeOffset RecordedAt,
    string Source,
    string SubjectId,
    string SubjectName,
    string Metric,
    string Region,
    decimal Threshold,
    decimal Value,
    string ObservationId) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => SeriesId;

    /// <summary>As in <see cref="AdoptionObserved.MetricLabel"/>.</summary>
    public string? MetricLabel { get; init; }

    /// <summary>As in <see cref="AdoptionObserved.RegionLabel"/>.</summary>
    public string? RegionLabel { get; init; }
}
