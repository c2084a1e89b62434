using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Regions;
using Intelligence.Contracts;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Import;

namespace Intelligence.Adoption.Import;

/// <summary>A row of the adoption file read into an observation, with what had to be normalised on the way.</summary>
public sealed record ReadRow(int Line, RecordObservation Command, IReadOnlyList<string> Normalised) : IImportRow;

/// <summary>What a row comes to: an observation, a note (no number to store), or the reason it is refused.</summary>
public sealed record RowReading(ReadRow? Row, ObservationNote? Note, string? Rejection);

/// <summary>
/// Reads a row of the bulk-import format (the columns of the reference <c>adoption.csv</c>). Messy values are
/// normalised where their meaning is clear ("monthly active users (quarter avg)", "China (mobile)", "~700M",
/// "DeepSeek (iOS app)") and said so; a metric, unit, region, measurement type or confidence no documented mapping
/// covers (<see cref="Terms"/>, <see cref="RegionCatalog"/>) is kept as other with its label, and said so; a row with
/// no number or a qualitative one becomes a note, never a zero. Only what leaves no usable fact rejects the row, with
/// the reason: no subject, metric or region to file it under, a number that is none or breaks its unit, no date, no
/// source.
/// </summary>
public static partial class ObservationRow
{
    public static readonly IReadOnlyList<string> RequiredColumns =
        ["obs_id", "product", "organization", "metric", "value", "unit", "region", "date", "measurement_type", "source", "confidence"];

    private static readonly HashSet<string> NoOrganization = new(StringComparer.OrdinalIgnoreCase) { string.Empty, "various", "n/a", "none" };

    public static RowReading Read(CsvRecord record, RegionCatalog regions, DateOnly today)
    {
        if (record.Error is not null)
        {
            return Rejected(record.Error);
        }

        var normalised = new List<string>();
        var notes = new List<string>();
        var product = record["product"];
        if (product.Length == 0)
        {
            return Rejected("product is empty");
        }

        var id = record["obs_id"];
        if (id.Length == 0)
        {
            // Derived from what identifies the fact, so a re-import of the same row finds the same observation.
            id = "obs-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join('|', product, record["metric"], record["region"], record["date"], record["source"]))))[..16];
            normalised.Add($"obs_id is empty: the row is {id}");
        }
        else if (!ObservationRules.IsObservationId(id))
        {
            return Rejected($"obs_id '{id}' must be letters, digits, '.', '_' or '-', at most 100");
        }

        var valueText = record["value"];
        var unitText = record["unit"];
        var valueAsReported = record["value_text"] is { Length: > 0 } reported ? reported : null;
        if (valueText.Length == 0 || unitText.Equals("qualitative", StringComparison.OrdinalIgnoreCase))
        {
            var qualitative = unitText.Equals("qualitative", StringComparison.OrdinalIgnoreCase);
            var why = (valueText.Length == 0, qualitative) switch
            {
                (true, true) => "value is empty and the observation is qualitative",
                (true, false) => "value is empty",
                _ => "the observation is qualitative",
            };
            var reason = $"{why} ('{valueAsReported ?? "no text"}'): kept as note {id}, not stored as a number";
            return new RowReading(null, NoteOf(record, id, reason), reason);
        }

        var (name, productQualifier) = Unqualified(product);
        if (productQualifier is not null)
        {
            notes.Add($"product as reported: {product}");
            normalised.Add($"product '{product}' read as subject '{name}'");
        }

        var subjectId = Slugs.From(name);
        if (!Slugs.IsValid(subjectId))
        {
            return Rejected($"product '{product}' gives no usable subject id");
        }

        var organization = record["organization"];
        var aggregate = NoOrganization.Contains(organization)
            || productQualifier is { } q && (q.Contains("aggregate", StringComparison.OrdinalIgnoreCase) || q.Equals("any", StringComparison.OrdinalIgnoreCase));
        if (aggregate && organization.Length > 0)
        {
            normalised.Add($"organization '{organization}': '{name}' is an aggregate of several organizations");
        }

        var subject = aggregate
            ? new Subject(subjectId, name, SubjectKind.Aggregate, null, null)
            : new Subject(subjectId, name, SubjectKind.Product, Slugs.From(organization), organization);

        var metricText = record["metric"];
        if (Labels.Problem(metricText) is { } badMetric)
        {
            return Rejected($"metric '{metricText}' {badMetric}: a series is a subject's metric in a region");
        }

        var metric = Terms.ReadMetric(metricText);
        if (metric.Kind == Metric.Other)
        {
            normalised.Add($"metric '{metric.Label}' normalised: kept as other");
        }
        else if (metric.Qualifier is not null)
        {
            notes.Add($"metric as reported: {metricText}");
            normalised.Add($"metric '{metricText}' read as {Vocabulary.Text(metric.Kind)}");
        }
        else if (!Terms.IsOwnName(metric.Kind, metricText))
        {
            normalised.Add($"metric '{metricText}' read as {Vocabulary.Text(metric.Kind)}");
        }

        Term<Unit> unit;
        if (unitText.Length == 0)
        {
            unit = Metrics.UnitOf(metric.Kind) is { } own ? new Term<Unit>(own, null) : new Term<Unit>(Unit.Other, null);
            normalised.Add(unit.Kind == Unit.Other ? "unit is empty: kept as other" : $"unit is empty: read as {Vocabulary.Text(unit.Kind)}, the unit of {Vocabulary.Text(metric.Kind)}");
        }
        else if (Labels.Problem(unitText) is { } badUnit)
        {
            return Rejected($"unit '{unitText}' {badUnit}");
        }
        else
        {
            unit = Terms.ReadUnit(unitText);
            if (unit.Kind == Unit.Other)
            {
                normalised.Add($"unit '{unit.Label}' normalised: kept as other");
            }
            else if (!Terms.IsOwnName(unit.Kind, unitText))
            {
                normalised.Add($"unit '{unitText}' read as {Vocabulary.Text(unit.Kind)}");
            }
        }

        if (!decimal.TryParse(valueText, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            return Rejected($"value '{valueText}' is not a number");
        }

        if (ObservationRules.Check(metric.Kind, unit.Kind, value) is [var broken, ..])
        {
            return Rejected($"{broken.Field} {(broken.Field == "unit" ? $"'{unitText}'" : $"{valueText}")} {broken.Rule}");
        }

        var bound = BoundOf(valueAsReported);
        if (bound != Bound.Exact)
        {
            normalised.Add($"value_text '{valueAsReported}' read as {Vocabulary.Text(bound)}");
        }

        var regionText = record["region"];
        if (Labels.Problem(regionText) is { } badRegion)
        {
            return Rejected($"region '{regionText}' {badRegion}: a series is a subject's metric in a region ('global' when worldwide)");
        }

        var region = regions.Read(regionText)!;

        if (region.Region.Kind == RegionKind.Other)
        {
            normalised.Add($"region '{region.Region.Name}' normalised: kept as other");
        }
        else if (region.Aliased)
        {
            normalised.Add($"region '{regionText}' read as {region.Region.Code}");
        }

        if (region.Qualifier is not null)
        {
            notes.Add($"region as reported: {regionText}");
        }

        if (!DateOnly.TryParseExact(record["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var observedOn))
        {
            return Rejected($"date '{record["date"]}' is not a date (yyyy-MM-dd)");
        }

        if (observedOn > today)
        {
            return Rejected($"date {observedOn:yyyy-MM-dd} is in the future: an observation describes what was");
        }

        var measurementText = record["measurement_type"];
        Term<MeasurementType> measurement;
        if (metric.Kind == Metric.AppStoreRank)
        {
            // An app-store rank is a ranking, whatever the source says of how it was got.
            measurement = new Term<MeasurementType>(MeasurementType.Ranking, null);
            if (!Terms.IsOwnName(MeasurementType.Ranking, measurementText))
            {
                normalised.Add($"measurement_type '{measurementText}' read as {Vocabulary.Text(MeasurementType.Ranking)}");
            }
        }
        else if (ReadTerm("measurement_type", measurementText, Terms.ReadMeasurementType, MeasurementType.Other, normalised) is { } read)
        {
            measurement = read;
        }
        else
        {
            return Rejected($"measurement_type '{measurementText}' {Labels.Problem(measurementText)}");
        }

        if (ReadTerm("confidence", record["confidence"], Terms.ReadConfidence, Confidence.Other, normalised) is not { } confidence)
        {
            return Rejected($"confidence '{record["confidence"]}' {Labels.Problem(record["confidence"])}");
        }

        var source = record["source"];
        if (source.Length == 0)
        {
            return Rejected("source is empty: every fact needs one");
        }

        if (record["notes"] is { Length: > 0 } rowNote)
        {
            notes.Insert(0, rowNote);
        }

        var note = notes.Count == 0 ? null : string.Join("; ", notes);
        var period = record["period"] is { Length: > 0 } p ? p : null;
        var observation = new Observation(
            id, value, unit.Kind, bound, observedOn, period, measurement.Kind, confidence.Kind, source, valueAsReported, note, unit.Label, measurement.Label, confidence.Label);
        var key = new SeriesKey(subject, metric.Kind, region.Region.Code, metric.Label, region.Region.Label);
        return new RowReading(new ReadRow(record.Line, new RecordObservation(key, observation), normalised), null, null);
    }

    /// <summary>
    /// A measurement type or confidence as the row states it: a known kind, or other with the label (other without
    /// one when the cell is empty), each said in the report; null when the text cannot be a label.
    /// </summary>
    private static Term<TKind>? ReadTerm<TKind>(string column, string text, Func<string, Term<TKind>> read, TKind other, List<string> normalised)
        where TKind : struct, Enum
    {
        if (text.Trim().Length == 0)
        {
            normalised.Add($"{column} is empty: kept as other");
            return new Term<TKind>(other, null);
        }

        if (Labels.Problem(text) is not null)
        {
            return null;
        }

        var term = read(text);
        if (term.Label is not null)
        {
            normalised.Add($"{column} '{term.Label}' normalised: kept as other");
        }
        else if (!Terms.IsOwnName(term.Kind, text))
        {
            normalised.Add($"{column} '{text}' read as {Vocabulary.Text(term.Kind)}");
        }

        return term;
    }

    /// <summary>"~700M" is approximate, "400M+" and "&gt;1B" at least, "&lt;1.2%" at most.</summary>
    internal static Bound BoundOf(string? valueText)
    {
        var text = valueText?.Trim() ?? string.Empty;
        if (text.StartsWith('<') || text.StartsWith('≤'))
        {
            return Bound.AtMost;
        }

        if (text.StartsWith('>') || text.StartsWith('≥') || FirstFigure().Match(text) is { Success: true } figure && figure.Value.EndsWith('+'))
        {
            return Bound.AtLeast;
        }

        return text.StartsWith('~') || text.StartsWith('≈') || text.StartsWith("about", StringComparison.OrdinalIgnoreCase) ? Bound.Approximate : Bound.Exact;
    }

    private static (string Name, string? Qualifier) Unqualified(string text)
    {
        var match = Parenthetical().Match(text);
        return match.Success ? (Parenthetical().Replace(text, " ").Trim(), match.Groups[1].Value.Trim()) : (text, null);
    }

    private static ObservationNote NoteOf(CsvRecord record, string id, string reason) => new(
        id,
        record["product"],
        record["organization"] is { Length: > 0 } organization ? organization : null,
        record["metric"],
        record["region"],
        DateOnly.TryParseExact(record["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
        record["period"] is { Length: > 0 } period ? period : null,
        record["value_text"],
        record["notes"] is { Length: > 0 } notes ? notes : null,
        record["source"],
        record["confidence"] is { Length: > 0 } confidence ? confidence : null,
        reason);

    private static RowReading Rejected(string reason) => new(null, null, reason);

    [GeneratedRegex(@"\s*\((.*?)\)\s*")]
    private static partial Regex Parenthetical();

    /// <summary>The leading figure of a value text with what follows it directly: "400M+" in "400M+ (I/O)".</summary>
    [GeneratedRegex(@"^[~≈]?\s*[\d.,]+\s*[A-Za-z%]*\+?")]
    private static partial Regex FirstFigure();
}
