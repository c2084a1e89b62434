using System.Collections.Immutable;

namespace Intelligence.Adoption.Domain;

/// <summary>What a series is about, as observations name it. Its id is the key of its name.</summary>
/// <param name="OrganizationId">The key of the organization's name ("openai"); null for an aggregate.</param>
public sealed record Subject(string Id, string Name, SubjectKind Kind, string? OrganizationId, string? OrganizationName);

/// <summary>A series is one subject's one metric in one region; its id joins the three.</summary>
/// <param name="Region">An ISO 3166-1 alpha-2 code, <c>global</c>, a grouping's code, or the key of a place none of these is.</param>
/// <param name="MetricLabel">For a metric of kind other, the source's name for it ("paid subscribers"); null for a known metric.</param>
/// <param name="RegionLabel">For a place that is no country, <c>global</c> or known grouping, the source's name for it ("Southeast Asia"); null otherwise.</param>
public sealed record SeriesKey(Subject Subject, Metric Metric, string Region, string? MetricLabel = null, string? RegionLabel = null)
{
    public string SeriesId => IdFor(Subject.Id, MetricKey, Region);

    /// <summary>The metric's part of the id: its name, or its label's key when other, so two other metrics never share a series.</summary>
    public string MetricKey => Terms.KeyOf(Metric, MetricLabel);

    /// <summary><c>chatgpt.weekly-active-users.global</c>, <c>doubao.monthly-active-users.cn</c>, <c>chatgpt.paid-subscribers.southeast-asia</c>.</summary>
    public static string IdFor(string subjectId, string metricKey, string region) =>
        $"{subjectId}.{metricKey}.{region.ToLowerInvariant()}";
}

/// <summary>One figure of a series, with where it comes from and how sure it is.</summary>
/// <param name="Id">The observation's id (the import's obs_id, e.g. "A01"), unique in the service.</param>
/// <param name="Period">What the value covers, as the source says it: "week", "Jan-2025", "Q1-2025", "cumulative".</param>
/// <param name="ValueAsReported">The value as the source wrote it: "~700M", "~1.87亿".</param>
/// <param name="UnitLabel">For a unit of kind other, the source's name for it ("subscribers"); null otherwise.</param>
/// <param name="MeasurementTypeLabel">For a measurement type of kind other, the source's name for it; null otherwise (and when not stated).</param>
/// <param name="ConfidenceLabel">For a confidence of kind other, the source's grade ("very high"); null otherwise (and when not stated).</param>
public sealed record Observation(
    string Id,
    decimal Value,
    Unit Unit,
    Bound Bound,
    DateOnly ObservedOn,
    string? Period,
    MeasurementType MeasurementType,
    Confidence Confidence,
    string Source,
    string? ValueAsReported,
    string? Note,
    string? UnitLabel = null,
    string? MeasurementTypeLabel = null,
    string? ConfidenceLabel = null)
{
    /// <summary>What tells this observation's unit from another's: values in different units are never compared.</summary>
    public string UnitKey() => Terms.KeyOf(Unit, UnitLabel);

    /// <summary>Names of the fields whose values differ from <paramref name="other"/>'s.</summary>
    public IReadOnlyList<string> DifferencesFrom(Observation other)
    {
        var fields = new List<string>();
        void Add(string field, bool same)
        {
            if (!same)
            {
                fields.Add(field);
            }
        }

        Add("value", Value == other.Value);
        Add("unit", Unit == other.Unit && UnitLabel == other.UnitLabel);
        Add("bound", Bound == other.Bound);
        Add("observedOn", ObservedOn == other.ObservedOn);
        Add("period", Period == other.Period);
        Add("measurementType", MeasurementType == other.MeasurementType && MeasurementTypeLabel == other.MeasurementTypeLabel);
        Add("confidence", Confidence == other.Confidence && ConfidenceLabel == other.ConfidenceLabel);
        Add("source", Source == other.Source);
        Add("valueAsReported", ValueAsReported == other.ValueAsReported);
        Add("note", Note == other.Note);
        return fields;
    }
}

/// <summary>An observation as the series holds it: retracted ones stay, marked, so history is never rewritten.</summary>
public sealed record SeriesPoint(Observation Observation, int Corrections, bool Retracted, string? RetractionReason);

/// <summary>A threshold the series crossed, with the earliest observation at or beyond it when it was reached.</summary>
public sealed record ReachedMilestone(decimal Threshold, DateOnly ReachedOn, string ObservationId, decimal Value);

/// <summary>A series: the state its events add up to.</summary>
public sealed record Series(
    string Id, SeriesKey Key, ImmutableDictionary<string, SeriesPoint> Points, ImmutableList<ReachedMilestone> Milestones)
{
    /// <summary>The observations that stand (not retracted), oldest first; on one date, by id.</summary>
    public IEnumerable<Observation> Live() => Points.Values
        .Where(p => !p.Retracted)
        .Select(p => p.Observation)
        .OrderBy(o => o.ObservedOn)
        .ThenBy(o => o.Id, StringComparer.Ordinal);

    /// <summary>The latest standing observation on or before <paramref name="date"/>; null when there is none.</summary>
    public Observation? AsOf(DateOnly date) => Live().LastOrDefault(o => o.ObservedOn <= date);

    /// <summary>The latest standing observation on or before <paramref name="date"/> in the unit <paramref name="unitKey"/> names.</summary>
    public Observation? AsOf(DateOnly date, string unitKey) => Live().LastOrDefault(o => o.ObservedOn <= date && o.UnitKey() == unitKey);

    public Observation? Latest() => Live().LastOrDefault();
}
