using Intelligence.Adoption.Domain;
using Intelligence.Platform;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>POST /observations/{id}/corrections</c>: fix an observation's figure or provenance; the history keeps both.</summary>
public static class CorrectObservation
{
    /// <summary>A reason and a source, and the fields to correct; absent fields keep their current values.</summary>
    /// <param name="Source">Required: where the corrected figure comes from. It becomes the observation's source.</param>
    /// <param name="Unit">A unit's name or the source's own (kept as other), as when recording.</param>
    public sealed record Request(
        string? Reason,
        string? Source,
        decimal? Value,
        string? Unit,
        Bound? Bound,
        DateOnly? ObservedOn,
        string? Period,
        string? MeasurementType,
        string? Confidence,
        string? ValueAsReported,
        string? Note)
    {
        public ObservationFields Fields => new(Value, Unit, Bound, ObservedOn, Period, MeasurementType, Confidence, Source, ValueAsReported, Note);
    }

    public static IEndpointRouteBuilder MapCorrectObservation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/observations/{id}/corrections", Handle)
            .WithName("CorrectObservation")
            .WithSummary("Correct an observation with a reason and a source; a correction that changes nothing stores nothing. 409 observation-retracted. If-Match names the series' version.")
            .Produces<ObservationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(
        string id, Request request, HttpContext http, IDocumentSession session, MilestoneThresholds thresholds, TimeProvider clock)
    {
        var today = clock.UtcDate();
        var validation = new Validation();
        var (reason, source) = ObservationFieldRules.Justification(request.Reason, request.Source, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return await SeriesCommands.ExecuteAsync(http, session, id, validation, series =>
            ObservationFieldRules.ToObservation(id, series.Key.Metric, request.Fields, series.Points[id].Observation, today, validation) is { } corrected
                ? SeriesDecider.Decide(series, new Domain.CorrectObservation(id, corrected, reason, source), thresholds)
                : null);
    }
}
