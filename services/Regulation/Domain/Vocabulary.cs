using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Intelligence.Contracts;

namespace Intelligence.Regulation.Domain;

/// <summary>How a label the source wrote was read.</summary>
public enum LabelFit
{
    /// <summary>The label names the kind itself ("executive order", "law (regulation)").</summary>
    Literal,

    /// <summary>A documented synonym of the kind ("policy paper" is a strategy).</summary>
    Mapped,

    /// <summary>A compound label ("strategy + executive orders") read by its first recognised part.</summary>
    FirstPart,

    /// <summary>No documented mapping covers the label: the kind is <c>other</c> and the label is kept.</summary>
    Other,
}

/// <summary>A label as the source wrote it, the kind it reads as, and how.</summary>
/// <param name="Label">The label, trimmed; kept beside the kind in the stored events.</param>
/// <param name="Reads">The kind as the API writes it ("international-declaration", "adopted (issued)").</param>
/// <param name="Part">For <see cref="LabelFit.FirstPart"/>: the part that was recognised.</param>
public sealed record LabelReading<TKind>(TKind Kind, string Label, LabelFit Fit, string Reads, string? Part = null)
{
    /// <summary>What the import report says about the reading of <paramref name="field"/>; null when it was literal.</summary>
    public string? Note(string field) => Fit switch
    {
        LabelFit.Mapped => $"{field} '{Label}' read as {Reads}",
        LabelFit.FirstPart => $"{field} '{Label}' read as {Reads}: '{Part}' is the first recognised part of the compound label",
        LabelFit.Other => $"{field} '{Label}' normalised: kept as other",
        _ => null,
    };
}

/// <summary>A lifecycle step as an event label reads: the step, with the form of an adoption or the kind of a revocation.</summary>
public sealed record StepKind(LifecycleStep Step, AdoptionForm? Form = null, RevocationKind? Kind = null);

/// <summary>
/// The documented mapping from the labels sources write (instrument types, event types, directions) to the kinds
/// the product knows. It is open: a label no entry covers is never refused but read as <c>other</c> and kept as
/// written, so no sourced fact is lost to a vocabulary. A compound label ("strategy + executive orders",
/// "deregulatory / retargeted") is read by its first recognised part. Labels are compared in lower case with
/// underscores and hyphens read as spaces; text in parentheses qualifies the label and is not part of it
/// ("export control (IFR)" is an export control), except for proposals, where it says what is proposed
/// ("proposal (amending regulation)" is a regulation, proposed, amending another measure).
/// services/Regulation/README.md lists the tables.
/// </summary>
public static partial class Vocabulary
{
    /// <summary>Labels are words, not text: a longer one is kept cut to this length.</summary>
    public const int MaxLabelLength = 200;

    /// <summary>Instrument types: label, kind, and whether the label names the kind itself (no note in the import report).</summary>
    private static readonly FrozenDictionary<string, (InstrumentType Kind, bool Literal)> InstrumentTypes = Table(
    [
        ("law", InstrumentType.Law, true),
        ("act", InstrumentType.Law, true),
        ("state law", InstrumentType.Law, true),
        ("statute", InstrumentType.Law, false),
        ("state bill", InstrumentType.Law, false),
        ("bill", InstrumentType.Law, false),
        ("regulation", InstrumentType.Regulation, true),
        ("rule", InstrumentType.Regulation, false),
        ("executive order", InstrumentType.ExecutiveOrder, true),
        ("executive orders", InstrumentType.ExecutiveOrder, false),
        ("export control", InstrumentType.ExportControl, true),
        ("guidance", InstrumentType.Guidance, true),
        ("guidelines", InstrumentType.Guidance, false),
        ("guideline", InstrumentType.Guidance, false),
        ("recommendation", InstrumentType.Guidance, false),
        ("recommendations", InstrumentType.Guidance, false),
        ("voluntary commitment", InstrumentType.Guidance, false),
        ("code of practice", InstrumentType.Guidance, false),
        ("framework", InstrumentType.Guidance, false),
        ("strategy", InstrumentType.Strategy, true),
        ("national strategy", InstrumentType.Strategy, false),
        ("national ai strategy", InstrumentType.Strategy, false),
        ("action plan", InstrumentType.Strategy, false),
        ("ai action plan", InstrumentType.Strategy, false),
        ("policy paper", InstrumentType.Strategy, false),
        ("white paper", InstrumentType.Strategy, false),
        ("enforcement", InstrumentType.EnforcementAction, true),
        ("enforcement action", InstrumentType.EnforcementAction, true),
        ("funding programme", InstrumentType.FundingProgramme, true),
        ("funding program", InstrumentType.FundingProgramme, true),
        ("international declaration", InstrumentType.InternationalDeclaration, true),
        ("declaration", InstrumentType.InternationalDeclaration, true),
        ("international initiative", InstrumentType.InternationalDeclaration, false),
        ("international plan", InstrumentType.InternationalDeclaration, false),
        ("communiqué", InstrumentType.InternationalDeclaration, false),
        ("communique", InstrumentType.InternationalDeclaration, false),
        ("government directive", InstrumentType.GovernmentDirective, true),
        ("directive", InstrumentType.GovernmentDirective, true),
    ]);

    /// <summary>Labels of an instrument that is only proposed; those naming an amendment propose to amend another measure.</summary>
    private static readonly FrozenDictionary<string, bool> Proposals = new (string Label, bool Amending)[]
    {
        ("proposal", false),
        ("legislative proposal", false),
        ("amending proposal", true),
        ("amendment proposal", true),
        ("proposed amendment", true),
    }.ToFrozenDictionary(p => p.Label, p => p.Amending, StringComparer.Ordinal);

    /// <summary>Event types: label, step, and whether the label names the step (or the adoption's form, or the revocation's kind) itself.</summary>
    private static readonly FrozenDictionary<string, (StepKind Kind, bool Literal)> EventTypes = Table(
    [
        ("proposed", new StepKind(LifecycleStep.Proposed), true),
        ("proposal", new StepKind(LifecycleStep.Proposed), true),
        ("introduced", new StepKind(LifecycleStep.Proposed), false),
        ("draft", new StepKind(LifecycleStep.Proposed), false),
        ("political agreement", new StepKind(LifecycleStep.PoliticallyAgreed), true),
        ("politically agreed", new StepKind(LifecycleStep.PoliticallyAgreed), true),
        ("agreed", new StepKind(LifecycleStep.PoliticallyAgreed), true),
        ("adopted", new StepKind(LifecycleStep.Adopted, AdoptionForm.Adopted), true),
        ("approved", new StepKind(LifecycleStep.Adopted, AdoptionForm.Adopted), false),
        ("signed", new StepKind(LifecycleStep.Adopted, AdoptionForm.Signed), true),
        ("passed", new StepKind(LifecycleStep.Adopted, AdoptionForm.Passed), true),
        ("enacted", new StepKind(LifecycleStep.Adopted, AdoptionForm.Passed), false),
        ("published", new StepKind(LifecycleStep.Adopted, AdoptionForm.Published), true),
        ("promulgated", new StepKind(LifecycleStep.Adopted, AdoptionForm.Published), false),
        ("issued", new StepKind(LifecycleStep.Adopted, AdoptionForm.Issued), true),
        ("announced", new StepKind(LifecycleStep.Adopted, AdoptionForm.Issued), false),
        ("launched", new StepKind(LifecycleStep.Adopted, AdoptionForm.Issued), false),
        ("released", new StepKind(LifecycleStep.Adopted, AdoptionForm.Issued), false),
        ("in force", new StepKind(LifecycleStep.EnteredIntoForce), true),
        ("entered into force", new StepKind(LifecycleStep.EnteredIntoForce), true),
        ("entry into force", new StepKind(LifecycleStep.EnteredIntoForce), true),
        ("effective", new StepKind(LifecycleStep.EnteredIntoForce), true),
        ("applies", new StepKind(LifecycleStep.ApplicationStarted), true),
        ("applies from", new StepKind(LifecycleStep.ApplicationStarted), true),
        ("application", new StepKind(LifecycleStep.ApplicationStarted), true),
        ("application started", new StepKind(LifecycleStep.ApplicationStarted), true),
        ("applicable", new StepKind(LifecycleStep.ApplicationStarted), true),
        ("amended", new StepKind(LifecycleStep.Amended), true),
        ("amendment", new StepKind(LifecycleStep.Amended), true),
        ("amendment proposed", new StepKind(LifecycleStep.AmendmentProposed), true),
        ("proposed amendment", new StepKind(LifecycleStep.AmendmentProposed), false),
        ("amendment proposal", new StepKind(LifecycleStep.AmendmentProposed), false),
        ("suspended", new StepKind(LifecycleStep.Suspended), true),
        ("suspension", new StepKind(LifecycleStep.Suspended), true),
        ("lifted", new StepKind(LifecycleStep.Lifted), true),
        ("resumed", new StepKind(LifecycleStep.Lifted), false),
        ("restored", new StepKind(LifecycleStep.Lifted), false),
        ("revoked", new StepKind(LifecycleStep.Revoked, Kind: RevocationKind.Revoked), true),
        ("rescinded", new StepKind(LifecycleStep.Revoked, Kind: RevocationKind.Rescinded), true),
        ("reversed", new StepKind(LifecycleStep.Revoked, Kind: RevocationKind.Rescinded), false),
        ("withdrawn", new StepKind(LifecycleStep.Revoked, Kind: RevocationKind.Rescinded), false),
        ("repealed", new StepKind(LifecycleStep.Revoked, Kind: RevocationKind.Repealed), true),
        ("vetoed", new StepKind(LifecycleStep.Revoked, Kind: RevocationKind.Vetoed), true),
    ]);

    /// <summary>Directions. A qualified direction ("restrictive (vs Chinese AI)") is a mapped reading, said so in the report.</summary>
    private static readonly FrozenDictionary<string, (Direction Kind, bool Literal)> Directions = Table(
    [
        ("restrictive", Direction.Restrictive, true),
        ("promotional", Direction.Promotional, true),
        ("promotion", Direction.Promotional, false),
        ("promotive", Direction.Promotional, false),
        ("deregulatory", Direction.Deregulatory, true),
        ("deregulation", Direction.Deregulatory, false),
        ("countermeasure", Direction.Countermeasure, true),
        ("retaliatory", Direction.Countermeasure, false),
        ("governance", Direction.Governance, true),
        ("mixed", Direction.Governance, false),
    ]);

    public static LabelReading<InstrumentType> ReadType(string text)
    {
        var label = text.Trim();
        var head = Key(Head(label));
        if (Proposals.ContainsKey(head))
        {
            // What is proposed is said in parentheses: "proposal (amending regulation)" proposes a regulation.
            var proposed = AmendingPrefix().Replace(Key(Qualifier(label)), string.Empty);
            return Find(proposed, InstrumentTypes) is (var kind, _, _)
                ? new LabelReading<InstrumentType>(kind, label, LabelFit.Mapped, Text(kind))
                : Other(label, InstrumentType.Other);
        }

        return Find(head, InstrumentTypes) is (var found, var fit, var part)
            ? new LabelReading<InstrumentType>(found, label, fit, Text(found), part)
            : Other(label, InstrumentType.Other);
    }

    /// <summary>
    /// Whether an instrument type names a proposal, and whether the proposal would amend another measure
    /// ("proposal (amending regulation)", "amending proposal").
    /// </summary>
    public static (bool Proposal, bool Amending) ProposalIn(string text)
    {
        var label = text.Trim();
        return Proposals.TryGetValue(Key(Head(label)), out var amending)
            ? (true, amending || Key(Qualifier(label)).StartsWith("amend", StringComparison.Ordinal))
            : (false, false);
    }

    public static LabelReading<StepKind> ReadStep(string text)
    {
        var label = text.Trim();
        return Find(Key(Head(label)), EventTypes) is (var kind, var fit, var part)
            ? new LabelReading<StepKind>(kind, label, fit, Text(kind), part)
            : Other(label, new StepKind(LifecycleStep.Other));
    }

    public static LabelReading<Direction> ReadDirection(string text)
    {
        var label = text.Trim();
        var head = Key(Head(label));
        if (Find(head, Directions) is not (var kind, var fit, var part))
        {
            return Other(label, Direction.Other);
        }

        var qualified = fit == LabelFit.Literal && Key(label) != head;
        return new LabelReading<Direction>(kind, label, qualified ? LabelFit.Mapped : fit, Text(kind), part);
    }

    /// <summary>A kind in the API's words: "executive-order", "international-declaration".</summary>
    public static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => KebabCase.Name(value);

    private static string Text(StepKind kind) => kind switch
    {
        { Form: { } form } => $"adopted ({Text(form)})",
        { Kind: { } revocation } => Text(revocation),
        _ => Text(kind.Step),
    };

    /// <summary>The whole label when the table has it, else its first part the table has.</summary>
    private static (TKind Kind, LabelFit Fit, string? Part)? Find<TKind>(string key, FrozenDictionary<string, (TKind Kind, bool Literal)> table)
    {
        if (table.TryGetValue(key, out var whole))
        {
            return (whole.Kind, whole.Literal ? LabelFit.Literal : LabelFit.Mapped, null);
        }

        foreach (var part in Separators().Split(key).Select(part => part.Trim()))
        {
            if (table.TryGetValue(part, out var hit))
            {
                return (hit.Kind, LabelFit.FirstPart, part);
            }
        }

        return null;
    }

    private static LabelReading<TKind> Other<TKind>(string label, TKind kind) => new(kind, label, LabelFit.Other, "other");

    private static FrozenDictionary<string, (TKind Kind, bool Literal)> Table<TKind>((string Label, TKind Kind, bool Literal)[] entries) =>
        entries.ToFrozenDictionary(entry => entry.Label, entry => (entry.Kind, entry.Literal), StringComparer.Ordinal);

    /// <summary>"export control (IFR)" is "export control".</summary>
    private static string Head(string label) => label.Split('(')[0];

    /// <summary>"proposal (amending regulation)" is qualified by "amending regulation".</summary>
    private static string Qualifier(string label)
    {
        var open = label.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? string.Empty : label[(open + 1)..].Split(')')[0];
    }

    /// <summary>Lower case, underscores and hyphens as spaces, single spaces: "In_Force" is "in force".</summary>
    private static string Key(string text) => Spaces().Replace(text.Replace('_', ' ').Replace('-', ' ').ToLowerInvariant(), " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Where a compound label joins its parts: "+", "/", ";", ",", "&amp;" or "and".</summary>
    [GeneratedRegex(@"[+/;,&]|\band\b")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^(?:amending|amendment (?:of|to)|amendments to)\s+")]
    private static partial Regex AmendingPrefix();
}
