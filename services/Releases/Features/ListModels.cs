using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;
using Marten.Pagination;

namespace Intelligence.Releases.Features;

/// <summary><c>GET /models</c>: the catalog, filtered, sorted and paged, with the total.</summary>
public static class ListModels
{
    public const int MaxPageSize = 200;

    public sealed record Page(IReadOnlyList<ModelView> Items, long Total, int PageNumber, int PageSize);

    public static IEndpointRouteBuilder MapListModels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models", Handle)
            .WithName("ListModels")
            .WithSummary("The catalog. Filters: country (ISO alpha-2 or a country's name; another place by the name it is kept under), bloc (US, China, EU, Other, unknown), "
                + "organization (slug), from/to (release date), openWeights, freeAccess (a kind, 'other', or the label of one kept as other), q (name contains). "
                + "sort: releasedOn, -releasedOn (default), name, -name. page from 1, pageSize up to 200.")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
        CountryNames countryNames,
        CancellationToken cancellationToken,
        string? country = null,
        string? bloc = null,
        string? organization = null,
        DateOnly? from = null,
        DateOnly? to = null,
        bool? openWeights = null,
        string? freeAccess = null,
        string? q = null,
        string sort = "-releasedOn",
        int page = 1,
        int pageSize = 50)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .Check(sort is "releasedOn" or "-releasedOn" or "name" or "-name", "sort", "must be releasedOn, -releasedOn, name or -name")
            .Check(from is null || to is null || from <= to, "from", "must not be after to")
            .Check(q is null || q.Length <= 200, "q", "must be at most 200 characters");
        var origin = ModelDetailsRules.Read("country", country, place => Origins.Read(countryNames, place), validation);
        var free = freeAccess is not null && KebabCase.TryParse<FreeAccess>(freeAccess, out var kind)
            ? new Term<FreeAccess>(kind, null)
            : ModelDetailsRules.Read("freeAccess", freeAccess, Terms.ReadFreeAccess, validation);

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        IQueryable<CatalogEntry> query = session.Query<CatalogEntry>();
        if (origin is not null)
        {
            query = query.Where(e => e.State.Details.OriginCountries.Contains(origin));
        }

        if (bloc is not null)
        {
            query = query.Where(e => e.Blocs.Contains(bloc));
        }

        if (organization is not null)
        {
            query = query.Where(e => e.State.Details.Organization.Id == organization);
        }

        if (from is not null)
        {
            query = query.Where(e => e.State.Details.ReleasedOn >= from.Value);
        }

        if (to is not null)
        {
            query = query.Where(e => e.State.Details.ReleasedOn <= to.Value);
        }

        if (openWeights is not null)
        {
            query = query.Where(e => e.State.Details.Access.OpenWeights == openWeights.Value);
        }

        if (free is not null)
        {
            // "other" lists every kind of other; a label, the models kept under it.
            var (freeKind, freeLabel) = (free.Kind, free.Label);
            query = query.Where(e => e.State.Details.Access.FreeAccess == freeKind);
            if (freeLabel is not null)
            {
                query = query.Where(e => e.State.Details.Access.FreeAccessLabel == freeLabel);
            }
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(e => e.State.Details.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        query = sort switch
        {
            "releasedOn" => query.OrderBy(e => e.State.Details.ReleasedOn).ThenBy(e => e.Id),
            "name" => query.OrderBy(e => e.State.Details.Name).ThenBy(e => e.Id),
            "-name" => query.OrderByDescending(e => e.State.Details.Name).ThenBy(e => e.Id),
            _ => query.OrderByDescending(e => e.State.Details.ReleasedOn).ThenBy(e => e.Id),
        };

        var paged = await query.ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new Page(paged.Select(e => ModelView.From(e, countries)).ToList(), paged.TotalItemCount, page, pageSize));
    }
}
