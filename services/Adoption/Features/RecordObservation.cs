using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>POST /observations</c>: record an observation in its series (subject × metric × region), starting the series if new.</summary>
public static class RecordObservation
{
    public const int MaxNameLength = 200;

    /// <param name="Kind">product (default when an organization is named), model, or aggregate (default without one).</param>
    public sealed record SubjectRequest(string? Name, SubjectKind? Kind, OrganizationRequest? Organization);

    /// <param name="Id">Optional key of the organization; derived from the name when absent ("OpenAI" is "openai").</param>
    public sealed record OrganizationRequest(string? Id, string? Name);

    /// <param name="Id">Optional; generated when absent. Letters, digits, '.', '_' and '-'.</param>
    /// <param name="Metric">A metric's name ("weekly-active-users"), a documented other name ("MAU"), or the source's own label: kept as other, a series of its own.</param>
    /// <param name="Region">An ISO 3166-1 alpha-2 code, <c>global</c>, a grouping's code or name ("Global North"), or any other place the source names (kept as other).</param>
    /// <param name="Unit">Optional for a known metric (its own unit); for another, the unit the source states. Any label is kept (as other).</param>
    public sealed record Body(
        string? Id,
        SubjectRequest? Subject,
        string? Metric,
        string? Region,
        decimal? Value,
        string? Unit,
        Bound? Bound,
        DateOnly? ObservedOn,
        string? Period,
        string? MeasurementType,
        string? Confidence,
        string? Source,
        string? ValueAsReported,
        string? Note)
    {
        public ObservationFields Fields => new(Value, Unit, Bound, ObservedOn, Period, MeasurementType, Confidence, Source, ValueAsReported, Note);
    }

    public static IEndpointRouteBuilder MapRecordObservation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/observations", Handle)
            .WithName("RecordObservation")
            .WithSummary("Record an observation. Metric, unit, region, measurement type and confidence are read as the importer reads them: a label no mapping covers is kept as other, "
                + "never refused. A known unit must fit a known metric; a value is required (never taken for zero). 409 observation-id-unique if the id exists. If-Match names the series' version.")
            .Produces<ObservationView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(
        Body body, HttpContext http, IDocumentSession session, RegionCatalog regions, MilestoneThresholds thresholds, TimeProvider clock)
    {
        var validation = new Validation();
        var command = Validate(body, regions, clock.UtcDate(), validation);
        if (command is null)
        {
            return validation.ToProblem();
        }

        var id = command.Observation.Id;
        var seriesId = command.Key.SeriesId;
        if (await session.LoadAsync<ObservationLocator>(id, http.RequestAborted) is { } located && located.SeriesId != seriesId)
        {
            return Problems.Conflict("observation-id-unique", $"Observation '{id}' is already in series '{located.SeriesId}'; correct or retract it there.");
        }

        var series = await StreamCommand.OpenAsync<SeriesEntry>(http, session, seriesId);
        if (series.Refusal is { } refusal)
        {
            return refusal;
        }

        return await SeriesCommands.CommitAsync(
            http, session, series, SeriesDecider.Decide(series.Current?.State, command, thresholds), id, StatusCodes.Status201Created, $"/observations/{id}");
    }

    internal static Domain.RecordObservation? Validate(Body body, RegionCatalog regions, DateOnly today, Validation validation)
    {
        var id = body.Id?.Trim() is { Length: > 0 } given ? given : Guid.CreateVersion7().ToString("N");
        validation.Check(ObservationRules.IsObservationId(id), "id", $"must be 1 to {ObservationRules.MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit");

        var subject = ToSubject(body.Subject, validation);
        var metric = ObservationFieldRules.Read("metric", body.Metric, Terms.ReadMetric, validation);
        validation.Check(body.Metric is not null, "metric", "is required: a metric's name (weekly-active-users, monthly-active-users, ...) or the source's own label");
        var region = Queries.ReadRegion(body.Region, required: true, regions, validation)?.Region;
        var observation = metric is not null
            ? ObservationFieldRules.ToObservation(id, metric.Kind, body.Fields, current: null, today, validation)
            : null;
        return validation.IsValid
            ? new Domain.RecordObservation(new SeriesKey(subject!, metric!.Kind, region!.Code, metric.Label, region.Label), observation!)
            : null;
    }

    private static Subject? ToSubject(SubjectRequest? request, Validation validation)
    {
        var name = request?.Name?.Trim() ?? string.Empty;
        var id = Slugs.From(name);
        validation.Check(name.Length is > 0 and <= MaxNameLength, "subject.name", $"is required, at most {MaxNameLength} characters")
            .Check(name.Length == 0 || Slugs.IsValid(id), "subject.name", "must hold letters or digits");

        string? organizationId = null, organizationName = null;
        if (request?.Organization is { } organization)
        {
            organizationName = organization.Name?.Trim() ?? string.Empty;
            organizationId = string.IsNullOrWhiteSpace(organization.Id) ? Slugs.From(organizationName) : organization.Id.Trim();
            validation.Check(organizationName.Length is > 0 and <= MaxNameLength, "subject.organization.name", $"is required, at most {MaxNameLength} characters")
                .Check(organizationName.Length == 0 || Slugs.IsValid(organizationId), "subject.organization.id", "must be lower-case letters and digits joined by single hyphens");
        }

        var kind = request?.Kind ?? (organizationId is null ? SubjectKind.Aggregate : SubjectKind.Product);
        validation.Check(kind == SubjectKind.Aggregate || organizationId is not null, "subject.organization", "is required for a product or a model: it is how the subject links to the catalog");
        return validation.IsValid ? new Subject(id, name, kind, organizationId, organizationName) : null;
    }
}
