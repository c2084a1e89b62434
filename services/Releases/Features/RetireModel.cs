using Intelligence.Platform;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>POST /models/{id}/retirement</c>: record that a model was withdrawn.</summary>
public static class RetireModel
{
    public sealed record Request(DateOnly? RetiredOn, string? Reason, string? SourceUrl);

    public static IEndpointRouteBuilder MapRetireModel(this IEndpointRouteBuilder app)
    {
        app.MapPost("/models/{id}/retirement", Handle)
            .WithName("RetireModel")
            .WithSummary("Retire a model. 409 model-already-retired, retirement-after-release.")
            .Produces<ModelView>()
            .ProducesCommandProblems()
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(
        string id, Request request, HttpContext http, IDocumentSession session, Countries countries, TimeProvider clock)
    {
        var today = clock.UtcDate();
        var validation = new Validation();
        var reason = request.Reason?.Trim() ?? string.Empty;
        validation.Check(request.RetiredOn is not null, "retiredOn", "is required (yyyy-MM-dd)")
            .Check(request.RetiredOn is null || request.RetiredOn <= today, "retiredOn", "must not be in the future")
            .Check(reason.Length is > 0 and <= 1000, "reason", "is required, at most 1000 characters");
        var source = ModelDetailsRules.Source(request.SourceUrl, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return await ModelCommands.ExecuteAsync(
            http, session, countries, id, validation, model => ModelDecider.Decide(model, new Domain.RetireModel(id, request.RetiredOn!.Value, reason, source!)));
    }
}
