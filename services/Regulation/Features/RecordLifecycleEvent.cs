using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>POST /measures/{id}/{step}</c>: record one lifecycle step of a measure (proposal, political-agreement,
/// adoption, entry-into-force, application, amendment, suspension, lifting, revocation, amendment-proposal, or
/// other-step for an event no step names). The first step of any kind creates the measure and must carry
/// <c>measure</c> (what it is); later steps ignore it. Vocabularies are open as in the import: a type or direction
/// may be given as the source words it (<c>typeLabel</c>, <c>directionLabel</c>), read through the documented
/// <see cref="Vocabulary"/> when no kind is given, and kept beside the kind. The state machine answers a step it
/// refuses with <c>409</c> naming the rule; the same step on the same date again stores nothing.
/// </summary>
public static class RecordLifecycleEvent
{
    /// <summary>What the measure is; required with its first lifecycle step.</summary>
    /// <param name="Type">The kind of instrument; may be left out when <paramref name="TypeLabel"/> is given (it is then read from the label, other when no mapping covers it).</param>
    /// <param name="TypeLabel">The instrument type as the source words it ("strategy + executive orders"); required when the type is other.</param>
    /// <param name="Direction">The kind of direction; may be left out when <paramref name="DirectionLabel"/> is given.</param>
    /// <param name="DirectionLabel">The direction as the source words it; required when the direction is other.</param>
    public sealed record MeasureRequest(
        string? Title,
        string? Jurisdiction,
        InstrumentType? Type,
        IReadOnlyList<string>? Targets,
        Direction? Direction,
        string? TypeLabel = null,
        string? DirectionLabel = null);

    /// <param name="Date">The day the step took effect (yyyy-MM-dd); may be ahead for a scheduled step.</param>
    /// <param name="Source">A URL or a document name.</param>
    /// <param name="Form">Adoptions: adopted (default), signed, passed, published or issued.</param>
    /// <param name="Stage">Applications: what starts to apply.</param>
    /// <param name="AmendedBy">Amendments (required): the id of the amending measure.</param>
    /// <param name="Kind">Revocations: revoked (default), rescinded, repealed or vetoed.</param>
    /// <param name="RevokedBy">Revocations: the id of the measure that ended this one, when known.</param>
    /// <param name="StepLabel">The event as the source words it ("signed into law"); required for other-step.</param>
    /// <param name="ProposalId">Amendment proposals (required): the id of the proposal that would amend this measure.</param>
    /// <param name="ProposalTitle">Amendment proposals: the proposal's title.</param>
    public sealed record Request(
        DateOnly? Date,
        string? Source,
        string? Note,
        MeasureRequest? Measure,
        AdoptionForm? Form,
        string? Stage,
        string? AmendedBy,
        RevocationKind? Kind,
        string? RevokedBy,
        string? StepLabel = null,
        string? ProposalId = null,
        string? ProposalTitle = null);

    public const int MaxTitleLength = 300;
    public const int MaxSourceLength = 1000;
    public const int MaxNoteLength = 2000;
    public const int MaxTargets = 20;
    public const int MaxYearsAhead = 10;

    private static readonly (string Path, LifecycleStep Step, string Name)[] Routes =
    [
        ("proposal", LifecycleStep.Proposed, "ProposeMeasure"),
        ("political-agreement", LifecycleStep.PoliticallyAgreed, "RecordPoliticalAgreement"),
        ("adoption", LifecycleStep.Adopted, "AdoptMeasure"),
        ("entry-into-force", LifecycleStep.EnteredIntoForce, "RecordEntryIntoForce"),
        ("application", LifecycleStep.ApplicationStarted, "RecordApplicationStage"),
        ("amendment", LifecycleStep.Amended, "AmendMeasure"),
        ("suspension", LifecycleStep.Suspended, "SuspendMeasure"),
        ("lifting", LifecycleStep.Lifted, "LiftMeasure"),
        ("revocation", LifecycleStep.Revoked, "RevokeMeasure"),
        ("amendment-proposal", LifecycleStep.AmendmentProposed, "ProposeAmendment"),
        ("other-step", LifecycleStep.Other, "RecordOtherStep"),
    ];

    public static IEndpointRouteBuilder MapRecordLifecycleEvent(this IEndpointRouteBuilder app)
    {
        foreach (var (path, step, name) in Routes)
        {
            app.MapPost($"/measures/{{id}}/{path}", (string id, Request request, HttpContext http, IDocumentSession session, Countries countries, TimeProvider clock) =>
                    Handle(step, id, request, http, session, countries, clock))
                .WithName(name)
                .WithSummary($"Record that {Summary(step)}. 201 when this creates the measure (send 'measure'), 200 otherwise; 409 names the lifecycle rule broken.")
                .Produces<MeasureView>()
                .Produces<MeasureView>(StatusCodes.Status201Created)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
                .WithIdempotency();
        }

        return app;
    }

    private static async Task<IResult> Handle(
        LifecycleStep step, string id, Request request, HttpContext http, IDocumentSession session, Countries countries, TimeProvider clock)
    {
        var today = clock.UtcDate();
        var validation = new Validation();
        validation.Check(Slugs.IsValid(id), "id", $"must be a slug: lower-case letters and digits joined by single hyphens, at most {Slugs.MaxLength} characters");
        var fact = ToFact(step, id, request, today, validation);
        var details = request.Measure is null ? null : ToDetails(request.Measure, countries, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var measure = await StreamCommand.OpenAsync<MeasureEntry>(http, session, id);
        if (measure.Refusal is { } refusal)
        {
            return refusal;
        }

        var state = measure.Current?.State;
        if (state is null && details is null)
        {
            validation.Add("measure", $"is required: '{id}' is not recorded yet, and its first lifecycle event creates it (title, jurisdiction, type, targets, direction)");
            return validation.ToProblem();
        }

        return await measure.CommitAsync(
            MeasureDecider.Decide(state, new Domain.RecordLifecycleEvent(id, details, fact!)),
            state,
            MeasureDecider.Evolve,
            decided =>
            {
                var view = MeasureView.From(decided.After, Jurisdictions.BlocOf(decided.After.Details.Jurisdiction, countries), decided.Version, today);
                return decided.Before is null
                    ? new CommandAnswer(StatusCodes.Status201Created, $"/measures/{id}", view)
                    : new CommandAnswer(StatusCodes.Status200OK, null, view);
            });
    }

    private static string Summary(LifecycleStep step) => step switch
    {
        LifecycleStep.AmendmentProposed => "a proposal (proposalId) would amend a measure: pending until an amendment names it; the status does not change",
        LifecycleStep.Other => "an event no lifecycle step names happened to a measure (stepLabel, as the source words it); the status does not change",
        _ => $"a measure was {MeasureDecider.Name(step).Replace('-', ' ')}",
    };

    private static TimelineEntry? ToFact(LifecycleStep step, string id, Request request, DateOnly today, Validation validation)
    {
        var source = request.Source?.Trim() ?? string.Empty;
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var stage = string.IsNullOrWhiteSpace(request.Stage) ? null : request.Stage.Trim();
        var amendedBy = request.AmendedBy?.Trim();
        var revokedBy = string.IsNullOrWhiteSpace(request.RevokedBy) ? null : request.RevokedBy.Trim();
        var stepLabel = Trimmed(request.StepLabel);
        var proposalId = Trimmed(request.ProposalId);
        var proposalTitle = Trimmed(request.ProposalTitle);
        validation.Check(request.Date is not null, "date", "is required (yyyy-MM-dd)")
            .Check(request.Date is null || request.Date.Value.Year >= 1900, "date", "must be in 1900 or later")
            .Check(request.Date is null || request.Date <= today.AddYears(MaxYearsAhead), "date", $"must not be more than {MaxYearsAhead} years ahead")
            .Check(source.Length is > 0 and <= MaxSourceLength, "source", $"is required: a URL or a document name, at most {MaxSourceLength} characters")
            .Check(note is null || note.Length <= MaxNoteLength, "note", $"must be at most {MaxNoteLength} characters")
            .Check(request.Form is null || step == LifecycleStep.Adopted, "form", "is for adoptions only")
            .Check(stage is null || step == LifecycleStep.ApplicationStarted, "stage", "is for application stages only")
            .Check(stage is null || stage.Length <= MaxTitleLength, "stage", $"must be at most {MaxTitleLength} characters")
            .Check(request.Kind is null || step == LifecycleStep.Revoked, "kind", "is for revocations only")
            .Check(revokedBy is null || step == LifecycleStep.Revoked, "revokedBy", "is for revocations only")
            .Check(revokedBy is null || Slugs.IsValid(revokedBy), "revokedBy", "must be a measure id (a slug)")
            .Check(amendedBy is null || step == LifecycleStep.Amended, "amendedBy", "is for amendments only")
            .Check(stepLabel is null || stepLabel.Length <= Vocabulary.MaxLabelLength, "stepLabel", $"must be at most {Vocabulary.MaxLabelLength} characters")
            .Check(stepLabel is not null || step != LifecycleStep.Other, "stepLabel", "is required for an event no lifecycle step names: what happened, as the source words it")
            .Check(proposalId is null || step == LifecycleStep.AmendmentProposed, "proposalId", "is for amendment proposals only")
            .Check(proposalTitle is null || step == LifecycleStep.AmendmentProposed, "proposalTitle", "is for amendment proposals only")
            .Check(proposalTitle is null || proposalTitle.Length <= MaxTitleLength, "proposalTitle", $"must be at most {MaxTitleLength} characters");
        if (step == LifecycleStep.Amended)
        {
            validation.Check(!string.IsNullOrEmpty(amendedBy), "amendedBy", "is required: the id of the amending measure")
                .Check(string.IsNullOrEmpty(amendedBy) || Slugs.IsValid(amendedBy), "amendedBy", "must be a measure id (a slug)");
        }

        if (step == LifecycleStep.AmendmentProposed)
        {
            validation.Check(proposalId is not null, "proposalId", "is required: the id of the proposal that would amend this measure")
                .Check(proposalId is null || Slugs.IsValid(proposalId), "proposalId", "must be a measure id (a slug)")
                .Check(proposalId is null || proposalId != id, "proposalId", "must name another measure: a measure does not propose to amend itself");
        }

        var linked = step switch
        {
            LifecycleStep.Amended => amendedBy,
            LifecycleStep.AmendmentProposed => proposalId,
            _ => revokedBy,
        };
        return validation.IsValid
            ? new TimelineEntry(
                step,
                request.Date!.Value,
                source,
                note,
                step == LifecycleStep.Adopted ? request.Form ?? AdoptionForm.Adopted : null,
                stage,
                step == LifecycleStep.Revoked ? request.Kind ?? RevocationKind.Revoked : null,
                linked,
                stepLabel,
                proposalTitle)
            : null;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static MeasureDetails? ToDetails(MeasureRequest request, Countries countries, Validation validation)
    {
        var title = request.Title?.Trim() ?? string.Empty;
        var jurisdiction = request.Jurisdiction?.Trim().ToUpperInvariant() ?? string.Empty;
        var targets = (request.Targets ?? []).Select(t => t?.Trim().ToLowerInvariant() ?? string.Empty).ToList();
        var (typeLabel, directionLabel) = (Trimmed(request.TypeLabel), Trimmed(request.DirectionLabel));

        // A label without a kind is read as the import reads it: the documented mapping, else other.
        var type = request.Type ?? (typeLabel is null ? null : Vocabulary.ReadType(typeLabel).Kind);
        var direction = request.Direction ?? (directionLabel is null ? null : Vocabulary.ReadDirection(directionLabel).Kind);
        validation.Check(title.Length is > 0 and <= MaxTitleLength, "measure.title", $"is required, at most {MaxTitleLength} characters")
            .Check(Jurisdictions.IsValid(jurisdiction, countries), "measure.jurisdiction", "must be an ISO 3166-1 alpha-2 code, EU, a subdivision such as US-CA, or INTL")
            .Check(type is not null, "measure.type", "is required, or measure.typeLabel: the instrument type as the source words it")
            .Check(type != InstrumentType.Other || typeLabel is not null, "measure.typeLabel", "is required when the type is other: the instrument type as the source words it")
            .Check(typeLabel is null || typeLabel.Length <= Vocabulary.MaxLabelLength, "measure.typeLabel", $"must be at most {Vocabulary.MaxLabelLength} characters")
            .Check(direction is not null, "measure.direction", "is required, or measure.directionLabel: the direction as the source words it")
            .Check(direction != Direction.Other || directionLabel is not null, "measure.directionLabel", "is required when the direction is other: the direction as the source words it")
            .Check(directionLabel is null || directionLabel.Length <= Vocabulary.MaxLabelLength, "measure.directionLabel", $"must be at most {Vocabulary.MaxLabelLength} characters")
            .Check(targets.Count is > 0 and <= MaxTargets, "measure.targets", $"must name 1 to {MaxTargets} target tags, e.g. frontier-models, chips-and-hardware");
        for (var i = 0; i < targets.Count; i++)
        {
            validation.Check(Slugs.IsValid(targets[i]), $"measure.targets[{i}]", "must be a kebab-case tag, e.g. foreign-ai-apps");
        }

        return validation.IsValid
            ? new MeasureDetails(title, jurisdiction, type!.Value, targets.Distinct().ToList(), direction!.Value, typeLabel, directionLabel)
            : null;
    }
}
