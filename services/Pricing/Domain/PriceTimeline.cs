namespace Intelligence.Pricing.Domain;

/// <summary>The days from <paramref name="From"/> up to <paramref name="Until"/> (excluded; null while open-ended) over which <paramref name="Point"/> is in force.</summary>
public sealed record PriceSpell(DateOnly From, DateOnly? Until, PricePoint Point);

/// <summary>A day on which the price in force changed: <paramref name="Before"/> the day before (null: a listing), <paramref name="After"/> from it (null: a closing).</summary>
public sealed record PriceMove(DateOnly On, PricePoint? Before, PricePoint? After);

/// <summary>An offering's dated prices, and what they say about any date: pure functions, no clock.</summary>
public static class PriceTimeline
{
    /// <summary>
    /// The price in force on <paramref name="date"/>, or null when there is none (before the first listing, or
    /// after a price closed with nothing after it). The latest list price on or before the date applies unless it
    /// has ended; an active promotion that started on or after it overrides it, and when the promotion ends the
    /// list price returns. Points with the same date apply in the order they were recorded.
    /// </summary>
    public static PricePoint? AsOf(IReadOnlyList<PricePoint> timeline, DateOnly date)
    {
        PricePoint? list = null;
        PricePoint? promotion = null;
        foreach (var point in timeline)
        {
            if (point.EffectiveOn > date)
            {
                break;
            }

            if (!point.Promotion)
            {
                list = point;
            }
            else if (point.EndsOn is null || point.EndsOn > date)
            {
                promotion = point;
            }
            else if (promotion is not null && promotion.EffectiveOn <= point.EffectiveOn)
            {
                // A later promotion that has ended also ends an earlier one it replaced.
                promotion = null;
            }
        }

        if (list?.EndsOn is { } listEnd && listEnd <= date)
        {
            list = null;
        }

        return promotion is not null && (list is null || promotion.EffectiveOn >= list.EffectiveOn) ? promotion : list;
    }

    /// <summary>
    /// The days on which the price in force (<see cref="AsOf"/>) differs from the day before's, with both prices. Only
    /// the days a point starts or ends can change it.
    /// </summary>
    public static IEnumerable<PriceMove> Moves(IReadOnlyList<PricePoint> timeline) =>
        timeline
            .SelectMany(point => point.EndsOn is { } ends ? [point.EffectiveOn, ends] : new[] { point.EffectiveOn })
            .Where(day => day > DateOnly.MinValue)
            .Distinct()
            .Order()
            .Select(day => new PriceMove(day, AsOf(timeline, day.AddDays(-1)), AsOf(timeline, day)))
            .Where(move => !SamePrice(move.Before, move.After));

    private static bool SamePrice(PricePoint? before, PricePoint? after) =>
        before is null ? after is null : after is not null && before.Price.SameAs(after.Price);

    /// <summary>
    /// The timeline cut into spells: runs of days over which one point is in force (<see cref="AsOf"/> is the same on
    /// every day of a spell), oldest first, with no spell for days without a price. What is in force can change only
    /// on a day some point starts or ends, so each such day opens a spell, and runs of one point are joined.
    /// </summary>
    public static IReadOnlyList<PriceSpell> Spells(IReadOnlyList<PricePoint> timeline)
    {
        var days = timeline.Select(point => point.EffectiveOn)
            .Concat(timeline.Select(point => point.EndsOn).OfType<DateOnly>())
            .Distinct()
            .Order()
            .ToList();
        var spells = new List<PriceSpell>();
        for (var i = 0; i < days.Count; i++)
        {
            var until = i + 1 < days.Count ? days[i + 1] : (DateOnly?)null;
            if (AsOf(timeline, days[i]) is not { } inForce)
            {
                continue;
            }

            if (spells.Count > 0 && spells[^1].Until == days[i] && ReferenceEquals(spells[^1].Point, inForce))
            {
                spells[^1] = spells[^1] with { Until = until };
            }
            else
            {
                spells.Add(new PriceSpell(days[i], until, inForce));
            }
        }

        return spells;
    }

    /// <summary>The timeline with <paramref name="point"/> placed by date, after the points of the same date.</summary>
    public static IReadOnlyList<PricePoint> Insert(IReadOnlyList<PricePoint> timeline, PricePoint point)
    {
        var index = 0;
        while (index < timeline.Count && timeline[index].EffectiveOn <= point.EffectiveOn)
        {
            index++;
        }

        return [.. timeline.Take(index), point, .. timeline.Skip(index)];
    }

    /// <summary>The timeline with the end date of the point that started on <paramref name="effectiveOn"/> set.</summary>
    public static IReadOnlyList<PricePoint> Close(IReadOnlyList<PricePoint> timeline, DateOnly effectiveOn, bool promotion, DateOnly endsOn)
    {
        var index = -1;
        for (var i = 0; i < timeline.Count; i++)
        {
            if (timeline[i].EffectiveOn == effectiveOn && timeline[i].Promotion == promotion)
            {
                index = i;
            }
        }

        return index < 0 ? timeline : [.. timeline.Select((p, i) => i == index ? p with { EndsOn = endsOn } : p)];
    }

    /// <summary>
    /// How much a price moved, in percent: in the stated currency when both prices are in one (a move of the exchange
    /// rate is not a price change, and a price without a rate yet still compares), else in USD; null from zero or
    /// when either USD figure is pending.
    /// </summary>
    public static decimal? ChangePercent(Price? from, Price? to) => from is null || to is null
        ? null
        : from.Currency == to.Currency ? ChangePercent(from.Comparable, to.Comparable) : ChangePercent(from.ComparableUsd, to.ComparableUsd);

    /// <summary>Percentage change from <paramref name="from"/> to <paramref name="to"/>, two decimals; null from zero.</summary>
    public static decimal? ChangePercent(decimal? from, decimal? to) =>
        from is { } before && to is { } after && before != 0 ? Math.Round((after - before) / before * 100, 2) : null;
}
