using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Reference;

namespace Intelligence.Pricing.Import;

/// <summary>
/// A price observation checked field by field, from a file's row or from <c>POST /observations</c> (which reads its
/// rules here too); it needs only its FX rate (or none yet) to become a command.
/// </summary>
public sealed record ObservationInput(
    string OfferingId,
    OfferingDetails Offering,
    string? ModelId,
    string Currency,
    decimal? InputPerMillion,
    decimal? OutputPerMillion,
    decimal? CachedInputPerMillion,
    decimal? MonthlyFee,
    string? FreeTierLimits,
    DateOnly EffectiveOn,
    DateOnly? EndsOn,
    bool Promotion,
    string Source)
{
    /// <summary>The source's label for the kind of price when no documented mapping covers it.</summary>
    public string? PriceKindLabel { get; init; }

    public Domain.RecordPriceObservation ToCommand(decimal? unitsPerUsd) => new(
        OfferingId,
        Offering,
        ModelId,
        new Price(Currency, InputPerMillion, OutputPerMillion, CachedInputPerMillion, MonthlyFee, FreeTierLimits, unitsPerUsd),
        EffectiveOn,
        EndsOn,
        Promotion,
        Source,
        PriceKindLabel);
}

/// <summary>The rules every price observation meets, whether it comes from the API or an import file.</summary>
internal static class ObservationRules
{
    /// <summary>What each kind needs: API prices per million tokens, plans a monthly fee, free tiers a fee of 0.</summary>
    public static void CheckAmounts(
        OfferingKind kind, decimal? input, decimal? output, decimal? cachedInput, decimal? monthlyFee, Validation validation, Func<string, string> field)
    {
        validation.Check(input is null or >= 0, field("inputPerMillion"), "must not be negative")
            .Check(output is null or >= 0, field("outputPerMillion"), "must not be negative")
            .Check(cachedInput is null or >= 0, field("cachedInputPerMillion"), "must not be negative")
            .Check(monthlyFee is null or >= 0, field("monthlyFee"), "must not be negative");
        foreach (var (name, amount) in new[] { ("inputPerMillion", input), ("outputPerMillion", output), ("cachedInputPerMillion", cachedInput), ("monthlyFee", monthlyFee) })
        {
            validation.Check(amount is not > Price.MaxAmount, field(name), $"must be at most {Price.MaxAmount:0}");
        }

        switch (kind)
        {
            case OfferingKind.Api:
                validation.Check(input is not null, field("inputPerMillion"), "is required for an API price")
                    .Check(output is not null, field("outputPerMillion"), "is required for an API price")
                    .Check(monthlyFee is null, field("monthlyFee"), "is for plans, not API prices");
                break;
            case OfferingKind.Subscription:
                validation.Check(monthlyFee is not null, field("monthlyFee"), "is required for a subscription")
                    .Check(input is null && output is null && cachedInput is null, field("inputPerMillion"), "is for API prices, not subscriptions");
                break;
            case OfferingKind.FreeTier:
                validation.Check(monthlyFee is null or 0, field("monthlyFee"), "must be 0 or absent for a free tier")
                    .Check(input is null && output is null && cachedInput is null, field("inputPerMillion"), "is for API prices, not free tiers");
                break;
        }
    }

    public static void CheckDates(DateOnly? effectiveOn, DateOnly? endsOn, bool promotion, DateOnly today, Validation validation)
    {
        validation.Check(effectiveOn is not null, "effectiveOn", "is required")
            .Check(effectiveOn is null || effectiveOn <= today, "effectiveOn", $"must not be in the future (today is {today:yyyy-MM-dd})")
            .Check(endsOn is null || effectiveOn is null || endsOn > effectiveOn, "endsOn", "must be after effectiveOn")
            .Check(!promotion || endsOn is not null, "endsOn", "is required for a promotion: the list price returns on it");
    }

    public static string? Currency(string? text, Currencies currencies, Validation validation)
    {
        var reading = currencies.Read(text);
        validation.Check(reading.Code is not null, "currency", reading.Problem ?? "is required");
        return reading.Code;
    }

    public static bool IsWebUrl(string value) =>
        value.Length <= 2000
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
