using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Import;

namespace Intelligence.Adoption.Import;

/// <summary>A row of the adoption file read into an observation, with what had to be normalised on the way.</summary>
public sealed record ReadRow(int Line, RecordObservation Command, IReadOnlyList<string> Normalised);

/// <summary>What a row comes to: an observation, a note (no number to store), or the reason it is refused.</summary>
public sealed record RowReading(ReadRow? Row, ObservationNote? Note, string? Rejection);

/// <summary>
/// Reads a row of the bulk-import format (the columns of the reference <c>adoption.csv</c>). Messy values are
/// normalised where their meaning is clear ("monthly active users (quarter avg)", "China (mobile)", "~700M",
/// "DeepSeek (iOS app)") and said so; a row with no number or a qualitative one becomes a note, never a zero;
/// anything else rejects the row with the reason.
/// </summary>
public static partial class ObservationRow
{
    public static readonly IReadOnlyList<string> RequiredColumns =
        ["obs_id", "product", "organization", "metric", "value", "unit", "region", "date", "measurement_type", "source", "confidence"];

    /// <summary>Metrics as sources name them. Kebab names ("weekly-active-users") are read too.</summary>
    private static readonly Dictionary<string, Metric> MetricNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["weekly active users"] = Metric.WeeklyActiveUsers,
        ["WAU"] = Metric.WeeklyActiveUsers,
        ["monthly active users"] = Metric.MonthlyActiveUsers,
        ["MAU"] = Metric.MonthlyActiveUsers,
        ["registered users"] = Metric.RegisteredUsers,
        ["cumulative registered users"] = Metric.RegisteredUsers,
        ["downloads"] = Metric.CumulativeDownloads,
        ["cumulative downloads"] = Metric.CumulativeDownloads,
        ["app store rank"] = Metric.AppStoreRank,
        ["App Store rank, free apps"] = Metric.AppStoreRank,
        ["share of users"] = Metric.ShareOfUsers,
        ["share of AI users"] = Metric.ShareOfUsers,
        ["market share"] = Metric.ShareOfUsers,
        ["share of working-age population"] = Metric.ShareOfWorkingAgePopulation,
        ["share of working-age population using AI"] = Metric.ShareOfWorkingAgePopulation,
        ["share of tokens"] = Metric.ShareOfTokens,
        ["share of weekly tokens"] = Metric.ShareOfTokens,
    };

    /// <summary>How sources label the way a figure was obtained, read into the four measurement types.</summary>
    private static readonly Dictionary<string, MeasurementType> MeasurementNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["company_disclosure"] = MeasurementType.CompanyDisclosure,
        ["company_telemetry_paper"] = MeasurementType.CompanyDisclosure,
        ["third_party_estimate"] = MeasurementType.ThirdPartyEstimate,
        ["third_party_app_analytics"] = MeasurementType.ThirdPartyEstimate,
        ["third_party_tracker"] = MeasurementType.ThirdPartyEstimate,
        ["third_party_panel"] = MeasurementType.ThirdPartyEstimate,
        ["telemetry_model"] = MeasurementType.ThirdPartyEstimate,
        ["platform_data"] = MeasurementType.ThirdPartyEstimate,
        ["survey"] = MeasurementType.Survey,
        ["ranking"] = MeasurementType.Ranking,
    };

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

        var subjectId = Names.Key(name);
        if (!Names.IsKey(subjectId))
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
            : new Subject(subjectId, name, SubjectKind.Product, Names.Key(organization), organization);

        if (ReadMetric(record["metric"], out var metricQualifier) is not { } metric)
        {
            return Rejected($"metric '{record["metric"]}' is not one of {string.Join(", ", Enum.GetValues<Metric>().Select(Vocabulary.Text))}");
        }

        if (metricQualifier is not null)
        {
            notes.Add($"metric as reported: {record["metric"]}");
            normalised.Add($"metric '{record["metric"]}' read as {Vocabulary.Text(metric)}");
        }

        if (!Vocabulary.TryRead<Unit>(unitText, out var unit))
        {
            return Rejected($"unit '{unitText}' is not users, downloads, rank or percent");
        }

        if (!decimal.TryParse(valueText, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            return Rejected($"value '{valueText}' is not a number");
        }

        if (ObservationRules.Check(metric, unit, value) is [var broken, ..])
        {
            return Rejected($"{broken.Field} {(broken.Field == "unit" ? $"'{unitText}'" : $"{valueText}")} {broken.Rule}");
        }

        var bound = BoundOf(valueAsReported);
        if (bound != Bound.Exact)
        {
            normalised.Add($"value_text '{valueAsReported}' read as {Vocabulary.Text(bound)}");
        }

        var regionText = record["region"];
        if (regions.Read(regionText) is not { } region)
        {
            return Rejected($"region '{regionText}' is not a country, 'global' or a known grouping");
        }

        if (region.Aliased)
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
        if (!MeasurementNames.TryGetValue(measurementText, out var measurement) && !Vocabulary.TryRead(measurementText, out measurement))
        {
            return Rejected($"measurement_type '{measurementText}' is not a company disclosure, a third-party estimate, a survey or a ranking");
        }

        if (metric == Metric.AppStoreRank && measurement != MeasurementType.Ranking)
        {
            measurement = MeasurementType.Ranking;
        }

        if (!measurementText.Equals(Vocabulary.Text(measurement).Replace('-', '_'), StringComparison.OrdinalIgnoreCase))
        {
            normalised.Add($"measurement_type '{measurementText}' read as {Vocabulary.Text(measurement)}");
        }

        if (!Vocabulary.TryRead<Confidence>(record["confidence"], out var confidence))
        {
            return Rejected($"confidence '{record["confidence"]}' is not high, medium or low");
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
        var observation = new Observation(id, value, unit, bound, observedOn, period, measurement, confidence, source, valueAsReported, note);
        return new RowReading(new ReadRow(record.Line, new RecordObservation(new SeriesKey(subject, metric, region.Region.Code), observation), normalised), null, null);
    }

    internal static Metric? ReadMetric(string text, out string? qualifier)
    {
        qualifier = null;
        if (MetricNames.TryGetValue(text, out var metric) || Vocabulary.TryRead(text, out metric))
        {
            return metric;
        }

        var (bare, inParentheses) = Unqualified(text);
        qualifier = inParentheses;
        return inParentheses is not null && MetricNames.TryGetValue(bare, out metric) ? metric : null;
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
