using System.Globalization;
using Intelligence.Contracts;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Platform.Import;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Reference;

namespace Intelligence.Pricing.Import;

/// <summary>A row of a prices file read into an observation, with what had to be normalised, and the file's own USD figures.</summary>
public sealed record ReadPriceRow(int Line, ObservationInput Input, IReadOnlyList<string> Normalised, decimal? FileInputUsd, decimal? FileOutputUsd) : IImportRow;

/// <summary>
/// Reads a row of the bulk-import format (the columns of the reference <c>prices.csv</c>) into an observation.
/// price_kind says what is sold (api_list, api_cut, api_free: API; api_promo: an API promotion; consumer_plan: a
/// subscription; consumer_free_tier: a free tier, its change_note taken as its limits); whether a row is a listing,
/// a change or a cut is the service's decision, not the file's. Model names map to offerings and catalog ids through
/// the shipped alias table. The file's USD columns are not trusted: amounts convert at the FX rate in force, and a
/// price in a currency without a rate on its date is kept as stated, its USD amounts pending.
/// </summary>
public static class PriceRow
{
    public static readonly IReadOnlyList<string> RequiredColumns =
        ["model", "provider", "provider_country", "price_kind", "currency", "input_per_1M", "output_per_1M", "monthly_fee", "effective_date", "end_date", "source"];

    public static (ReadPriceRow? Row, string? Rejection) Read(
        CsvRecord record, ModelAliases aliases, CountryNames countryNames, Currencies currencies, DateOnly today)
    {
        if (record.Error is not null)
        {
            return (null, record.Error);
        }

        var normalised = new List<string>();
        var priceModel = record["model"];
        var provider = record["provider"];
        if (priceModel.Length == 0 || Slugs.From(priceModel).Length == 0)
        {
            return (null, "model is empty");
        }

        if (provider.Length == 0 || Slugs.From(provider).Length == 0)
        {
            return (null, "provider is empty");
        }

        // A provider's home is a place like any other: a country's code, or the source's name for a place no table knows.
        var place = record["provider_country"].Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        if (Labels.Problem(place) is { } badPlace)
        {
            return (null, $"provider_country '{record["provider_country"]}' {badPlace}: say where the provider is based (any place's name is kept)");
        }

        var providerCountry = Origins.Read(countryNames, place);
        if (!Origins.IsCountry(Countries.Iso3166, providerCountry))
        {
            normalised.Add($"provider_country '{providerCountry}' normalised: kept as other");
        }

        var priceKind = record["price_kind"].ToLowerInvariant();
        // The documented kinds; any other label is kept as other and read from the row's amounts.
        (OfferingKind Kind, bool Promotion)? kind = priceKind switch
        {
            "api_list" or "api_cut" or "api_free" => (OfferingKind.Api, false),
            "api_promo" => (OfferingKind.Api, true),
            "consumer_plan" => (OfferingKind.Subscription, false),
            "consumer_free_tier" => (OfferingKind.FreeTier, false),
            _ => null,
        };
        string? priceKindLabel = null;
        if (kind is not { } offeringKind)
        {
            if (KindFromAmounts(priceKind, record) is not { } read)
            {
                return (null, $"price_kind '{record["price_kind"]}' is not a known kind, and the row states no amount to read one from");
            }

            if (Labels.Problem(record["price_kind"]) is { } problem)
            {
                return (null, $"price_kind {problem}");
            }

            offeringKind = read;
            priceKindLabel = record["price_kind"].Trim();
            normalised.Add($"price_kind '{priceKindLabel}' normalised: kept as other, read as {Integration.PublishedEvents.Text(read.Kind)}{(read.Promotion ? " promotion" : string.Empty)} from its amounts");
        }

        var currencyReading = currencies.Read(record["currency"]);
        if (currencyReading.Code is not { } currency)
        {
            return (null, $"currency {currencyReading.Problem}");
        }

        if (currencyReading.Note is { } currencyNote)
        {
            normalised.Add(currencyNote);
        }

        var amounts = new Dictionary<string, decimal?>();
        foreach (var column in new[] { "input_per_1M", "output_per_1M", "cached_input_per_1M", "monthly_fee", "input_usd_per_1M", "output_usd_per_1M" })
        {
            var text = record[column];
            if (text.Length == 0)
            {
                amounts[column] = null;
            }
            else if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            {
                amounts[column] = amount;
            }
            else
            {
                return (null, $"{column} '{text}' is not a number");
            }
        }

        if (amounts["input_per_1M"] is null && amounts["output_per_1M"] is null && amounts["monthly_fee"] is null && offeringKind.Kind != OfferingKind.FreeTier)
        {
            return (null, "no price stated: input_per_1M, output_per_1M and monthly_fee are all empty" +
                (record["change_note"] is { Length: > 0 } note ? $" (note: {note})" : string.Empty));
        }

        if (!DateOnly.TryParseExact(record["effective_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effectiveOn))
        {
            return (null, $"effective_date '{record["effective_date"]}' is not a date (yyyy-MM-dd)");
        }

        DateOnly? endsOn = null;
        if (record["end_date"].Length > 0)
        {
            if (!DateOnly.TryParseExact(record["end_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return (null, $"end_date '{record["end_date"]}' is not a date (yyyy-MM-dd)");
            }

            endsOn = end;
        }

        var source = record["source"];
        if (source.Length == 0)
        {
            return (null, "source is empty: every price needs one");
        }

        string? limits = null;
        if (offeringKind.Kind == OfferingKind.FreeTier && record["change_note"] is { Length: > 0 } freeNote)
        {
            limits = freeNote;
            normalised.Add($"change_note '{freeNote}' kept as the free tier's limits");
        }

        var monthlyFee = amounts["monthly_fee"];
        if (offeringKind.Kind == OfferingKind.FreeTier && monthlyFee is null)
        {
            monthlyFee = 0;
            normalised.Add("monthly_fee empty for a free tier: read as 0");
        }

        var validation = new Validation();
        ObservationRules.CheckAmounts(offeringKind.Kind, amounts["input_per_1M"], amounts["output_per_1M"], amounts["cached_input_per_1M"], monthlyFee, validation, Column);
        ObservationRules.CheckDates(effectiveOn, endsOn, offeringKind.Promotion, today, validation);
        if (!validation.IsValid)
        {
            var problem = validation.ToProblem().ProblemDetails;
            return (null, string.Join("; ", problem.Errors.Select(error => $"{Column(error.Key)} {string.Join(", ", error.Value)}")));
        }

        string offering;
        string? modelId;
        if (aliases.TryGet(priceModel, out var alias))
        {
            offering = alias.Offering;
            modelId = alias.ModelId;
            normalised.Add($"model '{priceModel}' read as offering '{offering}'{(modelId is null ? string.Empty : $" of catalog model '{modelId}'")} (alias table)");
        }
        else
        {
            offering = priceModel;
            modelId = offeringKind.Kind == OfferingKind.Api ? Slugs.From(priceModel) : null;
        }

        var input = new ObservationInput(
            OfferingId.From(provider, offering),
            new OfferingDetails(provider, providerCountry, offering, offeringKind.Kind),
            modelId,
            currency,
            amounts["input_per_1M"],
            amounts["output_per_1M"],
            amounts["cached_input_per_1M"],
            monthlyFee,
            limits,
            effectiveOn,
            endsOn,
            offeringKind.Promotion,
            source);
        return (new ReadPriceRow(record.Line, input with { PriceKindLabel = priceKindLabel }, normalised, amounts["input_usd_per_1M"], amounts["output_usd_per_1M"]), null);
    }

    /// <summary>
    /// What an unknown price_kind sells, read from the amounts the row states: per-token prices are API access (a
    /// promotion when the label says so and the row has an end date), a monthly fee above 0 a subscription, a fee of
    /// 0 a free tier; null when the row states none.
    /// </summary>
    private static (OfferingKind Kind, bool Promotion)? KindFromAmounts(string label, CsvRecord record)
    {
        if (record["input_per_1M"].Length > 0 || record["output_per_1M"].Length > 0)
        {
            return (OfferingKind.Api, label.Contains("promo", StringComparison.Ordinal) && record["end_date"].Length > 0);
        }

        return record["monthly_fee"] switch
        {
            { Length: 0 } => label.Contains("free", StringComparison.Ordinal) ? (OfferingKind.FreeTier, false) : null,
            "0" or "0.0" or "0.00" => (OfferingKind.FreeTier, false),
            _ => (OfferingKind.Subscription, false),
        };
    }

    /// <summary>The file's column for an API field name.</summary>
    private static string Column(string field) => field switch
    {
        "inputPerMillion" => "input_per_1M",
        "outputPerMillion" => "output_per_1M",
        "cachedInputPerMillion" => "cached_input_per_1M",
        "monthlyFee" => "monthly_fee",
        "effectiveOn" => "effective_date",
        "endsOn" => "end_date",
        _ => field,
    };
}
