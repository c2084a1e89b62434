using System.Globalization;
using System.Text.RegularExpressions;
using Intelligence.Contracts;
using Intelligence.Platform.Import;
using Intelligence.Regulation.Domain;

namespace Intelligence.Regulation.Import;

/// <summary>One row of the file read into a lifecycle fact of a measure, with what had to be normalised on the way.</summary>
/// <param name="TypeLabel">The instrument type as the row words it; null when the row leaves it empty.</param>
/// <param name="Targets">The tags this row's text names; a measure's targets are the union over its rows.</param>
/// <param name="DirectionLabel">The direction as the row words it; null when the row leaves it empty.</param>
/// <param name="EffectiveFrom">An entry-into-force date the row's related_dates state ("effective 2023-11-17").</param>
/// <param name="Amends">
/// The measure this row's proposal would amend (its related_instrument_id), when the row is an amending proposal. The
/// row is then read as the proposal's own <see cref="LifecycleStep.Proposed"/> step; the importer records it on the
/// amended measure instead when that measure is known.
/// </param>
public sealed record ReadRow(
    int Line,
    string MeasureId,
    string Title,
    string Jurisdiction,
    InstrumentType Type,
    string? TypeLabel,
    IReadOnlyList<string> Targets,
    Direction Direction,
    string? DirectionLabel,
    TimelineEntry Fact,
    DateOnly? EffectiveFrom,
    IReadOnlyList<string> Normalised,
    string? Amends = null) : IImportRow
{
    /// <summary>The row as the step it is on the measure it amends: that measure's pending amendment, by this proposal.</summary>
    public ReadRow AsAmendmentProposal() => this with
    {
        MeasureId = Amends!,
        Fact = new TimelineEntry(
            LifecycleStep.AmendmentProposed, Fact.On, Fact.Source, Fact.Note, LinkedMeasureId: MeasureId, StepLabel: Fact.StepLabel, LinkedTitle: Title),
        Amends = null,
        IsAmendmentProposal = true,
    };

    /// <summary>Whether the row is recorded on another measure's stream, as a proposal to amend it.</summary>
    public bool IsAmendmentProposal { get; private init; }
}

/// <summary>
/// Reads a row of the bulk-import format (the columns of the reference <c>regulations.csv</c>: one row per
/// lifecycle event, grouped by <c>instrument_id</c>). Jurisdictions are normalised where their meaning is clear;
/// instrument types, event types and directions are read through the open <see cref="Vocabulary"/>: a label it does
/// not cover is kept as <c>other</c> with its words, never refused. Every reading that is not literal is said in the
/// row's notes; target tags are read from the free text. A row is refused only when it is unusable: no usable id,
/// no title, no place (jurisdiction), no date, no source, or an amendment that does not say by what.
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
        var id = Slugs.From(instrument);
        if (!Slugs.IsValid(id))
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
            // A measure's place is what its in-force, divergence and bloc answers are computed by: a row naming no
            // single known place cannot be put anywhere without misplacing it.
            return (null, $"jurisdiction '{record["jurisdiction"]}': {jurisdictionError}; a measure needs one place (an ISO 3166 country or subdivision, EU or INTL) for its in-force, divergence and bloc answers");
        }

        if (record["jurisdiction"].Contains('(', StringComparison.Ordinal) || jurisdiction == Jurisdictions.International && record["jurisdiction"] != jurisdiction)
        {
            normalised.Add($"jurisdiction '{record["jurisdiction"]}' read as {jurisdiction}");
        }

        if (!DateOnly.TryParseExact(record["event_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
        {
            return (null, $"event_date '{record["event_date"]}' is not a date (yyyy-MM-dd)");
        }

        if (on.Year < 1900 || on > today.AddYears(10))
        {
            return (null, $"event_date {on:yyyy-MM-dd} is before 1900 or more than 10 years ahead");
        }

        var source = record["source"];
        if (source.Length is 0 or > 1000)
        {
            return (null, "source is empty or longer than 1000 characters: every fact needs one");
        }

        var type = Vocabulary.ReadType(Label(record["instrument_type"], "instrument_type", normalised));
        Noted(type.Note("instrument_type"), normalised);
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        var direction = ReadDirection(Label(record["direction"], "direction", normalised), targets, normalised);
        var linked = record["related_instrument_id"].Length > 0 ? Slugs.From(record["related_instrument_id"]) : null;
        var (step, amends) = ReadStep(Label(record["event_type"], "event_type", normalised), type.Label, id, linked, normalised);
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
            LinkedMeasureId: step.Step is LifecycleStep.Amended or LifecycleStep.Revoked ? linked : null,
            StepLabel: Stated(record["event_type"]));
        return (new ReadRow(
            record.Line, id, title, jurisdiction, type.Kind, Stated(type.Label), [.. targets], direction.Kind, Stated(direction.Label), fact, EffectiveFrom(related), normalised, amends), null);
    }

    /// <summary>
    /// The instrument types that take effect when they are adopted (signed, issued, published). A law or regulation
    /// has its own entry into force, and of an instrument of another kind nothing is known to infer from.
    /// </summary>
    public static bool EffectiveOnAdoption(InstrumentType type) => type is not (InstrumentType.Law or InstrumentType.Regulation or InstrumentType.Other);

    /// <summary>
    /// The event's step. A proposal's publication or adoption proposes it; a proposal amending another measure
    /// (by its type, or an event "amendment proposed") is the proposal's own proposed step, and names the measure it
    /// amends when related_instrument_id does (<paramref name="linked"/>, not the row's own id).
    /// </summary>
    internal static (StepKind Step, string? Amends) ReadStep(string eventType, string instrumentType, string id, string? linked, List<string> normalised)
    {
        var reading = Vocabulary.ReadStep(eventType);
        var (proposal, amending) = Vocabulary.ProposalIn(instrumentType);
        var step = reading.Kind;
        if (proposal && step.Step == LifecycleStep.Adopted)
        {
            normalised.Add($"event_type '{reading.Label}' read as proposed: instrument_type '{instrumentType}' is a proposal");
            step = new StepKind(LifecycleStep.Proposed);
        }
        else
        {
            Noted(reading.Note("event_type"), normalised);
        }

        if (step.Step != LifecycleStep.AmendmentProposed && !(amending && step.Step == LifecycleStep.Proposed))
        {
            return (step, null);
        }

        if (linked is null || linked == id || !Slugs.IsValid(linked))
        {
            normalised.Add("an amending proposal without related_instrument_id naming the measure it amends: kept as its own measure, proposed");
            return (new StepKind(LifecycleStep.Proposed), null);
        }

        return (new StepKind(LifecycleStep.Proposed), linked);
    }

    internal static LabelReading<Direction> ReadDirection(string text, ISet<string> targets, List<string> normalised)
    {
        var reading = Vocabulary.ReadDirection(text);
        var lower = reading.Label.ToLowerInvariant();
        if (reading.Kind != Direction.Other && (lower.Contains("vs chinese ai", StringComparison.Ordinal) || lower.Contains("vs foreign", StringComparison.Ordinal)))
        {
            targets.Add("foreign-ai-apps");
            normalised.Add($"{reading.Note("direction")}, targeting foreign-ai-apps");
        }
        else
        {
            Noted(reading.Note("direction"), normalised);
        }

        return reading;
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

    /// <summary>A label kept to <see cref="Vocabulary.MaxLabelLength"/> characters: a longer one is free text in the wrong column.</summary>
    private static string Label(string text, string column, List<string> normalised)
    {
        var label = text.Trim();
        if (label.Length <= Vocabulary.MaxLabelLength)
        {
            return label;
        }

        normalised.Add($"{column} is longer than {Vocabulary.MaxLabelLength} characters: its first {Vocabulary.MaxLabelLength} are kept");
        return label[..Vocabulary.MaxLabelLength];
    }

    /// <summary>The label as stored: null when the row left it empty.</summary>
    private static string? Stated(string label) => label.Trim() is { Length: > 0 } text ? text[..Math.Min(text.Length, Vocabulary.MaxLabelLength)] : null;

    private static void Noted(string? note, List<string> normalised)
    {
        if (note is not null)
        {
            normalised.Add(note);
        }
    }

    /// <summary>Separators between words; keeps hyphens and apostrophes inside words ("high-risk", "users' data").</summary>
    [GeneratedRegex(@"[^a-z0-9\-']+")]
    private static partial Regex Words();

    [GeneratedRegex(@"(?<!original\s)(?:effective|entry into force|enters into force|in force from)\s+(?:on\s+|from\s+)?(?<date>\d{4}-\d{2}-\d{2})", RegexOptions.IgnoreCase)]
    private static partial Regex Effective();
}
