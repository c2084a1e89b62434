using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary><c>GET /offerings</c>: current prices (or as of a date), filtered, sorted by blended USD price, paged.</summary>
public static class ListOfferings
{
    public const int MaxPageSize = 200;

    public sealed record Page(IReadOnlyList<OfferingResponse> Items, int Total, int PageNumber, int PageSize);

    public static IEndpointRouteBuilder MapListOfferings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offerings", Handle)
            .WithDataVersion()
            .WithName("ListOfferings")
            .WithSummary("Offerings with a price in force today (or on asOf). Filters: model (catalog id), provider (name or slug), bloc "
                + "(US, China, EU, Other), kind (api, subscription, free-tier). sort: blendedUsd (default, cheapest first) or -blendedUsd; "
                + "the blended price is USD per million tokens weighing input 3 to output 1; plans, which have none, follow by monthly fee in USD. "
                + "page from 1, pageSize up to 200.")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        string? model = null,
        string? provider = null,
        string? bloc = null,
        string? kind = null,
        DateOnly? asOf = null,
        string sort = "blendedUsd",
        int page = 1,
        int pageSize = 50)
    {
        var kindValue = Kinds.Parse(kind);
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .Check(sort is "blendedUsd" or "-blendedUsd", "sort", "must be blendedUsd or -blendedUsd")
            .Check(kind is null || kindValue is not null, "kind", "must be api, subscription or free-tier");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        IQueryable<OfferingView> query = session.Query<OfferingView>();
        if (model is not null)
        {
            query = query.Where(view => view.ModelId == model);
        }

        if (provider is not null)
        {
            var prefix = OfferingId.Slug(provider) + ".";
            query = query.Where(view => view.Id.StartsWith(prefix));
        }

        if (bloc is not null)
        {
            query = query.Where(view => view.Bloc == bloc);
        }

        if (kindValue is not null)
        {
            query = query.Where(view => view.State.Details.Kind == kindValue.Value);
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var priced = (await query.ToListAsync(cancellationToken))
            .Select(view => OfferingResponse.From(view, date))
            .Where(offering => offering.Current is not null)
            .ToList();
        var ordered = sort == "-blendedUsd"
            ? priced.OrderByDescending(o => o.Current!.Price.BlendedUsdPerMillion.HasValue).ThenByDescending(o => o.Current!.Price.BlendedUsdPerMillion).ThenByDescending(o => o.Current!.Price.MonthlyFeeUsd)
            : priced.OrderByDescending(o => o.Current!.Price.BlendedUsdPerMillion.HasValue).ThenBy(o => o.Current!.Price.BlendedUsdPerMillion).ThenBy(o => o.Current!.Price.MonthlyFeeUsd);
        var items = ordered.ThenBy(o => o.Id, StringComparer.Ordinal).Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return TypedResults.Ok(new Page(items, priced.Count, page, pageSize));
    }
}
