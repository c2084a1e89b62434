using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /offerings</c>: current prices (or as of a date), filtered, sorted by blended USD price, paged: the page is
/// read from the prices in force by index (<see cref="OfferingsInForce"/>), then only its offerings are loaded.
/// </summary>
public static class ListOfferings
{
    public const int MaxPageSize = 200;

    /// <param name="Total">How many offerings match, counted up to 1,000 past the page's start; null on a page read by cursor.</param>
    /// <param name="TotalIsLowerBound">True when more match than <paramref name="Total"/>: counting stopped there.</param>
    /// <param name="Next">The cursor of the following page (pass it as <c>after</c>); null on the last page.</param>
    public sealed record Page(IReadOnlyList<OfferingResponse> Items, long? Total, bool TotalIsLowerBound, int PageNumber, int PageSize, string? Next);

    public static IEndpointRouteBuilder MapListOfferings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offerings", Handle)
            .WithDataVersion()
            .WithName("ListOfferings")
            .WithSummary("Offerings with a price in force today (or on asOf). Filters: model (catalog id), provider (name or slug), bloc "
                + "(US, China, EU, Other), kind (api, subscription, free-tier). sort: blendedUsd (default, cheapest first) or -blendedUsd; "
                + "the blended price is USD per million tokens weighing input 3 to output 1; plans, which have none, follow by monthly fee in USD. "
                + "page from 1 with the total (counted up to 1,000 past the page's start: totalIsLowerBound says when more match), at most 10,000 offerings in; "
                + "or after=<the previous page's next> for the following page at any depth (no total). pageSize up to 200.")
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
        int pageSize = 50,
        string? after = null)
    {
        var kindValue = Kinds.Parse(kind);
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .CheckOffset(page, pageSize, cursor: after is not null)
            .Check(sort is "blendedUsd" or "-blendedUsd", "sort", "must be blendedUsd or -blendedUsd")
            .Check(kind is null || kindValue is not null, "kind", "must be api, subscription or free-tier");
        var order = sort == "-blendedUsd" ? InForceOrder.DearestFirst : InForceOrder.CheapestFirst;
        var cursor = validation.IsValid ? OfferingsInForce.ReadCursor(after, order, validation) : null;
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var filter = new InForceFilter(model, provider is null ? null : Slugs.From(provider), bloc, kindValue);
        var found = await OfferingsInForce.PageAsync(session, date, filter, order, cursor, page, pageSize, cancellationToken);

        // Only the page's offerings are read whole, for their timelines.
        var views = (await session.LoadManyAsync<OfferingListing>(cancellationToken, found.Items.Select(spell => spell.OfferingId)))
            .ToDictionary(view => view.Id, StringComparer.Ordinal);
        var items = found.Items
            .Where(spell => views.ContainsKey(spell.OfferingId))
            .Select(spell => OfferingResponse.From(views[spell.OfferingId], date))
            .ToList();
        return TypedResults.Ok(new Page(items, found.Total, found.TotalIsLowerBound, page, pageSize, found.Next));
    }
}
