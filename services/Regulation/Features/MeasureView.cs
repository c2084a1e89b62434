using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;

namespace Intelligence.Regulation.Features;

/// <summary>A measure as the API shows it: what it is, its status on a date, and its whole timeline in date order.</summary>
/// <param name="AsOf">The date <paramref name="Status"/> is computed for (today unless asked otherwise).</param>
/// <param name="StatusSince">When the step that set the status took effect.</param>
/// <param name="Timeline">Every recorded step in date order, scheduled ones (dated after <paramref name="AsOf"/>) included.</param>
public sealed record MeasureView(
    string Id,
    string Title,
    string Jurisdiction,
    string Bloc,
    InstrumentType Type,
    IReadOnlyList<string> Targets,
    Direction Direction,
    DateOnly AsOf,
    MeasureStatus Status,
    DateOnly? StatusSince,
    IReadOnlyList<TimelineEntry> StagesStarted,
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
            details.Targets,
            details.Direction,
            asOf,
            status.Status,
            status.Since,
            status.StagesStarted,
            Lifecycle.InDateOrder(measure.Timeline).ToList(),
            version);
    }

    public static MeasureView From(MeasureEntry entry, DateOnly asOf) => From(entry.State, entry.Bloc, entry.Version, asOf);
}

/// <summary>A measure in a list: what it is and its status on the date asked.</summary>
public sealed record MeasureLine(
    string Id,
    string Title,
    string Jurisdiction,
    string Bloc,
    InstrumentType Type,
    IReadOnlyList<string> Targets,
    Direction Direction,
    MeasureStatus Status,
    DateOnly? StatusSince,
    int StagesStarted)
{
    public static MeasureLine From(MeasureEntry entry, StatusOn status) => new(
        entry.Id,
        entry.State.Details.Title,
        entry.State.Details.Jurisdiction,
        entry.Bloc,
        entry.State.Details.Type,
        entry.State.Details.Targets,
        entry.State.Details.Direction,
        status.Status,
        status.Since,
        status.StagesStarted.Count);
}
