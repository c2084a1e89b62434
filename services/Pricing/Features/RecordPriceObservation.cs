using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.Domain;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Import;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>POST /observations</c>: a price seen in the world from a date, with its source. The service decides what it
/// means: a first listing (<c>201</c>), a change, a closing (the same price with an end date), or nothing (the
/// same price again). Amounts in any currency, kept as stated; converted to USD at the rate in force on the date, or
/// kept with USD amounts pending (<c>usdPending</c>) until a rate for that date is recorded.
/// </summary>
public static class RecordPriceObservation
{
    /// <param name="Outcome">listed, changed, closed or unchanged.</param>
    /// <param name="Events">The events recorded, by type (price-listed, price-changed, price-cut-detected, ...).</param>
    public sealed record ObservationResult(string Outcome, IReadOnlyList<string> Events, OfferingResponse Offering);

    /// <param name="Offering">The offering's name at the provider: the model's API name, or the plan's name.</param>
    /// <param name="ProviderCountry">The provider's home country: an ISO 3166-1 alpha-2 code or a name; a place no table knows is kept by its name (bloc unknown).</param>
    /// <param name="ModelId">The catalog model id (releases' slug); required for API prices, optional for plans.</param>
    /// <param name="Promotion">A promotional price: requires <paramref name="EndsOn"/>, after which the list price returns.</param>
    /// <param name="EndsOn">The first day the price no longer applies, when the source states one.</param>
    public sealed record ObservationBody(
        string? Provider,
        string? ProviderCountry,
        string? Offering,
        OfferingKind? Kind,
        string? ModelId,
        string? Currency,
        decimal? InputPerMillion,
        decimal? OutputPerMillion,
        decimal? CachedInputPerMillion,
        decimal? MonthlyFee,
        string? FreeTierLimits,
        bool? Promotion,
        DateOnly? EffectiveOn,
        DateOnly? EndsOn,
        string? SourceUrl);

    public static IEndpointRouteBuilder MapRecordPriceObservation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/observations", Handle)
            .WithName("RecordPriceObservation")
            .WithSummary("Record a price observation. API prices are per million tokens; the blended price weighs input 3 to output 1 "
                + "(the convention of public LLM price comparisons). A fall of the blended USD price (monthly fee for plans) by the "
                + "threshold (20% by default) or to free is a price cut. 201 for a first listing, 200 otherwise (outcome changed, closed or unchanged).")
            .Produces<ObservationResult>(StatusCodes.Status201Created)
            .Produces<ObservationResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(
        ObservationBody body,
        HttpContext http,
        IDocumentSession session,
        Countries countries,
        Currencies currencies,
        PricingSettings settings,
        TimeProvider clock)
    {
        var today = clock.UtcDate();
        var validation = new Validation();
        var input = Validate(body, currencies, today, validation);
        if (input is null)
        {
            return validation.ToProblem();
        }

        var rates = input.Currency == FxRateTable.Usd
            ? null
            : await session.LoadAsync<FxRateEntry>(FxRateTable.StreamIdOf(input.Currency), http.RequestAborted);
        var rate = FxRateTable.InForce(rates?.Table, input.Currency, input.EffectiveOn);

        var offering = await StreamCommand.OpenAsync<OfferingEntry>(http, session, input.OfferingId);
        if (offering.Refusal is { } refusal)
        {
            return refusal;
        }

        var before = offering.Current?.State;
        return await offering.CommitAsync(
            OfferingDecider.Decide(before, input.ToCommand(rate), settings.PriceCutThresholdPercent),
            before,
            OfferingDecider.Evolve,
            async decided =>
            {
                var state = decided.After;
                if (decided.Events.Count > 0)
                {
                    // The listing is projected from the replica at the commit: see CatalogReplica.ShareModelsAsync for why.
                    await CatalogReplica.ShareModelsAsync(session, [decided.Before?.ModelId, state.ModelId], http.RequestAborted);
                }

                var model = state.ModelId is { } modelId ? await session.LoadAsync<CatalogModel>(modelId, http.RequestAborted) : null;
                var outcome = (decided.Events.Count > 0 ? decided.Events[0] : null) switch
                {
                    PriceListed => "listed",
                    PriceChanged => "changed",
                    null => "unchanged",
                    _ => "closed",
                };
                var result = new ObservationResult(
                    outcome, [.. decided.Events.Select(EventNames.Of)], OfferingResponse.From(OfferingListing.Of(state, decided.Version, model, countries), today));
                return outcome == "listed"
                    ? new CommandAnswer(StatusCodes.Status201Created, $"/offerings/{state.Id}", result)
                    : new CommandAnswer(StatusCodes.Status200OK, null, result);
            });
    }

    internal static ObservationInput? Validate(ObservationBody body, Currencies currencies, DateOnly today, Validation validation)
    {
        var provider = body.Provider?.Trim() ?? string.Empty;
        var name = body.Offering?.Trim() ?? string.Empty;
        var place = body.ProviderCountry?.Trim() ?? string.Empty;
        var country = place.Length == 0 ? place : Origins.Read(CountryNames.Default, place);
        var modelId = body.ModelId?.Trim() is { Length: > 0 } id ? id : null;
        var source = body.SourceUrl?.Trim() ?? string.Empty;
        validation.Check(provider.Length is > 0 and <= 200, "provider", "is required, at most 200 characters")
            .Check(name.Length is > 0 and <= 200, "offering", "is required, at most 200 characters")
            .Check(provider.Length == 0 || Slugs.From(provider).Length > 0, "provider", "must contain letters or digits")
            .Check(name.Length == 0 || Slugs.From(name).Length > 0, "offering", "must contain letters or digits")
            .Check(Labels.Problem(place) is null, "providerCountry", $"{Labels.Problem(place)}: a country's code or name (a place no table knows is kept by its name, bloc unknown)")
            .Check(body.Kind is not null, "kind", "is required: api, subscription or free-tier")
            .Check(body.Kind != OfferingKind.Api || modelId is not null, "modelId", "is required for an API price: the catalog model it is for")
            .Check(modelId is null || Slugs.IsValid(modelId), "modelId", "must be a catalog id: lower-case letters and digits joined by single hyphens")
            .Check(source.Length > 0, "sourceUrl", "is required")
            .Check(source.Length == 0 || ObservationRules.IsWebUrl(source), "sourceUrl", "must be an absolute http or https URL")
            .Check(body.FreeTierLimits is null || body.FreeTierLimits.Length <= 2000, "freeTierLimits", "must be at most 2000 characters");
        var currency = ObservationRules.Currency(body.Currency, currencies, validation);
        if (body.Kind is { } kind)
        {
            ObservationRules.CheckAmounts(kind, body.InputPerMillion, body.OutputPerMillion, body.CachedInputPerMillion, body.MonthlyFee, validation, field => field);
        }

        var promotion = body.Promotion ?? false;
        ObservationRules.CheckDates(body.EffectiveOn, body.EndsOn, promotion, today, validation);
        if (!validation.IsValid)
        {
            return null;
        }

        var kindValue = body.Kind!.Value;
        return new ObservationInput(
            OfferingId.From(provider, name),
            new OfferingDetails(provider, country, name, kindValue),
            modelId,
            currency!,
            body.InputPerMillion,
            body.OutputPerMillion,
            body.CachedInputPerMillion,
            kindValue == OfferingKind.FreeTier ? 0 : body.MonthlyFee,
            body.FreeTierLimits?.Trim() is { Length: > 0 } limits ? limits : null,
            body.EffectiveOn!.Value,
            body.EndsOn,
            promotion,
            source);
    }
}

/// <summary>Event type names as the API writes them (price-listed, price-cut-detected, ...).</summary>
internal static class EventNames
{
    public static string Of(object @event) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(@event.GetType().Name);
}
