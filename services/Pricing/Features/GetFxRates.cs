using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary><c>GET /fx-rates/{currency}</c>: a currency's dated rates, with the one in force on a date when asked.</summary>
public static class GetFxRates
{
    /// <param name="InForce">Units per USD in force on <paramref name="AsOf"/>, when a date was asked.</param>
    public sealed record FxRatesResponse(string Currency, IReadOnlyList<FxRate> Rates, DateOnly? AsOf, decimal? InForce, long Version);

    public static IEndpointRouteBuilder MapGetFxRates(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fx-rates/{currency}", Handle)
            .WithName("GetFxRates")
            .WithSummary("A currency's dated FX rates (units per US dollar). asOf: also the rate in force on that date, the latest on or before it.")
            .Produces<FxRatesResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string currency, IQuerySession session, CancellationToken cancellationToken, DateOnly? asOf = null)
    {
        var code = currency.ToUpperInvariant();
        var entry = await session.LoadAsync<FxRateEntry>(FxRateTable.StreamIdOf(code), cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound("FX rate table", code);
        }

        return TypedResults.Ok(new FxRatesResponse(
            code, entry.Table.Rates, asOf, asOf is { } date ? FxRateTable.InForce(entry.Table, code, date) : null, entry.Version));
    }
}
