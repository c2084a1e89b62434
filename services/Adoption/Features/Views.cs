using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;

namespace Intelligence.Adoption.Features;

public sealed record OrganizationView(string Id, string Name);

/// <summary>A subject with its link to the catalog: how it is tied, and the origin and bloc it has through it.</summary>
public sealed record SubjectView(string Id, string Name, SubjectKind Kind, OrganizationView? Organization, LinkView Link)
{
    public static SubjectView From(Subject subject, SubjectLink link) => new(
        subject.Id,
        subject.Name,
        subject.Kind,
        subject.OrganizationId is null ? null : new OrganizationView(subject.OrganizationId, subject.OrganizationName!),
        LinkView.From(link));
}

public sealed record LinkView(
    LinkKind Kind, OrganizationView? Organization, string? OrganizationCountry, IReadOnlyList<string> OriginCountries, string Bloc, IReadOnlyList<string> Models)
{
    public static LinkView From(SubjectLink link) => new(
        link.Kind,
        link.IsLinked ? new OrganizationView(link.OrganizationId!, link.OrganizationName!) : null,
        link.OrganizationCountry,
        link.OriginCountries,
        link.Bloc,
        link.ModelIds);
}

/// <summary>
/// An observation as the API shows it, with its series and the series' version (the ETag for commands on it). Every
/// kind stands beside its label: the source's own words when the kind is other, null when the kind says it.
/// </summary>
public sealed record ObservationView(
    string Id,
    string SeriesId,
    string SubjectId,
    Metric Metric,
    string? MetricLabel,
    string Region,
    string? RegionLabel,
    decimal Value,
    Unit Unit,
    string? UnitLabel,
    Bound Bound,
    DateOnly ObservedOn,
    string? Period,
    MeasurementType MeasurementType,
    string? MeasurementTypeLabel,
    Confidence Confidence,
    string? ConfidenceLabel,
    string Source,
    string? ValueAsReported,
    string? Note,
    int Corrections,
    bool Retracted,
    string? RetractionReason,
    long Version)
{
    public static ObservationView From(Series series, SeriesPoint point, long version)
    {
        var o = point.Observation;
        return new ObservationView(
            o.Id, series.Id, series.Key.Subject.Id, series.Key.Metric, series.Key.MetricLabel, series.Key.Region, series.Key.RegionLabel, o.Value, o.Unit,
            o.UnitLabel, o.Bound, o.ObservedOn, o.Period, o.MeasurementType, o.MeasurementTypeLabel, o.Confidence, o.ConfidenceLabel, o.Source,
            o.ValueAsReported, o.Note, point.Corrections, point.Retracted, point.RetractionReason, version);
    }
}

/// <summary>A point of a series: what a chart draws. Its unit is the series' unless the source stated another (kept as other).</summary>
public sealed record PointView(
    string Id,
    DateOnly ObservedOn,
    decimal Value,
    Unit Unit,
    string? UnitLabel,
    Bound Bound,
    string? Period,
    MeasurementType MeasurementType,
    string? MeasurementTypeLabel,
    Confidence Confidence,
    string? ConfidenceLabel,
    string Source,
    string? ValueAsReported,
    string? Note,
    int Corrections,
    bool Retracted,
    string? RetractionReason)
{
    public static PointView From(SeriesPoint point)
    {
        var o = point.Observation;
        return new PointView(
            o.Id, o.ObservedOn, o.Value, o.Unit, o.UnitLabel, o.Bound, o.Period, o.MeasurementType, o.MeasurementTypeLabel, o.Confidence, o.ConfidenceLabel,
            o.Source, o.ValueAsReported, o.Note, point.Corrections, point.Retracted, point.RetractionReason);
    }

    public static PointView From(Series series, Observation observation) => From(series.Points[observation.Id]);
}

public sealed record MilestoneView(decimal Threshold, DateOnly ReachedOn, string ObservationId, decimal Value, bool StillStands);

/// <summary>A series with what a list shows of it: subject and link, latest standing value, counts.</summary>
/// <param name="MetricLabel">The source's name of a metric of kind other ("paid subscribers"); null for a known metric.</param>
/// <param name="Unit">A known metric's unit; for an other metric, the unit of its latest standing observation.</param>
/// <param name="RegionLabel">The source's name of a place kept as other ("Southeast Asia"); null for a known region.</param>
public sealed record SeriesSummary(
    string Id,
    SubjectView Subject,
    Metric Metric,
    string? MetricLabel,
    Unit Unit,
    string? UnitLabel,
    string Region,
    RegionKind RegionKind,
    string? RegionLabel,
    string RegionName,
    PointView? Latest,
    int Observations,
    int Milestones,
    long Version)
{
    public static SeriesSummary From(SeriesKey key, SeriesTally tally, SubjectLink link, RegionCatalog regions)
    {
        var latest = tally.Latest?.Observation;
        var unit = Metrics.UnitOf(key.Metric) is { } own ? (Kind: own, Label: null) : (Kind: latest?.Unit ?? Unit.Other, Label: latest?.UnitLabel);
        var region = regions.Describe(key.Region, key.RegionLabel);
        return new SeriesSummary(
            tally.Id,
            SubjectView.From(key.Subject, link),
            key.Metric,
            key.MetricLabel,
            unit.Kind,
            unit.Label,
            key.Region,
            region.Kind,
            key.RegionLabel,
            region.Name,
            tally.Latest is null ? null : PointView.From(tally.Latest),
            tally.Observations,
            tally.Milestones,
            tally.Version);
    }
}

/// <summary>A series with its points (oldest first) and milestones.</summary>
public sealed record SeriesView(
    string Id,
    SubjectView Subject,
    Metric Metric,
    string? MetricLabel,
    Unit Unit,
    string? UnitLabel,
    string Region,
    RegionKind RegionKind,
    string? RegionLabel,
    string RegionName,
    PointView? Latest,
    IReadOnlyList<PointView> Points,
    IReadOnlyList<MilestoneView> Milestones,
    long Version)
{
    public static SeriesView From(SeriesEntry entry, SubjectLink link, RegionCatalog regions, bool includeRetracted)
    {
        var series = entry.State;
        var tally = SeriesTally.Of(series, entry.Version);
        var summary = SeriesSummary.From(series.Key, tally, link, regions);
        var points = series.Points.Values
            .Where(p => includeRetracted || !p.Retracted)
            .OrderBy(p => p.Observation.ObservedOn)
            .ThenBy(p => p.Observation.Id, StringComparer.Ordinal)
            .Select(PointView.From)
            .ToList();

        // A milestone stays a fact of the history; stillStands says whether standing observations still reach it.
        return new SeriesView(
            series.Id, summary.Subject, summary.Metric, summary.MetricLabel, summary.Unit, summary.UnitLabel, summary.Region, summary.RegionKind,
            summary.RegionLabel, summary.RegionName, summary.Latest, points,
            [.. series.Milestones.OrderBy(m => m.Threshold).Select(m => new MilestoneView(m.Threshold, m.ReachedOn, m.ObservationId, m.Value, tally.StandingThresholds.Contains(m.Threshold)))],
            entry.Version);
    }
}
