using Intelligence.Platform;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>POST /models/{id}/access</c>: record that a model's access changed in the world from a date.</summary>
public static class ChangeModelAccess
{
    /// <summary>Absent access fields keep their current values. Free access and open weights' words are read as on announcing (kept as other when no mapping covers them).</summary>
    public sealed record Request(
        DateOnly? EffectiveOn, bool? OpenWeights, string? Licence, string? FreeAccess, bool? ApiAvailable, string? Note, string? SourceUrl, string? OpenWeightsLabel = null);

    public static IEndpointRouteBuilder MapChangeModelAccess(this IEndpointRouteBuilder app)
    {
        app.MapPost("/models/{id}/access", Handle)
            .WithName("ChangeModelAccess")
            .WithSummary("Record an access change (weights opened, relicensed, free tier opened or closed) effective from a date. 409 model-retired, access-change-after-release.")
            .Produces<ModelView>()
            .ProducesCommandProblems()
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(
        string id, Request request, HttpContext http, IDocumentSession session, Countries countries, TimeProvider clock)
    {
        var validation = new Validation();
        var today = clock.UtcDate();
        validation.Check(request.EffectiveOn is not null, "effectiveOn", "is required (yyyy-MM-dd)")
            .Check(request.EffectiveOn is null || request.EffectiveOn <= today, "effectiveOn", "must not be in the future")
            .Check(request.Licence is null || request.Licence.Trim().Length is > 0 and <= ModelDetailsRules.MaxLicenceLength, "licence", $"must be 1 to {ModelDetailsRules.MaxLicenceLength} characters")
            .Check(request.Note is null || request.Note.Length <= 1000, "note", "must be at most 1000 characters")
            .Check(
                request.OpenWeights is not null || request.OpenWeightsLabel is not null || request.Licence is not null || request.FreeAccess is not null || request.ApiAvailable is not null,
                "access",
                "name at least one of openWeights (or openWeightsLabel), licence, freeAccess, apiAvailable");
        var freeAccess = ModelDetailsRules.Read("freeAccess", request.FreeAccess, Terms.ReadFreeAccess, validation);
        var openWeights = request.OpenWeights is null && request.OpenWeightsLabel is null
            ? null
            : ModelDetailsRules.OpenWeights(request.OpenWeights, request.OpenWeightsLabel, current: null, validation);
        var source = ModelDetailsRules.Source(request.SourceUrl, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return await ModelCommands.ExecuteAsync(http, session, countries, id, validation, model =>
        {
            var current = model.Details.Access;
            var access = new Access(
                openWeights?.Open ?? current.OpenWeights,
                request.Licence?.Trim() ?? current.Licence,
                freeAccess?.Kind ?? current.FreeAccess,
                request.ApiAvailable ?? current.ApiAvailable,
                openWeights is null ? current.OpenWeightsLabel : openWeights.Label,
                freeAccess is null ? current.FreeAccessLabel : freeAccess.Label);
            return ModelDecider.Decide(model, new Domain.ChangeModelAccess(id, request.EffectiveOn!.Value, access, request.Note?.Trim(), source!));
        });
    }
}
