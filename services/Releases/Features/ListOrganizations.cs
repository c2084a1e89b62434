using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Projections;
using Marten;
using Marten.Linq.MatchesSql;

namespace Intelligence.Releases.Features;

/// <summary>
/// <c>GET /organizations</c>: who releases models, by name, a page at a time from the organizations' read model
/// (<see cref="OrganizationSummary"/>, indexed by name and id); <c>GET /organizations/{id}</c>: one of them. An
/// organization's models are <c>GET /models?organization={id}</c>, newest first.
/// </summary>
public static class ListOrganizations
{
    public const int MaxLimit = 500;

    private const string Sort = "name";

    public sealed record NewestModel(string Id, string Name, DateOnly ReleasedOn);

    /// <param name="Name">As the organization's newest model names it, with <paramref name="HomeCountry"/>.</param>
    /// <param name="Models">Every model it released, retired ones included.</param>
    public sealed record OrganizationView(string Id, string Name, string HomeCountry, string Bloc, int Models, int OpenWeightModels, NewestModel Newest);

    public static IEndpointRouteBuilder MapListOrganizations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/organizations", List)
            .WithDataVersion()
            .WithName("ListOrganizations")
            .WithSummary("Organizations of the catalog by name (then id): each with its home country and bloc, how many models it released and how many with "
                + "open weights, and its newest model. limit: at most 500 a page (100 by default); a header Link: <...>; rel=\"next\" links the following page "
                + "(after=). An organization's models: GET /models?organization={id}.")
            .Produces<IReadOnlyList<OrganizationView>>()
            .ProducesValidationProblem();
        app.MapGet("/organizations/{id}", Get)
            .WithName("GetOrganization")
            .WithSummary("One organization of the catalog, as GET /organizations lists it. 404 for an id with no model.")
            .Produces<OrganizationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> List(
        IQuerySession session, Countries countries, HttpContext http, CancellationToken cancellationToken, int limit = 100, string? after = null)
    {
        var validation = new Validation().CheckLimit(limit, MaxLimit);
        var cursor = PageCursor.Read(after, Sort, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        IQueryable<OrganizationSummary> query = session.Query<OrganizationSummary>();
        if (cursor is not null)
        {
            // A row comparison walks the (name, id) index from the cursor, at the same cost at any depth.
            query = query.Where(summary => summary.MatchesSql("(d.data ->> 'name', d.id) > (?, ?)", cursor.Key, cursor.Id));
        }

        var summaries = await query.OrderBy(summary => summary.Name).ThenBy(summary => summary.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = summaries.Take(limit).ToList();
        if (summaries.Count > limit)
        {
            new PageCursor(Sort, page[^1].Name, page[^1].Id).LinkNext(http);
        }

        return TypedResults.Ok(page.Select(summary => View(summary, countries)).ToList());
    }

    private static async Task<IResult> Get(string id, IQuerySession session, Countries countries, CancellationToken cancellationToken) =>
        await session.LoadAsync<OrganizationSummary>(id, cancellationToken) is { } summary
            ? TypedResults.Ok(View(summary, countries))
            : Problems.NotFound("organization", id);

    private static OrganizationView View(OrganizationSummary summary, Countries countries) => new(
        summary.Id,
        summary.Name,
        summary.HomeCountry,
        Origins.BlocOf(countries, summary.HomeCountry),
        summary.Models,
        summary.OpenWeights,
        new NewestModel(summary.NewestModelId, summary.NewestModelName, summary.NewestReleasedOn));
}
