using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Import;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>POST /fx-rates</c>: an FX rate in force from a date, as units of the currency per US dollar. The rate in force
/// on a date is the latest on or before it; the same rate again stores nothing; a new rate for a recorded date
/// replaces it (the events keep both). USD amounts follow the table: every price in the currency that the new rate
/// now covers (from its date to the next rate) gets its USD amounts derived again in the same transaction, pending
/// ones included; the stated amounts never change.
/// </summary>
public static class RecordFxRate
{
    /// <param name="Outcome">recorded or unchanged.</param>
    /// <param name="PricesDerived">Prices whose USD amounts the rate derived (pending before, or at another rate).</param>
    public sealed record FxRateResult(string Outcome, string Currency, IReadOnlyList<FxRate> Rates, long Version, int PricesDerived);

    public sealed record FxRateBody(string? Currency, DateOnly? EffectiveOn, decimal? UnitsPerUsd, string? SourceUrl);

    public static IEndpointRouteBuilder MapRecordFxRate(this IEndpointRouteBuilder app)
    {
        app.MapPost("/fx-rates", Handle)
            .WithName("RecordFxRate")
            .WithSummary("Record an FX rate: unitsPerUsd units of the currency buy one US dollar from effectiveOn. 201 when recorded, 200 when unchanged. "
                + "The prices in the currency that it now covers get their USD amounts derived (pricesDerived).")
            .Produces<FxRateResult>(StatusCodes.Status201Created)
            .Produces<FxRateResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(FxRateBody body, HttpContext http, IDocumentSession session, Currencies currencies, TimeProvider clock)
    {
        var today = clock.UtcDate();
        var validation = new Validation();
        var currency = ObservationRules.Currency(body.Currency, currencies, validation);
        var source = body.SourceUrl?.Trim() ?? string.Empty;
        validation.Check(currency != FxRateTable.Usd, "currency", "is the base currency: USD is always 1")
            .Check(body.UnitsPerUsd is not null, "unitsPerUsd", "is required")
            .Check(body.UnitsPerUsd is null or > 0, "unitsPerUsd", "must be above 0")
            .Check(body.UnitsPerUsd is not > 0 || FxRateTable.IsPlausible(body.UnitsPerUsd.Value), "unitsPerUsd", $"must be from {FxRateTable.MinUnitsPerUsd} to {FxRateTable.MaxUnitsPerUsd:0} units per US dollar")
            .Check(body.EffectiveOn is not null, "effectiveOn", "is required")
            .Check(body.EffectiveOn is null || body.EffectiveOn <= today, "effectiveOn", $"must not be in the future (today is {today:yyyy-MM-dd})")
            .Check(source.Length > 0, "sourceUrl", "is required")
            .Check(source.Length == 0 || ObservationRules.IsWebUrl(source), "sourceUrl", "must be an absolute http or https URL");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var command = new Domain.RecordFxRate(currency!, body.EffectiveOn!.Value, body.UnitsPerUsd!.Value, source);
        var rates = await StreamCommand.OpenAsync<FxRateEntry>(http, session, FxRateTable.StreamIdOf(command.Currency));
        if (rates.Refusal is { } refusal)
        {
            return refusal;
        }

        var before = rates.Current?.Table;
        return await rates.CommitAsync(FxRateTable.Decide(before, command), before, FxRateTable.Evolve, async decided =>
        {
            var table = decided.After;
            if (decided.Events.Count == 0)
            {
                return new CommandAnswer(StatusCodes.Status200OK, null, new FxRateResult("unchanged", command.Currency, table.Rates, decided.Version, 0));
            }

            var derived = await UsdDerivations.DeriveAsync(
                session, table, command.EffectiveOn, table.Rates.FirstOrDefault(rate => rate.EffectiveOn > command.EffectiveOn)?.EffectiveOn, http.RequestAborted);
            return new CommandAnswer(StatusCodes.Status201Created, $"/fx-rates/{command.Currency}", new FxRateResult("recorded", command.Currency, table.Rates, decided.Version, derived));
        });
    }
}
