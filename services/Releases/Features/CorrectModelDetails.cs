using Intelligence.Platform;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>POST /models/{id}/corrections</c>: fix facts recorded wrongly; the history keeps both.</summary>
public static class CorrectModelDetails
{
    /// <summary>A reason and a source, and the fields to correct; absent fields keep their current values.</summary>
    public sealed record Request : ModelDetailsRequest
    {
        public string? Reason { get; init; }

        public string? SourceUrl { get; init; }
    }

    public static IEndpointRouteBuilder MapCorrectModelDetails(this IEndpointRouteBuilder app)
    {
        app.MapPost("/models/{id}/corrections", Handle)
            .WithName("CorrectModelDetails")
            .WithSummary("Correct a model's details with a reason; a correction that changes nothing stores nothing. Labels no mapping covers are kept as other, as on announcing.")
            .Produces<ModelView>()
            .ProducesCommandProblems()
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(
        string id, Request request, HttpContext http, IDocumentSession session, Countries countries, CountryNames countryNames, TimeProvider clock)
    {
        var today = clock.UtcDate();
        var validation = new Validation();
        var reason = request.Reason?.Trim() ?? string.Empty;
        validation.Check(reason.Length is > 0 and <= 1000, "reason", "is required, at most 1000 characters: say what was wrong");
        var source = ModelDetailsRules.Source(request.SourceUrl, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return await ModelCommands.ExecuteAsync(http, session, countries, id, validation, model =>
            ModelDetailsRules.ToDetails(request, model.Details, countryNames, today, validation) is { } details
                ? ModelDecider.Decide(model, new Domain.CorrectModelDetails(id, details, reason, source!))
                : null);
    }
}
