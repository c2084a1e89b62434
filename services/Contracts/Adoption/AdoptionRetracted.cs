namespace Intelligence.Contracts.Adoption;

/// <summary>An observation published earlier no longer stands (the source withdrew it, or it was never a fact).</summary>
/// <param name="ObservedOn">The domain date of the retracted observation.</param>
/// <param name="Source">The source of the retraction.</param>
public sealed record AdoptionRetracted(
    Guid EventId,
    string SeriesId,
    long StreamVersion,
    DateOnly ObservedOn,
    DateTimeOffset RecordedAt,
    string Source,
    string ObservationId,
    string SubjectId,
    string Metric,
    string Region,
    string Reason) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => SeriesId;

    /// <summary>As in <see cref="AdoptionObserved.MetricLabel"/>.</summary>
    public string? MetricLabel { get; init; }

    /// <summary>As in <see cref="AdoptionObserved.RegionLabel"/>.</summary>
    public string? RegionLabel { get; init; }
}
