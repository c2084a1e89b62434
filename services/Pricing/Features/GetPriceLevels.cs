using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-levels?asOf=&amp;groupBy=</c>: per bloc or country, how many API offerings have a blended USD price in
/// force on a date and the median of those prices: counted and ranked by the database over the price spells
/// (<see cref="ApiPriceSpell"/>) once per date and change, then read from its cell (<see cref="DayCells"/>).
/// The gateway's landscape reads its prices part here.
/// </summary>
public static class GetPriceLevels
{
    /// <param name="Group">A bloc, or a country code (the model's origins, else the provider's country).</param>
    /// <param name="Offerings">API offerings with a blended USD price in force on the date.</param>
    public sealed record Level(string Group, int Offerings, decimal? MedianBlendedUsdPerMillion);

    public static IEndpointRouteBuilder MapGetPriceLevels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-levels", Handle)
            .WithDataVersion()
            .WithName("GetPriceLevels")
            .WithSummary("Per bloc (groupBy=bloc, default) or country (groupBy=country): the number of API offerings with a blended USD price in force on "
                + "asOf (default today) and their median (per million tokens, input 3 : output 1). An offering counts in each of its model's origin "
                + "countries, else in its provider's country. Counted by the database from the price spells.")
            .Produces<IReadOnlyList<Level>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, TimeProvider clock, CancellationToken cancellationToken, DateOnly? asOf = null, string groupBy = "bloc")
    {
        var validation = new Validation().Check(groupBy is "country" or "bloc", "groupBy", "must be country or bloc");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        return TypedResults.Ok(await DayCells.ReadAsync(session, ApiPriceSpell.LevelsRead, groupBy, date, (counting, ct) => CountAsync(counting, groupBy, date, ct), cancellationToken));
    }

    private static async Task<List<Level>> CountAsync(IQuerySession session, string groupBy, DateOnly date, CancellationToken cancellationToken)
    {
        var spells = session.DocumentStore.Options.Schema.For<ApiPriceSpell>();
        var group = groupBy == "bloc" ? "s.bloc" : "c.country";
        var countries = groupBy == "bloc" ? string.Empty : "cross join lateral jsonb_array_elements_text(s.data -> 'countries') as c(country)";
        return await session.QueryJsonAsync<List<Level>>(
            $"""
            select coalesce(json_agg(json_build_object('group', g, 'offerings', n, 'medianBlendedUsdPerMillion', {ApiPriceSpell.Median}) order by g), '[]')::text
            from (
                select {group} as g, count(*) as n, {ApiPriceSpell.MiddlePrices}
                from {spells} s {countries}
                where s.valid_from <= ? and (s.valid_until is null or s.valid_until > ?)
                group by 1) as levels
            """,
            cancellationToken,
            date,
            date);
    }
}
