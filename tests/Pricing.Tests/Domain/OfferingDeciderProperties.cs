using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Reference;
using Intelligence.TestSupport;
using ObservationBody = Intelligence.Pricing.Features.RecordPriceObservation.ObservationBody;
using RecordPriceObservation = Intelligence.Pricing.Domain.RecordPriceObservation;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>
/// Properties of <see cref="OfferingDecider"/> and <see cref="FxRateTable"/> over generated observations. Bodies
/// go through the service's own validation first, as the API does: an invalid one must name its fields, a valid
/// one becomes a command (at an FX rate the service would accept) decided on the offering's folded state.
/// </summary>
public sealed partial class OfferingDeciderProperties
{
    private const long Sequences = 1000;
    private const decimal Threshold = OfferingDecider.DefaultCutThresholdPercent;
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly DateOnly Around = new(2024, 6, 1);

    private static readonly Gen<DateOnly> Dates = Gen.Frequency(
        (1, Gen.OneOf(DateOnly.MinValue, DateOnly.MinValue.AddDays(1), DateOnly.MaxValue)),
        (8, Gen.Int[-120, 120].Select(days => Around.AddDays(days))));

    /// <summary>Amounts as sources state them, and now and then the smallest and largest the rules let through.</summary>
    private static readonly Gen<decimal> Amounts = Gen.Frequency(
        (6, Gen.OneOf(0m, 0.14m, 2.5m, 10m, 15m, 20m, 60m)),
        (2, Gen.Decimal[0m, 100m].Select(amount => Math.Round(amount, 2))),
        (1, Gen.OneOf(0.000001m, 1e-28m, Price.MaxAmount, decimal.MaxValue)));

    /// <summary>A body as a client would send it for its kind: few providers and names, so offerings repeat and change.</summary>
    private static readonly Gen<ObservationBody> Plausible = Gen.Select(
        Gen.Select(Gen.OneOf("OpenAI", "DeepSeek"), Gen.OneOf("GPT-4o", "ChatGPT Plus"), Gen.Enum<OfferingKind>(), Gen.OneOf("USD", "USD", "CNY")),
        Gen.Select(Amounts, Amounts, Amounts.Nullable(0.7)),
        Gen.Select(Gen.Int[0, 4].Select(n => n == 0), Dates, Gen.Int[1, 200].Nullable(0.6)),
        (who, amounts, when) =>
        {
            var (provider, name, kind, currency) = who;
            var (first, second, cached) = amounts;
            var (promotion, on, days) = when;
            var endsOn = promotion ? on.AddDays(Math.Min(days ?? 30, DateOnly.MaxValue.DayNumber - on.DayNumber)) : days is { } d && on.DayNumber + d <= DateOnly.MaxValue.DayNumber ? (DateOnly?)on.AddDays(d) : null;
            return new ObservationBody(
                provider, provider == "OpenAI" ? "US" : "CN", name, kind, kind == OfferingKind.Api ? "gpt-4o" : null, currency,
                kind == OfferingKind.Api ? first : null, kind == OfferingKind.Api ? second : null, kind == OfferingKind.Api ? cached : null,
                kind switch { OfferingKind.Subscription => first, OfferingKind.FreeTier => 0m, _ => null },
                kind == OfferingKind.FreeTier ? "10 messages a day" : null, promotion, on, endsOn == on ? null : endsOn, "https://example.org/pricing");
        });

    /// <summary>What careless or hostile clients send instead: each breaks one rule.</summary>
    private static readonly Gen<Func<ObservationBody, ObservationBody>> Corruptions = Gen.OneOf<Func<ObservationBody, ObservationBody>>(
        body => body with { Provider = string.Empty },
        body => body with { Provider = "\u200B\0" },
        body => body with { Offering = new string('x', 201) },
        body => body with { ProviderCountry = "XX" },
        body => body with { Kind = null },
        body => body with { ModelId = "GPT 4o" },
        body => body with { Currency = "XXX" },
        body => body with { InputPerMillion = -1m, OutputPerMillion = 1m },
        body => body with { MonthlyFee = -0.000001m },
        body => body with { OutputPerMillion = decimal.MaxValue },
        body => body with { EffectiveOn = null },
        body => body with { EffectiveOn = DateOnly.MaxValue },
        body => body with { EndsOn = body.EffectiveOn },
        body => body with { Promotion = true, EndsOn = null },
        body => body with { SourceUrl = "ftp://example.org" },
        body => body with { FreeTierLimits = new string('x', 2001) });

    private static readonly Gen<ObservationBody> Bodies = Gen.Frequency(
        (3, Plausible),
        (1, Gen.Select(Plausible, Corruptions, (body, corrupt) => corrupt(body))));

    /// <summary>Units per dollar, from a typical rate to the ends a careless entry reaches; only those the service accepts are used.</summary>
    private static readonly Gen<decimal> Rates = Gen.OneOf(7.2m, 7.1m, 0.92m, 1m, 150m, 1e-28m, 0.000001m, 1_000_000_000m, decimal.MaxValue);

    private static readonly Gen<(ObservationBody Body, decimal Rate)[]> Histories = Gen.Select(Bodies, Rates).Array[1, 25];

    private sealed record Step(string? OfferingId, Offering? Before, RecordPriceObservation? Command, Decision<IOfferingEvent>? Decision, Offering? After, IReadOnlyDictionary<string, List<string>> Invalid);

    private static List<Step> Run((ObservationBody Body, decimal Rate)[] history)
    {
        var offerings = new Dictionary<string, Offering?>();
        var steps = new List<Step>();
        foreach (var (body, rate) in history)
        {
            var validation = new Validation();
            var input = Features.RecordPriceObservation.Validate(body, Currencies.Iso4217, Today, validation);
            if (input is null || !FxRateTable.IsPlausible(rate))
            {
                var errors = input is null ? validation.ToProblem().ProblemDetails.Errors.ToDictionary(e => e.Key, e => e.Value.ToList()) : new() { ["unitsPerUsd"] = ["outside the plausible range"] };
                steps.Add(new Step(null, null, null, null, null, errors));
                continue;
            }

            var command = input.ToCommand(input.Currency == FxRateTable.Usd ? 1m : rate);
            var before = offerings.GetValueOrDefault(input.OfferingId);
            var decision = OfferingDecider.Decide(before, command, Threshold);
            var after = decision.Events.Aggregate(before, OfferingDecider.Evolve);
            offerings[input.OfferingId] = after;
            steps.Add(new Step(input.OfferingId, before, command, decision, after, new Dictionary<string, List<string>>()));
        }

        return steps;
    }

    private static void Check(Action<List<Step>> property)
    {
        long cases = 0, bad = 0, changes = 0;
        var clock = Stopwatch.StartNew();
        Histories.Sample(
            history =>
            {
                var steps = Run(history);
                property(steps);
                cases += steps.Count;
                bad += steps.Count(step => step.Command is null || step.Decision!.Rejection is not null);
                changes += Decided(steps).Count(step => step.Decision!.Events.Any(e => e is PriceChanged));
            },
            iter: Sequences,
            threads: 1);

        // The generators reach the decider often enough to matter, changes of an existing price included.
        Assert.True(cases - bad > cases / 5, $"{cases - bad} of {cases} decided");
        Assert.True(changes > cases / 50, $"{changes} changes of {cases}");
        PropertyLedger.Add("pricing", cases, bad, clock.Elapsed);
    }

    private static IEnumerable<Step> Decided(List<Step> steps) => steps.Where(step => step.Decision is not null);

    private static bool SameOffering(Offering? left, Offering? right) =>
        left is null ? right is null : right is not null && left.Id == right.Id && left.Details == right.Details && left.Timeline.SequenceEqual(right.Timeline);

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    [Fact]
    public void Decide_never_throws_a_refused_body_names_its_fields_and_a_rejection_stores_nothing_and_names_its_rule() => Check(steps =>
    {
        foreach (var step in steps)
        {
            if (step.Decision is null)
            {
                Assert.NotEmpty(step.Invalid);
                Assert.All(step.Invalid, field => Assert.NotEmpty(field.Value));
            }
            else if (step.Decision.Rejection is { } rejection)
            {
                Assert.Empty(step.Decision.Events);
                Assert.Matches(KebabCase(), rejection.Rule);
                Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
            }
        }
    });

    [Fact]
    public void Folding_each_offering_s_accepted_events_from_nothing_gives_the_state_built_step_by_step() => Check(steps =>
    {
        foreach (var offering in Decided(steps).GroupBy(step => step.OfferingId!))
        {
            var events = offering.SelectMany(step => step.Decision!.Events).ToList();

            var rebuilt = events.Aggregate((Offering?)null, OfferingDecider.Evolve);

            Assert.True(SameOffering(offering.Last().After, rebuilt));
            Assert.IsType<PriceListed>(events[0]);
            Assert.DoesNotContain(events.Skip(1), e => e is PriceListed);
            Assert.All(events, e => Assert.Equal(offering.Key, e.OfferingId));
        }
    });

    [Fact]
    public void An_offering_keeps_its_kind_and_a_timeline_in_date_order_of_non_negative_prices() => Check(steps =>
    {
        foreach (var step in Decided(steps))
        {
            if (step.Before is { } before)
            {
                Assert.Equal(before.Details, step.After!.Details);
                if (before.Details.Kind != step.Command!.Offering.Kind)
                {
                    Assert.Equal("offering-kind-fixed", step.Decision!.Rejection?.Rule);
                }
            }

            var timeline = step.After!.Timeline;
            Assert.Equal(timeline.OrderBy(point => point.EffectiveOn), timeline);
            Assert.All(timeline, point => Assert.True(
                point.Price is { InputPerMillion: null or >= 0, OutputPerMillion: null or >= 0, CachedInputPerMillion: null or >= 0, MonthlyFee: null or >= 0 }));
        }
    });

    [Fact]
    public void A_cut_is_a_fall_by_the_threshold_or_to_free_and_free_access_comes_with_a_free_price() => Check(steps =>
    {
        foreach (var @event in Decided(steps).SelectMany(step => step.Decision!.Events))
        {
            switch (@event)
            {
                case PriceCutDetected cut:
                    Assert.True(cut.Percent <= -Threshold || (cut.ToFree && cut.Percent == -100), $"{cut.Percent}");
                    Assert.Equal(cut.ToFree, cut.To.IsFree);
                    // A cut is measured in the stated currency when both prices share one, so a move of the rate is none.
                    Assert.True(cut.From.Currency == cut.To.Currency ? cut.From.Comparable > cut.To.Comparable : cut.From.ComparableUsd > cut.To.ComparableUsd);
                    break;
                case FreeAccessIntroduced free:
                    Assert.True(free.Price.IsFree);
                    break;
            }
        }
    });

    [Fact]
    public void An_observation_recorded_again_right_after_it_was_accepted_stores_nothing() => Check(steps =>
    {
        foreach (var step in Decided(steps).Where(step => step.Decision!.Rejection is null))
        {
            var again = OfferingDecider.Decide(step.After, step.Command!, Threshold);

            Assert.Null(again.Rejection);
            Assert.True(again.Events.Count == 0, $"{step.Command} on {string.Join(" | ", step.After!.Timeline)} gave {string.Join(", ", again.Events)}");
        }
    });

    private static readonly Gen<(DateOnly On, decimal Rate)[]> FxHistories = Gen.Select(Dates, Rates).Array[1, 20];

    [Fact]
    public void An_fx_table_holds_one_rate_per_date_in_date_order_the_latest_recorded_for_each_date_in_force()
    {
        long cases = 0;
        var clock = Stopwatch.StartNew();
        FxHistories.Sample(
        history =>
        {
            cases += history.Length;
            FxRateTable? table = null;
            var latestByDate = new Dictionary<DateOnly, decimal>();
            foreach (var (on, rate) in history)
            {
                var command = new Intelligence.Pricing.Domain.RecordFxRate("CNY", on, rate, "https://example.org/fx");
                var decision = FxRateTable.Decide(table, command);
                table = decision.Events.Aggregate(table, FxRateTable.Evolve);
                latestByDate[on] = rate;

                Assert.Empty(FxRateTable.Decide(table, command).Events);
            }

            Assert.Equal(latestByDate.Keys.Order(), table!.Rates.Select(rate => rate.EffectiveOn));
            foreach (var (on, rate) in latestByDate)
            {
                Assert.Equal(rate, FxRateTable.InForce(table, "CNY", on));
            }
        },
        iter: Sequences,
        threads: 1);
        PropertyLedger.Add("pricing", cases, 0, clock.Elapsed);
    }
}
