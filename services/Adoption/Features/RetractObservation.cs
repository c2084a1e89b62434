using Intelligence.Adoption.Domain;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>POST /observations/{id}/retraction</c>: withdraw an observation; it stays in the history, marked.</summary>
public static class RetractObservation
{
    public sealed record Request(string? Reason, string? Source);

    public static IEndpointRouteBuilder MapRetractObservation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/observations/{id}/retraction", Handle)
            .WithName("RetractObservation")
            .WithSummary("Retract an observation with a reason and a source. 409 observation-already-retracted. If-Match names the series' version.")
            .Produces<ObservationView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(string id, Request request, HttpContext http, IDocumentSession session)
    {
        var validation = new Validation();
        var (reason, source) = ObservationFieldRules.Justification(request.Reason, request.Source, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return await SeriesCommands.ExecuteAsync(
            http, session, id, validation, series => SeriesDecider.Decide(series, new Domain.RetractObservation(id, reason, source)));
    }
}
