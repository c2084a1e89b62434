using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-comparison</c>: the prices in force on a date, compared across currencies: as stated, in USD, in
/// purchasing-power terms (international dollars at the World Bank PPP factor of the stated currency's country), and
/// when asked (<c>in</c>) in a reader's currency at that date's market rate, with what that amount weighs there in
/// purchasing-power terms. A 399 INR plan and a 20 USD plan side by side, as an Indian and an American pay them.
/// </summary>
public static class GetPriceComparison
{
    public const int MaxPageSize = 200;

    /// <param name="Measure">What the figures are: blended-per-million-tokens (API, input 3 : output 1) or monthly-fee (plans).</param>
    public sealed record ComparisonRow(
        string OfferingId,
        string Provider,
        string Offering,
        OfferingKind Kind,
        string? ModelId,
        string Bloc,
        DateOnly EffectiveOn,
        string Measure,
        ComparedPrice Price,
        string Source);

    /// <param name="In">The reader's currency asked for, if any.</param>
    /// <param name="Total">How many prices match, counted up to 1,000 past the page's start; null on a page read by cursor.</param>
    /// <param name="TotalIsLowerBound">True when more match than <paramref name="Total"/>: counting stopped there.</param>
    /// <param name="Next">The cursor of the following page (pass it as <c>after</c>); null on the last page.</param>
    public sealed record ComparisonPage(
        DateOnly AsOf, string? In, IReadOnlyList<ComparisonRow> Items, long? Total, bool TotalIsLowerBound, int PageNumber, int PageSize, string? Next);

    public static IEndpointRouteBuilder MapGetPriceComparison(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-comparison", Handle)
            .WithName("GetPriceComparison")
            .WithSummary("Prices in force on asOf (default today) compared across currencies: stated, USD (at the rate of the price's date; null while pending), "
                + "international dollars at the World Bank PPP factor of the stated currency's country (statedPpp), and with in=CUR the amount in that "
                + "currency at asOf's market rate with its own PPP reading (what the price weighs for someone paid in it). Filters: kind (api, subscription, "
                + "free-tier), bloc, currency (as stated), provider. Sorted by USD, cheapest first, pending last; page from 1 with the total (counted up to 1,000 "
                + "past the page's start), at most 10,000 prices in, or after=<the previous page's next> at any depth; pageSize up to 200.")
            .Produces<ComparisonPage>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        Currencies currencies,
        CancellationToken cancellationToken,
        [FromQuery(Name = "in")] string? readIn = null,
        string? kind = null,
        string? bloc = null,
        string? currency = null,
        string? provider = null,
        DateOnly? asOf = null,
        int page = 1,
        int pageSize = 50,
        string? after = null)
    {
        var kindValue = Kinds.Parse(kind);
        var target = readIn is null ? null : currencies.Read(readIn);
        var stated = currency is null ? null : currencies.Read(currency);
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .CheckOffset(page, pageSize, cursor: after is not null)
            .Check(kind is null || kindValue is not null, "kind", "must be api, subscription or free-tier")
            .Check(target is null || target.Code is not null, "in", target?.Problem ?? string.Empty)
            .Check(stated is null || stated.Code is not null, "currency", stated?.Problem ?? string.Empty);
        var cursor = validation.IsValid ? OfferingsInForce.ReadCursor(after, InForceOrder.ByUsd, validation) : null;
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var targetCode = target?.Code;
        var rates = targetCode is null or FxRateTable.Usd
            ? null
            : (await session.LoadAsync<FxRateEntry>(FxRateTable.StreamIdOf(targetCode), cancellationToken))?.Table;
        var filter = new InForceFilter(Provider: provider is null ? null : Slugs.From(provider), Bloc: bloc, Kind: kindValue, Currency: stated?.Code);
        var found = await OfferingsInForce.PageAsync(session, date, filter, InForceOrder.ByUsd, cursor, page, pageSize, cancellationToken);
        var items = found.Items
            .Select(spell => (Spell: spell, Compared: PriceComparison.Compare(spell.Point.Price, date, ShippedPpp.Table, rates, targetCode)))
            .Where(priced => priced.Compared is not null)
            .Select(priced => new ComparisonRow(
                priced.Spell.OfferingId,
                priced.Spell.ProviderName,
                priced.Spell.OfferingName,
                priced.Spell.Kind,
                priced.Spell.ModelId,
                priced.Spell.Bloc,
                priced.Spell.Point.EffectiveOn,
                priced.Spell.Point.Price.BlendedUsdPerMillion is not null || priced.Spell.Point.Price.InputPerMillion is not null ? "blended-per-million-tokens" : "monthly-fee",
                priced.Compared!,
                priced.Spell.Point.Source))
            .ToList();
        return TypedResults.Ok(new ComparisonPage(date, targetCode, items, found.Total, found.TotalIsLowerBound, page, pageSize, found.Next));
    }
}
