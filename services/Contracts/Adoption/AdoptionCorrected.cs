namespace Intelligence.Contracts.Adoption;

/// <summary>
/// An observation published earlier was wrong. Carries the whole corrected observation, so a replica overwrites
/// what it holds; <paramref name="CorrectedFields"/> says what changed.
/// </summary>
/// <param name="Source">The source of the correction.</param>
/// <param name="ObservationSource">The source of the observation as corrected.</param>
/// <param name="CorrectedFields">Names among value, unit, bound, observedOn, period, measurementType, confidence, source, valueAsReported, note.</param>
public sealed record AdoptionCorrected(
    Guid EventId,
    string SeriesId,
    long StreamVersion,
    DateOnly ObservedOn,
    DateTimeOffset RecordedAt,
    string Source,
    string ObservationId,
    string Reason,
    IReadOnlyList<string> CorrectedFields,
    string SubjectId,
    string Metric,
    string Region,
    decimal Value,
    string Unit,
    string Bound,
    string? Period,
    string MeasurementType,
    string Confidence,
    string ObservationSource) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => SeriesId;

    /// <summary>As in <see cref="AdoptionObserved.MetricLabel"/>.</summary>
    public string? MetricLabel { get; init; }

    /// <summary>As in <see cref="AdoptionObserved.RegionLabel"/>.</summary>
    public string? RegionLabel { get; init; }

    /// <summary>As in <see cref="AdoptionObserved.UnitLabel"/>.</summary>
    public string? UnitLabel { get; init; }

    /// <summary>As in <see cref="AdoptionObserved.MeasurementTypeLabel"/>.</summary>
    public string? MeasurementTypeLabel { get; init; }

    /// <summary>As in <see cref="AdoptionObserved.ConfidenceLabel"/>.</summary>
    public string? ConfidenceLabel { get; init; }
}
