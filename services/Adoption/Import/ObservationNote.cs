namespace Intelligence.Adoption.Import;

/// <summary>
/// A row of an import that states no number (a qualitative finding, a range in words): kept as written, with why
/// it is not an observation, and never stored as zero. Keyed by the row's observation id, so a re-import keeps one.
/// </summary>
public sealed record ObservationNote(
    string Id,
    string Subject,
    string? Organization,
    string Metric,
    string Region,
    DateOnly? ObservedOn,
    string? Period,
    string Text,
    string? Note,
    string Source,
    string? Confidence,
    string Reason);
