using System.Globalization;
using System.Text.RegularExpressions;
using Intelligence.Platform.Import;
using Intelligence.Regulation.Domain;

namespace Intelligence.Regulation.Import;

/// <summary>One row of the file read into a lifecycle fact of a measure, with what had to be normalised on the way.</summary>
/// <param name="Targets">The tags this row's text names; a measure's targets are the union over its rows.</param>
/// <param name="EffectiveFrom">An entry-into-force date the row's related_dates state ("effective 2023-11-17").</param>
public sealed record ReadRow(
    int Line,
    string MeasureId,
    string Title,
    string Jurisdiction,
    InstrumentType Type,
    IReadOnlyList<string> Targets,
    Direction Direction,
    TimelineEntry Fact,
    DateOnly? EffectiveFrom,
    IReadOnlyList<string> Normalised);

/// <summary>
/// Reads a row of the bulk-import format (the columns of the reference <c>regulations.csv</c>: one row per
/// lifecycle event, grouped by <c>instrument_id</c>). Jurisdictions, instrument types, event types and directions
/// are normalised where their meaning is clear, and said so when the reading is not literal; target tags are read
/// from the free text. Anything else rejects the row with its reason.
/// </summary>
public static partial class RegulationRow
{
    public const string FallbackTarget = "ai-systems";

    public static readonly IReadOnlyList<string> RequiredColumns =
        ["instrument_id", "jurisdiction", "title", "instrument_type", "event_type", "event_date", "direction", "source"];

    private static readonly (string Tag, string[] Keywords)[] TargetKeywords =
    [
        ("frontier-models", ["frontier", "foundation model", "foundation models", "gpai", "general-purpose"]),
        ("generative-ai-services", ["generative", "genai", "gpai", "deep synthesis", "chatgpt", "deepseek", "chatbot"]),
        ("chips-and-hardware", ["chip", "chips", "semiconductor", "sme", "hbm", "accelerator", "accelerators", "gpu", "compute", "a100-class"]),
        ("data-protection", ["data protection", "personal data", "privacy", "users' data"]),
        ("deepfakes-and-labelling", ["deepfake", "deepfakes", "deep synthesis", "labeling", "labelling", "watermarking", "watermark"]),
        ("open-source", ["open source", "open-source", "open weights", "open-weight"]),
        ("model-weights", ["model weights"]),
        ("critical-minerals", ["gallium", "germanium", "antimony", "critical minerals", "minerals"]),
        ("high-risk-ai", ["high-risk", "high risk", "high-impact", "consequential decisions"]),
        ("public-sector", ["government devices", "government agencies", "government systems", "public sector"]),
    ];

    /// <summary>Apps of a foreign (usually Chinese) provider: read from the title, where bans name them.</summary>
    private static readonly string[] ForeignApps = ["deepseek", "chatgpt", "tiktok", "foreign ai"];

    /// <summary>The row as a fact, or the reason it cannot be one.</summary>
    public static (ReadRow? Row, string? Rejection) Read(CsvRecord record, JurisdictionNames jurisdictions, DateOnly today)
    {
        if (record.Error is not null)
        {
            return (null, record.Error);
        }

        var normalised = new List<string>();
        var instrument = record["instrument_id"];
        var id = IdFrom(instrument);
        if (!MeasureId.IsValid(id))
        {
            return (null, $"instrument_id '{instrument}' gives no usable measure id");
        }

        var title = record["title"];
        if (title.Length is 0 or > 300)
        {
            return (null, "title is empty or longer than 300 characters");
        }

        var (jurisdiction, jurisdictionError) = jurisdictions.Read(record["jurisdiction"]);
        if (jurisdiction is null)
        {
            return (null, $"jurisdiction '{record["jurisdiction"]}': {jurisdictionError}");
        }

        if (record["jurisdiction"].Contains('(', StringComparison.Ordinal) || jurisdiction == Jurisdictions.International && record["jurisdiction"] != jurisdiction)
        {
            normalised.Add($"jurisdiction '{record["jurisdiction"]}' read as {jurisdiction}");
        }

        if (ReadType(record["instrument_type"], normalised) is not { } type)
        {
            return (null, $"instrument_type '{record["instrument_type"]}' is not a known kind of instrument");
        }

        if (ReadStep(record["event_type"], normalised) is not { } step)
        {
            return (null, $"event_type '{record["event_type"]}' is not a known lifecycle step");
        }

        if (!DateOnly.TryParseExact(record["event_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
        {
            return (null, $"event_date '{record["event_date"]}' is not a date (yyyy-MM-dd)");
        }

        if (on.Year < 1900 || on > today.AddYears(10))
        {
            return (null, $"event_date {on:yyyy-MM-dd} is before 1900 or more than 10 years ahead");
        }

        var targets = new SortedSet<string>(StringComparer.Ordinal);
        if (ReadDirection(record["direction"], targets, normalised) is not { } direction)
        {
            return (null, $"direction '{record["direction"]}' is not restrictive, promotional, deregulatory, countermeasure or governance");
        }

        var source = record["source"];
        if (source.Length is 0 or > 1000)
        {
            return (null, "source is empty or longer than 1000 characters: every fact needs one");
        }

        var linked = record["related_instrument_id"].Length > 0 ? IdFrom(record["related_instrument_id"]) : null;
        if (step.Step == LifecycleStep.Amended && linked is null)
        {
            return (null, "an amendment needs related_instrument_id: the id of the amending measure");
        }

        ReadTargets($"{title} {record["target_scope"]} {record["instrument_type"]}", title, targets);
        var related = record["related_dates"];
        var fact = new TimelineEntry(
            step.Step,
            on,
            source,
            Note: related.Length > 0 ? $"related: {related}" : null,
            Form: step.Form,
            Stage: step.Step == LifecycleStep.ApplicationStarted ? title : null,
            Kind: step.Kind,
            LinkedMeasureId: step.Step is LifecycleStep.Amended or LifecycleStep.Revoked ? linked : null);
        return (new ReadRow(record.Line, id, title, jurisdiction, type, [.. targets], direction, fact, EffectiveFrom(related), normalised), null);
    }

    /// <summary>"US-EO14110" becomes "us-eo14110".</summary>
    public static string IdFrom(string text) => NotSlug().Replace(text.Trim().ToLowerInvariant(), "-").Trim('-');

    /// <summary>The instrument types that take effect when they are adopted (signed, issued, published).</summary>
    public static bool EffectiveOnAdoption(InstrumentType type) => type is not (InstrumentType.Law or InstrumentType.Regulation);

    internal static InstrumentType? ReadType(string text, List<string> normalised)
    {
        var head = Head(text);
        InstrumentType? type = head switch
        {
            "law" or "act" or "statute" => InstrumentType.Law,
            "state law" or "state bill" or "bill" => InstrumentType.Law,
            "regulation" or "rule" => InstrumentType.Regulation,
            "executive order" => InstrumentType.ExecutiveOrder,
            "export control" => InstrumentType.ExportControl,
            "guidance" or "voluntary commitment" or "code of practice" or "framework" => InstrumentType.Guidance,
            "strategy" or "policy paper" or "white paper" or "action plan" => InstrumentType.Strategy,
            "enforcement" or "enforcement action" => InstrumentType.EnforcementAction,
            "funding programme" or "funding program" => InstrumentType.FundingProgramme,
            "international declaration" or "declaration" => InstrumentType.InternationalDeclaration,
            "government directive" or "directive" => InstrumentType.GovernmentDirective,
            _ => null,
        };
        if (type is { } known && head is "state bill" or "bill" or "voluntary commitment" or "code of practice" or "framework" or "policy paper" or "white paper" or "action plan" or "rule" or "statute")
        {
            normalised.Add($"instrument_type '{text}' read as {Integration.PublishedEvents.Text(known)}");
        }

        return type;
    }

    internal static (LifecycleStep Step, AdoptionForm? Form, RevocationKind? Kind)? ReadStep(string text, List<string> normalised)
    {
        var word = Head(text);
        (LifecycleStep, AdoptionForm?, RevocationKind?)? step = word switch
        {
            "proposed" or "proposal" or "introduced" or "draft" => (LifecycleStep.Proposed, null, null),
            "political agreement" or "politically agreed" or "agreed" => (LifecycleStep.PoliticallyAgreed, null, null),
            "adopted" or "approved" => (LifecycleStep.Adopted, AdoptionForm.Adopted, null),
            "signed" => (LifecycleStep.Adopted, AdoptionForm.Signed, null),
            "passed" or "enacted" => (LifecycleStep.Adopted, AdoptionForm.Passed, null),
            "published" or "promulgated" => (LifecycleStep.Adopted, AdoptionForm.Published, null),
            "issued" or "announced" => (LifecycleStep.Adopted, AdoptionForm.Issued, null),
            "in force" or "entered into force" or "entry into force" or "effective" => (LifecycleStep.EnteredIntoForce, null, null),
            "applies" or "applies from" or "application" or "application started" or "applicable" => (LifecycleStep.ApplicationStarted, null, null),
            "amended" or "amendment" => (LifecycleStep.Amended, null, null),
            "suspended" or "suspension" => (LifecycleStep.Suspended, null, null),
            "lifted" or "resumed" or "restored" => (LifecycleStep.Lifted, null, null),
            "revoked" => (LifecycleStep.Revoked, null, RevocationKind.Revoked),
            "rescinded" or "reversed" or "withdrawn" => (LifecycleStep.Revoked, null, RevocationKind.Rescinded),
            "repealed" => (LifecycleStep.Revoked, null, RevocationKind.Repealed),
            "vetoed" => (LifecycleStep.Revoked, null, RevocationKind.Vetoed),
            _ => null,
        };
        if (step is var (s, form, kind) && word is "approved" or "enacted" or "promulgated" or "announced" or "reversed" or "withdrawn" or "resumed" or "restored" or "introduced" or "draft")
        {
            var reading = form is { } f ? $"adopted ({Integration.PublishedEvents.Text(f)})" : kind is { } k ? Integration.PublishedEvents.Text(k) : MeasureDecider.Name(s);
            normalised.Add($"event_type '{text}' read as {reading}");
        }

        return step;
    }

    internal static Direction? ReadDirection(string text, ISet<string> targets, List<string> normalised)
    {
        var lower = text.Trim().ToLowerInvariant();
        var head = lower.Split('(', '/', ';')[0].Trim();
        Direction? direction = head switch
        {
            "restrictive" => Direction.Restrictive,
            "promotional" or "promotion" or "promotive" => Direction.Promotional,
            "deregulatory" or "deregulation" => Direction.Deregulatory,
            "countermeasure" or "retaliatory" => Direction.Countermeasure,
            "governance" or "mixed" => Direction.Governance,
            _ => null,
        };
        if (direction is not { } known || head == lower)
        {
            return direction;
        }

        if (lower.Contains("vs chinese ai", StringComparison.Ordinal) || lower.Contains("vs foreign", StringComparison.Ordinal))
        {
            targets.Add("foreign-ai-apps");
            normalised.Add($"direction '{text}' read as {Integration.PublishedEvents.Text(known)}, targeting foreign-ai-apps");
        }
        else
        {
            normalised.Add($"direction '{text}' read as {Integration.PublishedEvents.Text(known)}");
        }

        return direction;
    }

    internal static void ReadTargets(string text, string title, ISet<string> targets)
    {
        var words = $" {Words().Replace(text.ToLowerInvariant(), " ")} ";
        foreach (var (tag, keywords) in TargetKeywords)
        {
            if (keywords.Any(keyword => words.Contains($" {keyword} ", StringComparison.Ordinal)))
            {
                targets.Add(tag);
            }
        }

        var titleWords = $" {Words().Replace(title.ToLowerInvariant(), " ")} ";
        if (ForeignApps.Any(app => titleWords.Contains($" {app} ", StringComparison.Ordinal)))
        {
            targets.Add("foreign-ai-apps");
        }
    }

    /// <summary>An entry into force stated in related_dates ("effective 2023-11-17", "entry into force 2024-08-01"), not an "original" one.</summary>
    internal static DateOnly? EffectiveFrom(string related)
    {
        var match = Effective().Match(related);
        return match.Success && DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>"export control (IFR)" is "export control"; "in_force" is "in force".</summary>
    private static string Head(string text) =>
        text.Split('(')[0].Replace('_', ' ').Replace('-', ' ').Trim().ToLowerInvariant();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    /// <summary>Separators between words; keeps hyphens and apostrophes inside words ("high-risk", "users' data").</summary>
    [GeneratedRegex(@"[^a-z0-9\-']+")]
    private static partial Regex Words();

    [GeneratedRegex(@"(?<!original\s)(?:effective|entry into force|enters into force|in force from)\s+(?:on\s+|from\s+)?(?<date>\d{4}-\d{2}-\d{2})", RegexOptions.IgnoreCase)]
    private static partial Regex Effective();
}
