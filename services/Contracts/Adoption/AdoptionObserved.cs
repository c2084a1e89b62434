namespace Intelligence.Contracts.Adoption;

/// <summary>
/// An observation of a usage metric was recorded: a value for a subject (product, model or aggregate), a metric and
/// a region on a date. The stream is the series (subject × metric × region); the observation has its own id.
/// </summary>
/// <param name="SeriesId">The series, e.g. <c>chatgpt.weekly-active-users.global</c>.</param>
/// <param name="ObservedOn">The domain date: the day the value describes.</param>
/// <param name="SubjectKind">product, model or aggregate.</param>
/// <param name="Metric">weekly-active-users, monthly-active-users, registered-users, cumulative-downloads, app-store-rank, share-of-users, share-of-working-age-population or share-of-tokens; or other, named by <see cref="MetricLabel"/> (the series id then holds the label's key).</param>
/// <param name="Region">An ISO 3166-1 alpha-2 code (upper case), <c>global</c>, a grouping's code (<c>global-north</c>), or the key of another place named by <see cref="RegionLabel"/>.</param>
/// <param name="Unit">users, downloads, rank or percent: a known metric's own unit unless the source stated another; or other, named by <see cref="UnitLabel"/>.</param>
/// <param name="Bound">exact, approximate, at-least or at-most: how the source states the value ("~", "400M+", "&lt;1.2%").</param>
/// <param name="MeasurementType">company-disclosure, third-party-estimate, survey or ranking; or other, named by <see cref="MeasurementTypeLabel"/> (none when not stated).</param>
/// <param name="Confidence">high, medium or low; or other, named by <see cref="ConfidenceLabel"/> (none when not stated).</param>
public sealed record AdoptionObserved(
    Guid EventId,
    string SeriesId,
    long StreamVersion,
    DateOnly ObservedOn,
    DateTimeOffset RecordedAt,
    string Source,
    string ObservationId,
    string SubjectId,
    string SubjectName,
    string SubjectKind,
    string? OrganizationId,
    string? OrganizationName,
    string Metric,
    string Region,
    decimal Value,
    string Unit,
    string Bound,
    string? Period,
    string MeasurementType,
    string Confidence) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => SeriesId;

    /// <summary>The source's name of a metric of kind other ("paid subscribers"); absent for a known metric.</summary>
    public string? MetricLabel { get; init; }

    /// <summary>The source's name of a place that is no country, <c>global</c> or known grouping ("Southeast Asia"); absent otherwise.</summary>
    public string? RegionLabel { get; init; }

    /// <summary>The source's name of a unit of kind other ("subscribers"); absent otherwise.</summary>
    public string? UnitLabel { get; init; }

    /// <summary>The source's name of a measurement type of kind other; absent otherwise.</summary>
    public string? MeasurementTypeLabel { get; init; }

    /// <summary>The source's grade of a confidence of kind other ("very high"); absent otherwise.</summary>
    public string? ConfidenceLabel { get; init; }
}
