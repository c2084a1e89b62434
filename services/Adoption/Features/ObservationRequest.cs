using Intelligence.Adoption.Domain;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Http;

namespace Intelligence.Adoption.Features;

/// <summary>
/// An observation's figure and provenance as a client sends them. Every field is nullable so a missing one is
/// reported by name; on a correction, an absent field keeps its current value. Unit, measurement type and
/// confidence are read as the importer reads them (<see cref="Terms"/>): a kind's name, a documented other name,
/// or any other label, kept as other.
/// </summary>
public sealed record ObservationFields(
    decimal? Value,
    string? Unit,
    Bound? Bound,
    DateOnly? ObservedOn,
    string? Period,
    string? MeasurementType,
    string? Confidence,
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
        // Without a unit, a correction keeps the one stated; a known metric's figure is in its unit; an other metric's in one not stated.
        var unit = Read("unit", fields.Unit, Terms.ReadUnit, validation)
            ?? (current is null ? null : new Term<Unit>(current.Unit, current.UnitLabel))
            ?? new Term<Unit>(Metrics.UnitOf(metric) ?? Unit.Other, null);
        var value = fields.Value ?? current?.Value;
        foreach (var broken in ObservationRules.Check(metric, unit.Kind, value))
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

        var measurement = Read("measurementType", fields.MeasurementType, Terms.ReadMeasurementType, validation)
            ?? (current is null ? null : new Term<MeasurementType>(current.MeasurementType, current.MeasurementTypeLabel));
        validation.Check(
            measurement is not null || fields.MeasurementType is not null,
            "measurementType",
            "is required: company-disclosure, third-party-estimate, survey, ranking, or the source's own words (kept as other)");

        var confidence = Read("confidence", fields.Confidence, Terms.ReadConfidence, validation)
            ?? (current is null ? null : new Term<Confidence>(current.Confidence, current.ConfidenceLabel))
            ?? new Term<Confidence>(Confidence.Medium, null);

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
                unit.Kind,
                fields.Bound ?? current?.Bound ?? Bound.Exact,
                observedOn!.Value,
                period,
                measurement!.Kind,
                confidence.Kind,
                source,
                valueAsReported,
                note,
                unit.Label,
                measurement.Label,
                confidence.Label)
            : null;
    }

    /// <summary>A term of an open vocabulary as sent: null when absent, or when not a label (then said so under <paramref name="field"/>).</summary>
    public static TTerm? Read<TTerm>(string field, string? text, Func<string, TTerm> read, Validation validation)
        where TTerm : class
    {
        if (text is null)
        {
            return null;
        }

        if (Labels.Problem(text) is { } problem)
        {
            validation.Add(field, problem);
            return null;
        }

        return read(text);
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
