using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>POST /models</c>: put a model into the catalog; its stream's first event.</summary>
public static class AnnounceModel
{
    public static IEndpointRouteBuilder MapAnnounceModel(this IEndpointRouteBuilder app)
    {
        app.MapPost("/models", Handle)
            .WithName("AnnounceModel")
            .WithSummary("Announce a model: the first event of its stream. Places, date basis, open weights' words, free access, confidence and modalities no mapping "
                + "covers are kept as other with their labels (a place that is no known country has bloc unknown). 409 model-id-unique if the id exists.")
            .Produces<ModelView>(StatusCodes.Status201Created)
            .ProducesCommandProblems()
            .WithIdempotency();
        return app;
    }

    /// <summary>The JSON body: the model's id and source beside its details, in one flat object.</summary>
    public sealed record AnnounceBody : ModelDetailsRequest
    {
        public string? Id { get; init; }

        public string? SourceUrl { get; init; }
    }

    private static async Task<IResult> Handle(
        AnnounceBody body, HttpContext http, IDocumentSession session, Countries countries, CountryNames countryNames, TimeProvider clock)
    {
        var validation = new Validation();
        var command = Validate(body, countryNames, clock.UtcDate(), validation);
        if (command is null)
        {
            return validation.ToProblem();
        }

        var model = await StreamCommand.OpenAsync<CatalogEntry>(http, session, command.ModelId);
        if (model.Refusal is { } refusal)
        {
            return refusal;
        }

        return await ModelCommands.CommitAsync(
            model, countries, ModelDecider.Decide(model.Current?.State, command), StatusCodes.Status201Created, $"/models/{command.ModelId}");
    }

    internal static Domain.AnnounceModel? Validate(AnnounceBody body, CountryNames countryNames, DateOnly today, Validation validation)
    {
        var id = body.Id?.Trim() ?? string.Empty;
        validation.Check(id.Length > 0, "id", "is required")
            .Check(id.Length == 0 || Slugs.IsValid(id), "id", $"must be a slug: lower-case letters and digits joined by single hyphens, at most {Slugs.MaxLength} characters");
        var details = ModelDetailsRules.ToDetails(body, current: null, countryNames, today, validation);
        var source = ModelDetailsRules.Source(body.SourceUrl, validation);
        return validation.IsValid ? new Domain.AnnounceModel(id, details!, source!) : null;
    }
}
