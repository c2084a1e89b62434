using Intelligence.Platform.Domain;

namespace Intelligence.Pricing.Domain;

/// <summary>
/// What a price observation means for an offering, as pure functions: a first listing, a change (with the
/// percentage change of the comparable USD price and, when it falls far enough or to free, a price cut), a closing,
/// or nothing (the same price again). <see cref="Evolve"/> folds the events into the offering's timeline.
/// </summary>
public static class OfferingDecider
{
    public const decimal DefaultCutThresholdPercent = 20m;

    public static Decision<IOfferingEvent> Decide(Offering? state, RecordPriceObservation command, decimal cutThresholdPercent)
    {
        var point = new PricePoint(
            command.EffectiveOn, command.EndsOn, command.Price, command.Promotion, command.ModelId, command.Source, command.PriceKindLabel, command.Provenance);
        if (state is null)
        {
            var listed = new PriceListed(command.OfferingId, command.Offering, point);
            return Decision<IOfferingEvent>.Accept([listed, .. Consequences(command, point, previous: null, [point], cutThresholdPercent)]);
        }

        if (state.Details.Kind != command.Offering.Kind)
        {
            return Decision<IOfferingEvent>.Reject(
                "offering-kind-fixed",
                $"'{state.Id}' is offered as {state.Details.Kind}; a {command.Offering.Kind} price belongs to another offering.");
        }

        var inForce = PriceTimeline.AsOf(state.Timeline, command.EffectiveOn);

        // A promotion that starts on the observation's day shadows that day's list price until it ends: a list price
        // observed again is compared with the list price under the promotion, or every re-import would add it again.
        var current = inForce is { Promotion: true } && inForce.EffectiveOn == command.EffectiveOn && !command.Promotion
            ? PriceTimeline.AsOf([.. state.Timeline.Where(point => !point.Promotion)], command.EffectiveOn)
            : inForce;
        if (current is not null && current.Price.SameAs(command.Price) && current.Promotion == command.Promotion && current.ModelId == command.ModelId)
        {
            return command.EndsOn is not { } endsOn || current.EndsOn == endsOn
                ? Decision<IOfferingEvent>.Unchanged
                : Decision<IOfferingEvent>.Accept(Closing(state, current, endsOn, command.Source));
        }

        // The first day of the calendar has no day before it, and so no price before it either.
        var previous = inForce ?? (command.EffectiveOn == DateOnly.MinValue ? null : PriceTimeline.AsOf(state.Timeline, command.EffectiveOn.AddDays(-1)));
        var change = new PriceChanged(
            state.Id, state.Details, point, previous?.Price, PriceTimeline.ChangePercent(previous?.Price, command.Price));
        var timeline = PriceTimeline.Insert(state.Timeline, point);
        return Decision<IOfferingEvent>.Accept([change, .. Consequences(command with { Offering = state.Details }, point, previous?.Price, timeline, cutThresholdPercent)]);
    }

    /// <summary>
    /// A catalog's prices for an offering: as observations, in date order, when the catalog listed it (or nobody
    /// has yet); beside the offering's own prices when a hand source listed it, and only when they differ from what
    /// the catalog said before. The same snapshot again decides nothing.
    /// </summary>
    public static Decision<IOfferingEvent> Decide(Offering? state, ObserveCatalogPrices command, decimal cutThresholdPercent)
    {
        if (state is not null && state.ListedBy != command.Provenance.Catalog)
        {
            return state.CatalogViews.FirstOrDefault(view => view.Provenance.Catalog == command.Provenance.Catalog)?.Says(command.Prices) == true
                ? Decision<IOfferingEvent>.Unchanged
                : Decision<IOfferingEvent>.Accept(new CatalogPricesObserved(state.Id, state.Details, command.Prices, command.Provenance));
        }

        var events = new List<IOfferingEvent>();
        foreach (var dated in command.Prices.OrderBy(price => price.EffectiveOn))
        {
            var observation = new RecordPriceObservation(
                command.OfferingId, command.Offering, command.ModelId, dated.Price, dated.EffectiveOn, EndsOn: null, Promotion: false,
                command.Source, Provenance: command.Provenance);
            var decision = Decide(state, observation, cutThresholdPercent);
            if (decision.Rejection is not null)
            {
                return decision;
            }

            events.AddRange(decision.Events);
            state = decision.Events.Aggregate(state, Evolve);
        }

        return events.Count == 0 ? Decision<IOfferingEvent>.Unchanged : Decision<IOfferingEvent>.Accept([.. events]);
    }

    /// <summary>
    /// An offering gone from the snapshot of the catalog that listed it is delisted: its price in force closes on
    /// the day the snapshot was read. Nothing for an offering a hand source listed, one already delisted, or one whose
    /// price started that very day (a price cannot close the day it starts).
    /// </summary>
    public static Decision<IOfferingEvent> Decide(Offering state, DelistFromCatalog command)
    {
        if (state.ListedBy != command.Provenance.Catalog || state.DelistedOn is not null)
        {
            return Decision<IOfferingEvent>.Unchanged;
        }

        return PriceTimeline.AsOf(state.Timeline, command.DelistedOn) is { } inForce && inForce.EffectiveOn >= command.DelistedOn
            ? Decision<IOfferingEvent>.Unchanged
            : Decision<IOfferingEvent>.Accept(new OfferingDelisted(state.Id, state.Details, command.DelistedOn, command.Provenance));
    }

    public static Offering? Evolve(Offering? state, IOfferingEvent @event) => (state, @event) switch
    {
        (null, PriceListed listed) => new Offering(listed.OfferingId, listed.Offering, [listed.Point]) { ListedBy = listed.Point.Provenance?.Catalog },
        (not null, PriceChanged changed) => state with { Timeline = PriceTimeline.Insert(state.Timeline, changed.Point), DelistedOn = null },
        (not null, OfferingDelisted delisted) => state with { Timeline = CloseInForce(state.Timeline, delisted.DelistedOn), DelistedOn = delisted.DelistedOn },
        (not null, CatalogPricesObserved observed) => state with
        {
            CatalogViews = [.. state.CatalogViews.Where(view => view.Provenance.Catalog != observed.Provenance.Catalog), new CatalogPriceView(observed.Provenance, observed.Prices)],
        },
        (not null, PriceClosed closed) => state with { Timeline = PriceTimeline.Close(state.Timeline, closed.PriceEffectiveOn, promotion: false, closed.ClosedOn) },
        (not null, PromotionEnded ended) => state with { Timeline = PriceTimeline.Close(state.Timeline, ended.StartedOn, promotion: true, ended.EndedOn) },
        (not null, UsdAmountsDerived derived) => state with { Timeline = UsdDerivation.Apply(state.Timeline, derived) },
        _ => state,
    };

    /// <summary>The timeline with the open list price in force on <paramref name="on"/> closed then (promotions keep their own end).</summary>
    private static IReadOnlyList<PricePoint> CloseInForce(IReadOnlyList<PricePoint> timeline, DateOnly on) =>
        PriceTimeline.AsOf(timeline, on) is { Promotion: false, EndsOn: null } inForce && inForce.EffectiveOn < on
            ? PriceTimeline.Close(timeline, inForce.EffectiveOn, promotion: false, on)
            : timeline;

    /// <summary>What a new price implies besides itself: a cut, free access, the end of a promotion.</summary>
    private static IEnumerable<IOfferingEvent> Consequences(
        RecordPriceObservation command, PricePoint point, Price? previous, IReadOnlyList<PricePoint> timeline, decimal cutThresholdPercent)
    {
        var price = command.Price;

        // A move to free is -100 %, above any threshold: it is always a cut.
        if (PriceTimeline.ChangePercent(previous, price) is { } percent && -percent >= cutThresholdPercent)
        {
            yield return new PriceCutDetected(
                command.OfferingId, command.Offering, command.ModelId, command.EffectiveOn, previous!, price, percent, ToFree: price.IsFree, command.Source);
        }

        if (price.IsFree && previous?.IsFree != true)
        {
            yield return new FreeAccessIntroduced(command.OfferingId, command.Offering, command.ModelId, command.EffectiveOn, price, command.Source);
        }

        if (command.Promotion && command.EndsOn is { } endsOn)
        {
            yield return new PromotionEnded(
                command.OfferingId, command.Offering, command.ModelId, point.EffectiveOn, endsOn, price, PriceTimeline.AsOf(timeline, endsOn)?.Price, command.Source);
        }
    }

    private static IOfferingEvent Closing(Offering state, PricePoint inForce, DateOnly endsOn, string source)
    {
        if (!inForce.Promotion)
        {
            return new PriceClosed(state.Id, state.Details, inForce.EffectiveOn, endsOn, source);
        }

        var closed = PriceTimeline.Close(state.Timeline, inForce.EffectiveOn, promotion: true, endsOn);
        return new PromotionEnded(state.Id, state.Details, inForce.ModelId, inForce.EffectiveOn, endsOn, inForce.Price, PriceTimeline.AsOf(closed, endsOn)?.Price, source);
    }
}
