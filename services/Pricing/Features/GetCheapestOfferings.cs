using Intelligence.Platform;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /cheapest?asOf=</c>: the cheapest API offerings of each bloc by blended USD price, as of a date, read along
/// the (bloc, price) index of the prices in force (<see cref="OfferingsInForce.CheapestPerBlocAsync"/>).
/// </summary>
public static class GetCheapestOfferings
{
    public const int MaxTop = 50;

    public sealed record Cheapest(string Id, string Provider, string Offering, string? ModelId, decimal BlendedUsdPerMillion, PricePointResponse Price);

    public sealed record BlocCheapest(string Bloc, IReadOnlyList<Cheapest> Offerings);

    public static IEndpointRouteBuilder MapGetCheapestOfferings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cheapest", Handle)
            .WithName("GetCheapestOfferings")
            .WithSummary("Per bloc, the top (default 3, at most 50) API offerings with the lowest blended USD price (per million tokens, input 3 : output 1) "
                + "in force on asOf (default today).")
            .Produces<IReadOnlyList<BlocCheapest>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, TimeProvider clock, CancellationToken cancellationToken, DateOnly? asOf = null, int top = 3)
    {
        var validation = new Validation().Check(top is >= 1 and <= MaxTop, "top", $"must be 1 to {MaxTop}");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var cheapest = await OfferingsInForce.CheapestPerBlocAsync(session, date, top, cancellationToken);
        return TypedResults.Ok(cheapest
            .GroupBy(spell => spell.Bloc)
            .Select(group => new BlocCheapest(
                group.Key,
                [.. group.Select(spell => new Cheapest(
                    spell.OfferingId, spell.ProviderName, spell.OfferingName, spell.ModelId,
                    spell.Point.Price.BlendedUsdPerMillion!.Value, PricePointResponse.From(spell.Point)))]))
            .ToList());
    }
}
