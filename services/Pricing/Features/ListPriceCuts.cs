using Intelligence.Platform.Http;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Marten;
using Contract = Intelligence.Contracts.Pricing;

namespace Intelligence.Pricing.Features;

/// <summary><c>GET /price-cuts?since=&amp;until=</c>: who cut prices, from what to what, by how much, in date order (who cut after whom).</summary>
public static class ListPriceCuts
{
    /// <param name="Percent">Change of the blended USD price (monthly fee for plans), negative; -100 for a move to free.</param>
    public sealed record PriceCut(
        DateOnly EffectiveOn,
        string OfferingId,
        string Provider,
        string Offering,
        string? ModelId,
        string Bloc,
        Contract.PriceQuote From,
        Contract.PriceQuote To,
        decimal Percent,
        bool ToFree,
        string Source);

    public static IEndpointRouteBuilder MapListPriceCuts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-cuts", Handle)
            .WithDataVersion()
            .WithName("ListPriceCuts")
            .WithSummary("Price cuts effective from since to until (both optional, included), oldest first: a fall of the blended USD price by the threshold "
                + "(20% by default) or to free. bloc filters by the offering's bloc.")
            .Produces<IReadOnlyList<PriceCut>>();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, CancellationToken cancellationToken, DateOnly? since = null, DateOnly? until = null, string? bloc = null)
    {
        var from = since ?? DateOnly.MinValue;
        var to = until ?? DateOnly.MaxValue;
        var cuts = await session.Query<PriceCutRecord>()
            .Where(cut => cut.EffectiveOn >= from && cut.EffectiveOn <= to)
            .OrderBy(cut => cut.EffectiveOn)
            .ToListAsync(cancellationToken);
        var views = cuts.Count == 0
            ? []
            : (await session.LoadManyAsync<OfferingView>(cancellationToken, cuts.Select(cut => cut.OfferingId).Distinct())).ToDictionary(view => view.Id);
        return TypedResults.Ok(cuts
            .Where(cut => views.ContainsKey(cut.OfferingId))
            .Select(cut =>
            {
                var view = views[cut.OfferingId];
                return new PriceCut(
                    cut.EffectiveOn, cut.OfferingId, view.State.Details.Provider, view.State.Details.Name, cut.ModelId, view.Bloc,
                    PublishedEvents.Quote(cut.From), PublishedEvents.Quote(cut.To), cut.Percent, cut.ToFree, cut.Source);
            })
            .Where(cut => bloc is null || cut.Bloc == bloc)
            .OrderBy(cut => cut.EffectiveOn)
            .ThenBy(cut => cut.OfferingId, StringComparer.Ordinal)
            .ToList());
    }
}
