using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Marten;
using Contract = Intelligence.Contracts.Pricing;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-moves?from=&amp;to=</c>: every change of the price in force of any offering in a window, each with the
/// price before and after (who moved, when, from what to what): listings, changes, cuts, promotions and closings alike.
/// </summary>
public static class ListPriceMoves
{
    public const int MaxDays = 3660;

    /// <param name="From">The price in force the day before; null when there was none (a listing).</param>
    /// <param name="To">The price in force from <paramref name="EffectiveOn"/>; null when none is (a closing).</param>
    /// <param name="ChangePercent">Change of the comparable USD price (blended for API, monthly fee for plans); null from or to no price, or from free.</param>
    public sealed record PriceMove(
        DateOnly EffectiveOn,
        string OfferingId,
        string Provider,
        string ProviderCountry,
        string Offering,
        OfferingKind Kind,
        string? ModelId,
        string? ModelOrganization,
        string Bloc,
        Contract.PriceQuote? From,
        Contract.PriceQuote? To,
        decimal? ChangePercent,
        bool Promotion,
        string Source);

    public static IEndpointRouteBuilder MapListPriceMoves(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-moves", Handle)
            .WithDataVersion()
            .WithName("ListPriceMoves")
            .WithSummary("Every change of an offering's price in force dated from 'from' to 'to' (both required, included, at most 3660 days), oldest first: "
                + "the price before (null for a listing) and after (null for a closing), with the percentage change of the comparable USD price. "
                + "Filters: bloc, kind (api, subscription, free-tier).")
            .Produces<IReadOnlyList<PriceMove>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null, string? bloc = null, string? kind = null)
    {
        var kindValue = Kinds.Parse(kind);
        var validation = new Validation()
            .Check(from is not null, "from", "is required (yyyy-MM-dd)")
            .Check(to is not null, "to", "is required (yyyy-MM-dd)")
            .Check(from is null || to is null || from <= to, "from", "must not be after to")
            .Check(from is null || to is null || to.Value.DayNumber - from.Value.DayNumber <= MaxDays, "to", $"must be at most {MaxDays} days after from")
            .Check(kind is null || kindValue is not null, "kind", "must be api, subscription or free-tier");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        IQueryable<OfferingView> query = session.Query<OfferingView>();
        if (bloc is not null)
        {
            query = query.Where(view => view.Bloc == bloc);
        }

        if (kindValue is not null)
        {
            query = query.Where(view => view.State.Details.Kind == kindValue.Value);
        }

        var views = await query.ToListAsync(cancellationToken);
        return TypedResults.Ok(views
            .SelectMany(view => Moves(view.State.Timeline, from!.Value, to!.Value).Select(move => ToResponse(view, move)))
            .OrderBy(move => move.EffectiveOn)
            .ThenBy(move => move.OfferingId, StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>
    /// The days in the window on which the price in force (<see cref="PriceTimeline.AsOf"/>) differs from the day
    /// before's, with both prices. Only the days a point starts or ends can change it.
    /// </summary>
    internal static IEnumerable<(DateOnly On, PricePoint? Before, PricePoint? After)> Moves(IReadOnlyList<PricePoint> timeline, DateOnly from, DateOnly to) =>
        timeline
            .SelectMany(point => point.EndsOn is { } ends ? [point.EffectiveOn, ends] : new[] { point.EffectiveOn })
            .Where(day => day >= from && day <= to && day > DateOnly.MinValue)
            .Distinct()
            .Order()
            .Select(day => (On: day, Before: PriceTimeline.AsOf(timeline, day.AddDays(-1)), After: PriceTimeline.AsOf(timeline, day)))
            .Where(move => !SamePrice(move.Before, move.After));

    private static bool SamePrice(PricePoint? before, PricePoint? after) =>
        before is null ? after is null : after is not null && before.Price.SameAs(after.Price);

    private static PriceMove ToResponse(OfferingView view, (DateOnly On, PricePoint? Before, PricePoint? After) move)
    {
        var details = view.State.Details;
        var point = move.After ?? move.Before!;
        return new PriceMove(
            move.On,
            view.Id,
            details.Provider,
            details.ProviderCountry,
            details.Name,
            details.Kind,
            point.ModelId ?? view.ModelId,
            view.Model?.OrganizationName,
            view.Bloc,
            move.Before is null ? null : PublishedEvents.Quote(move.Before.Price),
            move.After is null ? null : PublishedEvents.Quote(move.After.Price),
            PriceTimeline.ChangePercent(move.Before?.Price.ComparableUsd, move.After?.Price.ComparableUsd),
            move.After?.Promotion ?? false,
            move.After is null ? view.State.Timeline.LastOrDefault(p => p.EndsOn == move.On)?.Source ?? point.Source : move.After.Source);
    }
}
