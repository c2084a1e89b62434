using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Intelligence.Releases.Features;

/// <summary><c>POST /models</c>: put a model into the catalog.</summary>
public static class AnnounceModel
{
    /// <summary>Every field is nullable so a missing one is reported by name rather than as unreadable JSON.</summary>
    public sealed record Request(
        string? Id,
        string? Name,
        OrganizationRequest? Organization,
        IReadOnlyList<string>? OriginCountries,
        DateOnly? ReleaseDate,
        bool? OpenWeights,
        string? SourceUrl);

    /// <param name="Id">Optional slug; derived from the name when absent.</param>
    /// <param name="Country">Optional ISO 3166-1 alpha-2 home country; the first origin country when absent.</param>
    public sealed record OrganizationRequest(string? Id, string? Name, string? Country);

    public static IEndpointRouteBuilder MapAnnounceModel(this IEndpointRouteBuilder app)
    {
        app.MapPost("/models", Handle)
            .WithName("AnnounceModel")
            .WithSummary("Announce a model: the first event of its stream.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<ModelView>, ValidationProblem, ProblemHttpResult>> Handle(
        Request request,
        IDocumentSession session,
        Countries countries,
        TimeProvider clock,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var command = Validate(request, countries, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), validation);
        if (command is null)
        {
            return validation.ToProblem();
        }

        var stream = await session.Events.FetchForWriting<Model>(command.ModelId, cancellationToken);
        var decision = ModelDecider.Decide(stream.Aggregate, command);
        if (decision.Rejection is { } rejection)
        {
            return Problems.Conflict(rejection.Rule, rejection.Detail);
        }

        stream.AppendMany(decision.Events);
        await session.SaveChangesAsync(cancellationToken);

        var model = decision.Events.Aggregate(stream.Aggregate, ModelDecider.Evolve)! with
        {
            Version = stream.CurrentVersion ?? decision.Events.Count,
        };
        StreamETag.Set(response, model.Version);
        return TypedResults.Created($"/models/{model.Id}", ModelView.From(model, countries));
    }

    /// <summary>Checks every field and builds the command, or returns null with <paramref name="validation"/> filled.</summary>
    internal static Domain.AnnounceModel? Validate(Request request, Countries countries, DateOnly today, Validation validation)
    {
        var id = request.Id?.Trim() ?? string.Empty;
        validation.Check(id.Length > 0, "id", "is required")
            .Check(id.Length == 0 || Slug.IsValid(id), "id", $"must be a slug: lower-case letters and digits joined by single hyphens, at most {Slug.MaxLength} characters");

        var name = request.Name?.Trim() ?? string.Empty;
        validation.Check(name.Length > 0, "name", "is required")
            .Check(name.Length <= 200, "name", "must be at most 200 characters");

        var origins = (request.OriginCountries ?? []).Select(code => code?.Trim().ToUpperInvariant() ?? string.Empty).ToList();
        validation.Check(origins.Count > 0, "originCountries", "must name at least one ISO 3166-1 alpha-2 country code");
        for (var i = 0; i < origins.Count; i++)
        {
            validation.Check(countries.TryGet(origins[i], out _), $"originCountries[{i}]", $"'{origins[i]}' is not an ISO 3166-1 alpha-2 country code");
        }

        validation.Check(origins.Distinct().Count() == origins.Count, "originCountries", "must not repeat a country");

        var organization = ValidateOrganization(request.Organization, origins.FirstOrDefault(), countries, validation);

        validation.Check(request.ReleaseDate is not null, "releaseDate", "is required (yyyy-MM-dd)");
        if (request.ReleaseDate is { } releaseDate)
        {
            validation.Check(releaseDate <= today.AddYears(1), "releaseDate", "must not be more than a year ahead")
                .Check(releaseDate.Year >= 1950, "releaseDate", "must be in 1950 or later");
        }

        validation.Check(request.OpenWeights is not null, "openWeights", "is required (true or false)");

        var source = request.SourceUrl?.Trim() ?? string.Empty;
        validation.Check(source.Length > 0, "sourceUrl", "is required")
            .Check(source.Length == 0 || IsWebUrl(source), "sourceUrl", "must be an absolute http or https URL");

        return validation.IsValid
            ? new Domain.AnnounceModel(id, name, organization!, origins, request.ReleaseDate!.Value, request.OpenWeights!.Value, source)
            : null;
    }

    private static Organization? ValidateOrganization(OrganizationRequest? request, string? firstOrigin, Countries countries, Validation validation)
    {
        if (request is null)
        {
            validation.Add("organization", "is required: an object with a name, and optionally an id and a country");
            return null;
        }

        var name = request.Name?.Trim() ?? string.Empty;
        validation.Check(name.Length > 0, "organization.name", "is required");
        var id = string.IsNullOrWhiteSpace(request.Id) ? Slug.From(name) : request.Id.Trim();
        validation.Check(name.Length == 0 || Slug.IsValid(id), "organization.id", "must be a slug: lower-case letters and digits joined by single hyphens");
        var country = string.IsNullOrWhiteSpace(request.Country) ? firstOrigin ?? string.Empty : request.Country.Trim().ToUpperInvariant();
        validation.Check(
            request.Country is null || countries.TryGet(country, out _),
            "organization.country",
            $"'{country}' is not an ISO 3166-1 alpha-2 country code");
        return new Organization(id, name, country);
    }

    private static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
