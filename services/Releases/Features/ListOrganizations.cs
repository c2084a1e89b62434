using Intelligence.Platform.Geography;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>GET /organizations</c>: who releases models, with their models newest first.</summary>
public static class ListOrganizations
{
    public sealed record ModelLine(string Id, string Name, DateOnly ReleasedOn, bool OpenWeights, bool Retired);

    public sealed record OrganizationEntry(string Id, string Name, string HomeCountry, string Bloc, IReadOnlyList<ModelLine> Models);

    public static IEndpointRouteBuilder MapListOrganizations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/organizations", Handle)
            .WithName("ListOrganizations")
            .WithSummary("Organizations in the catalog, each with its models (newest first), by name.")
            .Produces<IReadOnlyList<OrganizationEntry>>();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, Countries countries, CancellationToken cancellationToken)
    {
        var entries = await session.Query<CatalogEntry>().ToListAsync(cancellationToken);
        var organizations = entries
            .GroupBy(e => e.State.Details.Organization.Id)
            .Select(group =>
            {
                // The newest model carries the organization's latest name and country (a rename shows there first).
                var newest = group.OrderByDescending(e => e.State.Details.ReleasedOn).ToList();
                var organization = newest[0].State.Details.Organization;
                return new OrganizationEntry(
                    organization.Id,
                    organization.Name,
                    organization.HomeCountry,
                    Origins.BlocOf(countries, organization.HomeCountry),
                    newest.Select(e => new ModelLine(e.Id, e.State.Details.Name, e.State.Details.ReleasedOn, e.State.Details.Access.OpenWeights, e.State.IsRetired)).ToList());
            })
            .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return TypedResults.Ok(organizations);
    }
}
