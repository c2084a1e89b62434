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
}
