using Intelligence.Adoption.Domain;
using Intelligence.Platform.Http;

namespace Intelligence.Adoption.Features;

/// <summary>
/// An observation's figure and provenance as a client sends them. Every field is nullable so a missing one is
/// reported by name; on a correction, an absent field keeps its current value.
/// </summary>
public sealed record ObservationFields(
    decimal? Value,
    Unit? Unit,
    Bound? Bound,
    DateOnly? ObservedOn,
    string? Period,
    MeasurementType? MeasurementType,
    Confidence? Confidence,
    string? Source,
    string? ValueAsReported,
    string? Note);

/// <summary>The rules every field of an observation must meet, shared by recording and correcting.</summary>
internal static class ObservationFieldRules
{
    public const int MaxSourceLength = 2000;
    public const int MaxTextLength = 1000;
    public const int MaxPeriodLength = 100;
    /// <summary>
    /// Merges the fields over <paramref name="current"/> (null for a new observation: then value, date, measurement
    /// type and source are required) and checks every rule for <paramref name="metric"/>; null when one is broken.
    /// </summary>
    public static Observation? ToObservation(
        string id, Metric metric, ObservationFields fields, Observation? current, DateOnly today, Validation validation)
    {
        var value = fields.Value ?? current?.Value;
        foreach (var broken in ObservationRules.Check(metric, fields.Unit, value))
        {
            validation.Add(broken.Field, broken.Rule);
        }

        var observedOn = fields.ObservedOn ?? current?.ObservedOn;
        validation.Check(observedOn is not null, "observedOn", "is required (yyyy-MM-dd)");
        if (observedOn is { } date)
        {
            validation.Check(date <= today, "observedOn", "must not be in the future: an observation describes what was")
                .Check(date.Year >= 2000, "observedOn", "must be in 2000 or later");
        }

        var measurement = fields.MeasurementType ?? current?.MeasurementType;
        validation.Check(measurement is not null, "measurementType", "is required: company-disclosure, third-party-estimate, survey or ranking");

        var source = fields.Source?.Trim() ?? current?.Source ?? string.Empty;
        validation.Check(source.Length is > 0 and <= MaxSourceLength, "source", $"is required, at most {MaxSourceLength} characters: a URL or a document name");

        var period = Optional(fields.Period, current?.Period);
        validation.Check(period is null || period.Length <= MaxPeriodLength, "period", $"must be at most {MaxPeriodLength} characters");
        var valueAsReported = Optional(fields.ValueAsReported, current?.ValueAsReported);
        validation.Check(valueAsReported is null || valueAsReported.Length <= MaxTextLength, "valueAsReported", $"must be at most {MaxTextLength} characters");
        var note = Optional(fields.Note, current?.Note);
        validation.Check(note is null || note.Length <= MaxTextLength, "note", $"must be at most {MaxTextLength} characters");

        return validation.IsValid
            ? new Observation(
                id,
                value!.Value,
                Metrics.UnitOf(metric),
                fields.Bound ?? current?.Bound ?? Bound.Exact,
                observedOn!.Value,
                period,
                measurement!.Value,
                fields.Confidence ?? current?.Confidence ?? Confidence.Medium,
                source,
                valueAsReported,
                note)
            : null;
    }

    /// <summary>A reason and a source for a correction or a retraction.</summary>
    public static (string Reason, string Source) Justification(string? reason, string? source, Validation validation)
    {
        var r = reason?.Trim() ?? string.Empty;
        var s = source?.Trim() ?? string.Empty;
        validation.Check(r.Length is > 0 and <= MaxTextLength, "reason", $"is required, at most {MaxTextLength} characters: say what was wrong")
            .Check(s.Length is > 0 and <= MaxSourceLength, "source", $"is required, at most {MaxSourceLength} characters: a URL or a document name");
        return (r, s);
    }

    private static string? Optional(string? given, string? current) =>
        given is null ? current : given.Trim() is { Length: > 0 } trimmed ? trimmed : null;
}
