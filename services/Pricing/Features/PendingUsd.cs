using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /prices/pending-usd</c>: prices kept without an FX rate on their date. Every FX rate recorded derives the
/// USD amounts of the prices it covers (<see cref="UsdDerivations"/>), so this list only shrinks as rates arrive.
/// </summary>
public static class PendingUsd
{
    public const int MaxPageSize = 200;

    public sealed record PendingPrice(string OfferingId, string Currency, DateOnly EffectiveOn, bool Promotion);

    public sealed record CurrencyCount(string Currency, int Prices, DateOnly Earliest);

    /// <param name="Total">Prices whose USD amounts wait for a rate.</param>
    /// <param name="ByCurrency">The currencies they are in, with how many and the earliest date a rate is needed for.</param>
    public sealed record PendingPage(int Total, IReadOnlyList<CurrencyCount> ByCurrency, IReadOnlyList<PendingPrice> Items, int PageNumber, int PageSize);

    public static IEndpointRouteBuilder MapPendingUsd(this IEndpointRouteBuilder app)
    {
        app.MapGet("/prices/pending-usd", Handle)
            .WithName("ListPendingUsdPrices")
            .WithSummary("Prices kept as stated whose currency had no FX rate on their date: their USD amounts are derived when a rate arrives "
                + "(POST /fx-rates). currency filters; page from 1, pageSize up to 200; byCurrency counts them all.")
            .Produces<PendingPage>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, CancellationToken cancellationToken, string? currency = null, int page = 1, int pageSize = 50)
    {
        var validation = new Validation().CheckPaging(page, pageSize, MaxPageSize);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var code = currency?.Trim().ToUpperInvariant();
        var pending = session.Query<ForeignPricePoint>().Where(point => point.UsdPending);
        if (code is not null)
        {
            pending = pending.Where(point => point.Currency == code);
        }

        // Counted and grouped by the database along the pending flag's index: the answer carries a row a currency,
        // not every pending price.
        var points = session.DocumentStore.Options.Schema.For<ForeignPricePoint>();
        var counts = await session.QueryJsonAsync<List<CurrencyCount>>(
            $"""
            select coalesce(json_agg(json_build_object('currency', c, 'prices', n, 'earliest', e) order by n desc, c collate "C"), '[]')::text
            from (
                select d.data ->> 'currency' as c, count(*) as n, min((d.data ->> 'effectiveOn')::date) as e
                from {points} d
                where (d.data ->> 'usdPending')::boolean
                group by 1) as pending
            """,
            cancellationToken);
        var total = code is null ? counts.Sum(count => count.Prices) : counts.FirstOrDefault(count => count.Currency == code)?.Prices ?? 0;
        var items = await pending
            .OrderBy(point => point.Currency)
            .ThenBy(point => point.EffectiveOn)
            .ThenBy(point => point.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PendingPage(
            total, counts, [.. items.Select(point => new PendingPrice(point.OfferingId, point.Currency, point.EffectiveOn, point.Promotion))], page, pageSize));
    }
}
