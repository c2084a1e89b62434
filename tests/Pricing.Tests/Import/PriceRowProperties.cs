using CsCheck;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Geography;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Import;
using Intelligence.Pricing.Reference;
using Intelligence.TestSupport;

namespace Intelligence.Pricing.Tests.Import;

/// <summary>
/// Generated prices files (plausible values, messy values, odd text, missing and extra fields, raw garbage lines)
/// read as the importer reads them: every row becomes an observation the decider can take at the shipped FX rate
/// of its date, or a rejection with its reason; nothing throws.
/// </summary>
public sealed class PriceRowProperties
{
    private const long FileCount = 400;
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly IReadOnlyDictionary<string, FxRateTable> ShippedTables = ShippedFxRates.All
        .GroupBy(rate => rate.Currency)
        .ToDictionary(rates => rates.Key, rates => rates.Aggregate((FxRateTable?)null, (table, rate) => FxRateTable.Evolve(table, new FxRateRecorded(rate.Currency, rate.EffectiveOn, rate.UnitsPerUsd, rate.Source)))!);

    private static readonly string[] Columns =
        ["price_id", "model", "provider", "provider_country", "price_kind", "currency", "input_per_1M", "output_per_1M", "input_usd_per_1M", "output_usd_per_1M", "monthly_fee", "effective_date", "end_date", "change_note", "source", "confidence"];

    private static readonly Gen<string> OddText = Gen.Frequency(
        (2, Gen.OneOf(string.Empty, " ", "\"", ",", "\r\n", "\0", "\uFEFF", "\u200B", "e\u0301", "中文", "🤖", "\uD800", "--")),
        (1, Gen.OneOf(new string('x', 5_000), new string('9', 40))),
        (2, Gen.Char.Array[0, 20].Select(chars => new string(chars))));

    private static Gen<string> Either(params string[] plausible) => Gen.Frequency((4, Gen.OneOf(plausible)), (1, OddText));

    private static readonly Gen<string> Amounts = Either(
        string.Empty, "0", "0.14", "2.5", "15", "-1", "1e3", "1,000", "1000000000000", "1000000000001", "79228162514264337593543950335", "79228162514264337593543950336", "0.0000000000000000000000000001");

    private static readonly Gen<string>[] Values =
    [
        Either("P01"),
        Either("GPT-4o", "DeepSeek-V3", "GPT-4 (8k)", "ChatGPT Plus", "Qwen-Max"),
        Either("OpenAI", "DeepSeek", "Alibaba"),
        Either("US", "CN", "China", "Atlantis"),
        Either("api_list", "api_cut", "api_promo", "api_free", "consumer_plan", "consumer_free_tier", "API_LIST", "wholesale"),
        Either("USD", "CNY", "usd", "EUR", "XXX"),
        Amounts,
        Amounts,
        Amounts,
        Amounts,
        Amounts,
        Either("2023-03-14", "2024-12-26", "2025-02-08", "0001-01-01", "9999-12-31", "2027-01-01", "2024-02-30"),
        Either(string.Empty, string.Empty, "2025-02-08", "2023-03-14", "0001-01-01", "9999-12-31", "soon"),
        Either(string.Empty, "launch list price", "10 messages a day"),
        Either("https://openai.com/api/pricing/", "archived page"),
        Either("high", "low"),
    ];

    /// <summary>Rows the importer takes (one per price kind), so that some rows get through however odd the rest.</summary>
    private static readonly Gen<string[]> GoodRows = Gen.OneOf<string[]>(
        ["P01", "GPT-4o", "OpenAI", "US", "api_list", "USD", "5", "15", "5", "15", string.Empty, "2024-05-13", string.Empty, string.Empty, "https://openai.com/api/pricing/", "high"],
        ["P02", "DeepSeek-V3", "DeepSeek", "CN", "api_promo", "CNY", "1", "2", string.Empty, string.Empty, string.Empty, "2024-12-26", "2025-02-08", "promo", "https://api-docs.deepseek.com", "high"],
        ["P03", "ChatGPT Plus", "OpenAI", "US", "consumer_plan", "USD", string.Empty, string.Empty, string.Empty, string.Empty, "20", "2023-02-01", string.Empty, string.Empty, "https://openai.com", "high"],
        ["P04", "ChatGPT Free", "OpenAI", "US", "consumer_free_tier", "USD", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, "2023-02-01", string.Empty, "GPT-4o mini", "https://openai.com", "high"]);

    /// <summary>A good row with one field (sometimes) replaced by that column's generated value.</summary>
    private static readonly Gen<string[]> NearlyGoodRows = Gen.Select(GoodRows, Gen.Int[0, 15], CsvGenerators.Fields(Values), Gen.Bool, (good, column, other, replace) =>
        replace ? [.. good.Select((field, i) => i == column ? other[i] : field)] : good);

    private static readonly Gen<string> Rows = Gen.Frequency(
        (4, Gen.Select(NearlyGoodRows, Gen.Bool, (fields, quoteAll) => CsvGenerators.Csv(fields, quoteAll))),
        (4, Gen.Select(CsvGenerators.Fields(Values), Gen.Bool, (fields, quoteAll) => CsvGenerators.Csv(fields, quoteAll))),
        (1, Gen.Int[0, 20].Select(count => CsvGenerators.Csv([.. Enumerable.Repeat("x", count)], quoteAll: false))),
        (1, OddText));

    private static readonly Gen<string> GeneratedFiles = CsvGenerators.Files(Columns, Rows);


    [Fact]
    public Task Every_row_is_an_observation_the_decider_takes_or_a_rejection_with_a_reason() => CsvGenerators.CheckRowsAsync(
        "pricing",
        GeneratedFiles,
        FileCount,
        PriceRow.RequiredColumns,
        record => PriceRow.Read(record, ModelAliases.Shipped, CountryNames.Default, Currencies.Iso4217, Today),
        (record, row) =>
        {
            Assert.Equal(record.Line, row.Line);
            var input = row.Input;
            Assert.Matches("^[a-z0-9-]+\\.[a-z0-9-]+$", input.OfferingId);
            // Kept as stated when no table knows them: a currency is ISO 4217 or three capital letters; a place a country or a label.
            Assert.True(Currencies.Iso4217.IsKnown(input.Currency) || (input.Currency.Length == 3 && input.Currency.All(char.IsAsciiLetterUpper)), input.Currency);
            Assert.True(Countries.Iso3166.TryGet(input.Offering.ProviderCountry, out _) || Labels.Problem(input.Offering.ProviderCountry) is null, input.Offering.ProviderCountry);
            Assert.True(input.EffectiveOn <= Today);
            Assert.True(input.EndsOn is null || input.EndsOn > input.EffectiveOn);
            Assert.All([input.InputPerMillion, input.OutputPerMillion, input.CachedInputPerMillion, input.MonthlyFee], amount => Assert.True(amount is null or >= 0 and <= Price.MaxAmount));
            Assert.NotEmpty(input.Source);

            // As the import does: at the rate in force on the date, or pending without one; either way the decider lists it.
            var rate = FxRateTable.InForce(ShippedTables.GetValueOrDefault(input.Currency), input.Currency, input.EffectiveOn);
            var decision = OfferingDecider.Decide(null, input.ToCommand(rate), OfferingDecider.DefaultCutThresholdPercent);
            Assert.IsType<PriceListed>(decision.Events[0]);
            Assert.Equal(rate is null, ((PriceListed)decision.Events[0]).Point.Price.UsdPending);
        });
}
