using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;

namespace Intelligence.Regulation.Features;

/// <summary>A measure as the API shows it: what it is, its status on a date, and its whole timeline in date order.</summary>
/// <param name="TypeLabel">The instrument type as the source words it, beside its kind <paramref name="Type"/> (other when no mapping covers it); null when none was stated.</param>
/// <param name="DirectionLabel">The direction as the source words it, beside its kind <paramref name="Direction"/>; null when none was stated.</param>
/// <param name="AsOf">The date <paramref name="Status"/> is computed for (today unless asked otherwise).</param>
/// <param name="StatusSince">When the step that set the status took effect.</param>
/// <param name="PendingAmendments">Amendments proposed by <paramref name="AsOf"/> and not yet made: the proposal's id (linkedMeasureId), title (linkedTitle), date and source.</param>
/// <param name="Timeline">Every recorded step in date order, scheduled ones (dated after <paramref name="AsOf"/>) included, each with the source's label (stepLabel).</param>
public sealed record MeasureView(
    string Id,
    string Title,
    string Jurisdiction,
    string Bloc,
    InstrumentType Type,
    string? TypeLabel,
    IReadOnlyList<string> Targets,
    Direction Direction,
    string? DirectionLabel,
    DateOnly AsOf,
    MeasureStatus Status,
    DateOnly? StatusSince,
    IReadOnlyList<TimelineEntry> StagesStarted,
    IReadOnlyList<TimelineEntry> PendingAmendments,
    IReadOnlyList<TimelineEntry> Timeline,
    long Version)
{
    public static MeasureView From(Measure measure, string bloc, long version, DateOnly asOf)
    {
        var status = Lifecycle.AsOf(measure.Timeline, asOf);
        var details = measure.Details;
        return new MeasureView(
            measure.Id,
            details.Title,
            details.Jurisdiction,
            bloc,
            details.Type,
            details.TypeLabel,
            details.Targets,
            details.Direction,
            details.DirectionLabel,
            asOf,
            status.Status,
            status.Since,
            status.StagesStarted,
            status.PendingAmendments,
            Lifecycle.InDateOrder(measure.Timeline).ToList(),
            version);
    }

    public static MeasureView From(MeasureEntry entry, DateOnly asOf) => From(entry.State, entry.Bloc, entry.Version, asOf);
}

/// <summary>A measure in a list: what it is and its status on the date asked, with the amendments pending then.</summary>
public sealed record MeasureLine(
    string Id,
    string Title,
    string Jurisdiction,
    string Bloc,
    InstrumentType Type,
    string? TypeLabel,
    IReadOnlyList<string> Targets,
    Direction Direction,
    string? DirectionLabel,
    MeasureStatus Status,
    DateOnly? StatusSince,
    int StagesStarted,
    IReadOnlyList<TimelineEntry> PendingAmendments)
{
    public static MeasureLine From(MeasureEntry entry, StatusOn status) => new(
        entry.Id,
        entry.State.Details.Title,
        entry.State.Details.Jurisdiction,
        entry.Bloc,
        entry.State.Details.Type,
        entry.State.Details.TypeLabel,
        entry.State.Details.Targets,
        entry.State.Details.Direction,
        entry.State.Details.DirectionLabel,
        status.Status,
        status.Since,
        status.StagesStarted.Count,
        status.PendingAmendments);
}
