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
        var point = new PricePoint(command.EffectiveOn, command.EndsOn, command.Price, command.Promotion, command.ModelId, command.Source, command.PriceKindLabel);
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

    public static Offering? Evolve(Offering? state, IOfferingEvent @event) => (state, @event) switch
    {
        (null, PriceListed listed) => new Offering(listed.OfferingId, listed.Offering, [listed.Point]),
        (not null, PriceChanged changed) => state with { Timeline = PriceTimeline.Insert(state.Timeline, changed.Point) },
        (not null, PriceClosed closed) => state with { Timeline = PriceTimeline.Close(state.Timeline, closed.PriceEffectiveOn, promotion: false, closed.ClosedOn) },
        (not null, PromotionEnded ended) => state with { Timeline = PriceTimeline.Close(state.Timeline, ended.StartedOn, promotion: true, ended.EndedOn) },
        (not null, UsdAmountsDerived derived) => state with { Timeline = UsdDerivation.Apply(state.Timeline, derived) },
        _ => state,
    };

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
