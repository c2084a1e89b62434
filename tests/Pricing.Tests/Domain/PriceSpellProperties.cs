using CsCheck;
using Intelligence.Pricing.Domain;
using static Intelligence.Pricing.Tests.Domain.Prices;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>
/// The spells of a timeline say what <see cref="PriceTimeline.AsOf"/> says, day by day: the read models that answer
/// "in force on a date" with an indexed query (landscape, price index) store spells instead of timelines.
/// </summary>
public sealed class PriceSpellProperties
{
    private static readonly DateOnly Start = new(2024, 1, 1);

    /// <summary>Timelines as observations build them: points inserted in any order, list or promotion, some closed.</summary>
    private static readonly Gen<IReadOnlyList<PricePoint>> Timelines =
        Gen.Select(Gen.Int[0, 60], Gen.Int[1, 40].Nullable(0.6), Gen.Bool, Gen.OneOf(1m, 2m, 3m))
            .Array[0, 8]
            .Select(points => points.Aggregate(
                (IReadOnlyList<PricePoint>)[],
                (timeline, p) => PriceTimeline.Insert(
                    timeline,
                    new PricePoint(Start.AddDays(p.Item1), p.Item2 is { } days ? Start.AddDays(p.Item1 + days) : null, Usd(p.Item4, p.Item4), p.Item3, "model", Source))));

    [Fact]
    public void Every_day_of_a_spell_has_its_point_in_force_and_days_outside_every_spell_have_none()
    {
        Timelines.Sample(timeline =>
        {
            var spells = PriceTimeline.Spells(timeline);
            for (var day = Start.AddDays(-1); day <= Start.AddDays(110); day = day.AddDays(1))
            {
                var covering = spells.Where(s => s.From <= day && (s.Until is null || day < s.Until)).ToList();
                var inForce = PriceTimeline.AsOf(timeline, day);
                if (inForce is null ? covering.Count != 0 : covering.Count != 1 || !ReferenceEquals(covering[0].Point, inForce))
                {
                    return false;
                }
            }

            return spells.Zip(spells.Skip(1)).All(pair => pair.First.Until is { } until && until <= pair.Second.From);
        });
    }

    [Fact]
    public void A_promotion_splits_the_list_price_into_two_spells()
    {
        // DeepSeek-V3: the list price from 2024-12-26 under a promotion until 2025-02-08.
        IReadOnlyList<PricePoint> timeline = [Point("2024-12-01", Usd(0.27m, 1.1m)), Point("2024-12-26", Usd(0.14m, 0.28m), until: "2025-02-08", promotion: true)];

        var spells = PriceTimeline.Spells(timeline);

        Assert.Equal(
            [(D("2024-12-01"), D("2024-12-26"), 0.27m), (D("2024-12-26"), D("2025-02-08"), 0.14m), (D("2025-02-08"), null, 0.27m)],
            spells.Select(s => (s.From, s.Until, s.Point.Price.InputPerMillion!.Value)));
    }
}
