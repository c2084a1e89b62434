using Intelligence.Platform.Domain;

namespace Intelligence.Pricing.Domain;

/// <summary>An FX rate was recorded: from <paramref name="EffectiveOn"/>, one US dollar buys <paramref name="UnitsPerUsd"/> of the currency.</summary>
/// <param name="ValidUntil">The first day the rate no longer applies when its source stops there (a gap in a monthly table); null while the next rate is what ends it.</param>
public sealed record FxRateRecorded(string Currency, DateOnly EffectiveOn, decimal UnitsPerUsd, string Source, DateOnly? ValidUntil = null);

/// <summary>One dated rate; <paramref name="ValidUntil"/> ends it before the next one where its source has a gap.</summary>
public sealed record FxRate(DateOnly EffectiveOn, decimal UnitsPerUsd, string Source, DateOnly? ValidUntil = null);

/// <summary>The dated rates of one currency, in date order: FX rates are data, never constants in code.</summary>
public sealed record FxRateTable(string Currency, IReadOnlyList<FxRate> Rates)
{
    public const string Usd = "USD";

    /// <summary>
    /// Units per dollar outside these bounds are typing errors (real rates run from about 0.3 to about a million);
    /// the bounds also keep amounts converted to USD within decimal's range.
    /// </summary>
    public const decimal MinUnitsPerUsd = 0.0001m;

    public const decimal MaxUnitsPerUsd = 1_000_000_000m;

    public static bool IsPlausible(decimal unitsPerUsd) => unitsPerUsd is >= MinUnitsPerUsd and <= MaxUnitsPerUsd;

    /// <summary>The stream (and read model) id of a currency's rates: "fx-cny", as the published event names it.</summary>
    public static string StreamIdOf(string currency) => Contracts.Pricing.FxRateRecorded.StreamIdOf(currency);

    /// <summary>The rate in force on <paramref name="date"/>: the latest on or before it. USD is always 1.</summary>
    public static decimal? InForce(FxRateTable? table, string currency, DateOnly date) =>
        currency == Usd ? 1m : RateOn(table, date)?.UnitsPerUsd;

    /// <summary>
    /// The rate of the table in force on <paramref name="date"/>: the latest on or before it, unless it stopped before
    /// the date (a month its source does not cover has no rate, rather than the last month's carried over it).
    /// </summary>
    public static FxRate? RateOn(FxRateTable? table, DateOnly date) =>
        table?.Rates.LastOrDefault(rate => rate.EffectiveOn <= date) is { } rate && (rate.ValidUntil is null || rate.ValidUntil > date) ? rate : null;

    public static Decision<FxRateRecorded> Decide(FxRateTable? state, RecordFxRate command) =>
        state?.Rates.Any(rate => rate.EffectiveOn == command.EffectiveOn && rate.UnitsPerUsd == command.UnitsPerUsd && rate.ValidUntil == command.ValidUntil) == true
            ? Decision<FxRateRecorded>.Unchanged
            : Decision<FxRateRecorded>.Accept(new FxRateRecorded(command.Currency, command.EffectiveOn, command.UnitsPerUsd, command.Source, command.ValidUntil));

    /// <summary>A rate recorded again for a date replaces that date's rate (a correction); the events keep both.</summary>
    public static FxRateTable Evolve(FxRateTable? state, FxRateRecorded recorded) => new(
        recorded.Currency,
        [.. (state?.Rates ?? []).Where(rate => rate.EffectiveOn != recorded.EffectiveOn)
            .Append(new FxRate(recorded.EffectiveOn, recorded.UnitsPerUsd, recorded.Source, recorded.ValidUntil))
            .OrderBy(rate => rate.EffectiveOn)]);
}
