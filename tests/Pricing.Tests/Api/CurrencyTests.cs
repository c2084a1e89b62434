using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Pricing.Reference;
using Intelligence.TestSupport;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// Prices in any currency are stored as stated: without an FX rate on their date their USD amounts are pending,
/// listed, and derived by an event when a rate arrives, so every read model catches up without a re-import.
/// </summary>
public sealed class CurrencyTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    private const string Header = "price_id,model,provider,provider_country,price_kind,currency,input_per_1M,output_per_1M,input_usd_per_1M,output_usd_per_1M,monthly_fee,effective_date,end_date,change_note,source,confidence";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private static Dictionary<string, object?> Plan(string offering, string currency, decimal fee, string effectiveOn, string provider = "Druk Cloud", string country = "BT") =>
        Observations.Plan(offering, currency, fee, effectiveOn, provider, country);

    private async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected)
    {
        var response = await system.Client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}: {json}");
        return json;
    }

    private async Task<bool> IsPendingAsync(string offeringId, string currency) =>
        (await system.GetJsonAsync($"/prices/pending-usd?currency={currency}&pageSize=200")).GetProperty("items").EnumerateArray()
            .Any(item => item.GetProperty("offeringId").GetString() == offeringId);

    [Fact]
    public async Task A_price_without_a_rate_is_kept_pending_and_a_rate_arriving_derives_it_and_its_cut_by_an_event()
    {
        await using var derivedOnBroker = await BrokerProbe.BindAsync("intelligence.pricing.usd-amounts-derived");
        var offering = Unique("ngultrum-plan");
        var id = Observations.IdOf(offering, "Druk Cloud");

        var listed = await PostAsync("/observations", Plan(offering, "BTN", 1700m, "2025-03-10"), HttpStatusCode.Created);
        var cut = await PostAsync("/observations", Plan(offering, "BTN", 850m, "2025-06-02"), HttpStatusCode.OK);

        var first = listed.GetProperty("offering").GetProperty("timeline")[0].GetProperty("price");
        Assert.True(first.GetProperty("usdPending").GetBoolean());
        Assert.Equal(1700m, first.GetProperty("monthlyFee").GetDecimal());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("monthlyFeeUsd").ValueKind);
        Assert.Equal(["price-changed", "price-cut-detected"], cut.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.True(await IsPendingAsync(id, "BTN"));
        var pending = await system.GetJsonAsync("/prices/pending-usd");
        Assert.Contains(pending.GetProperty("byCurrency").EnumerateArray(), c => c.GetProperty("currency").GetString() == "BTN" && c.GetProperty("prices").GetInt32() >= 2);

        var rate = await PostAsync("/fx-rates", new { currency = "BTN", effectiveOn = "2025-01-01", unitsPerUsd = 85m, sourceUrl = "https://example.org/fx/btn" }, HttpStatusCode.Created);

        Assert.True(rate.GetProperty("pricesDerived").GetInt32() >= 2);
        var timeline = (await system.GetJsonAsync($"/offerings/{id}")).GetProperty("timeline");
        Assert.Equal([20m, 10m], timeline.EnumerateArray().Select(point => point.GetProperty("price").GetProperty("monthlyFeeUsd").GetDecimal()));
        Assert.All(timeline.EnumerateArray(), point => Assert.False(point.GetProperty("price").GetProperty("usdPending").GetBoolean()));
        Assert.False(await IsPendingAsync(id, "BTN"));
        var recorded = Assert.Single((await system.GetJsonAsync("/price-cuts?since=2025-06-02&until=2025-06-02")).EnumerateArray(), c => c.GetProperty("offeringId").GetString() == id);
        Assert.Equal(20m, recorded.GetProperty("from").GetProperty("monthlyFeeUsd").GetDecimal());
        Assert.Equal(10m, recorded.GetProperty("to").GetProperty("monthlyFeeUsd").GetDecimal());
        var message = await derivedOnBroker.WaitForAsync(m => m.Message.GetProperty("offeringId").GetString() == id, TimeSpan.FromSeconds(20), "a UsdAmountsDerived message");
        Assert.Equal("BTN", message.Message.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task A_rate_that_committed_beside_a_pending_price_without_deriving_it_is_applied_by_the_sweep()
    {
        var offering = Unique("tugrik-plan");
        var id = Observations.IdOf(offering, "Steppe AI");
        await PostAsync("/observations", Plan(offering, "MNT", 68000m, "2025-02-10", "Steppe AI", "MN"), HttpStatusCode.Created);

        // As when the rate's transaction missed the price's: the rate is stored, nothing derived.
        await using (var session = system.Store.LightweightSession())
        {
            session.Events.StartStream<Pricing.Projections.FxRateEntry>(
                Pricing.Domain.FxRateTable.StreamIdOf("MNT"), new Pricing.Domain.FxRateRecorded("MNT", new DateOnly(2025, 1, 1), 3400m, "https://example.org/fx/mnt"));
            await session.SaveChangesAsync();
        }

        var price = await Eventually.Until(
            async () => (await system.GetJsonAsync($"/offerings/{id}")).GetProperty("timeline")[0].GetProperty("price"),
            price => !price.GetProperty("usdPending").GetBoolean(),
            TimeSpan.FromSeconds(30),
            "the sweep deriving the pending price");
        Assert.Equal(20m, price.GetProperty("monthlyFeeUsd").GetDecimal());
        Assert.False(await IsPendingAsync(id, "MNT"));
    }

    [Fact]
    public async Task A_better_rate_for_a_prices_month_derives_its_usd_amounts_again_and_the_rate_after_it_bounds_the_change()
    {
        var offering = Unique("tenge-plan");
        var id = Observations.IdOf(offering, "Steppe AI");
        await PostAsync("/fx-rates", new { currency = "KZT", effectiveOn = "2020-01-01", unitsPerUsd = 400m, sourceUrl = "https://example.org/fx/kzt" }, HttpStatusCode.Created);
        await PostAsync("/fx-rates", new { currency = "KZT", effectiveOn = "2020-09-01", unitsPerUsd = 420m, sourceUrl = "https://example.org/fx/kzt" }, HttpStatusCode.Created);
        await PostAsync("/observations", Plan(offering, "KZT", 4000m, "2020-05-15", "Steppe AI", "KZ"), HttpStatusCode.Created);
        await PostAsync("/observations", Plan(offering, "KZT", 4200m, "2020-10-01", "Steppe AI", "KZ"), HttpStatusCode.OK);

        var rate = await PostAsync("/fx-rates", new { currency = "KZT", effectiveOn = "2020-05-01", unitsPerUsd = 500m, sourceUrl = "https://example.org/fx/kzt" }, HttpStatusCode.Created);

        Assert.Equal(1, rate.GetProperty("pricesDerived").GetInt32());
        var listed = await system.GetJsonAsync($"/offerings/{id}");
        Assert.Equal([8m, 10m], listed.GetProperty("timeline").EnumerateArray().Select(point => point.GetProperty("price").GetProperty("monthlyFeeUsd").GetDecimal()));

        // Listed, changed, derived: the derivation is the stream's third event, and the listing (its ETag) says so.
        Assert.Equal(3, listed.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task An_import_keeps_every_currency_and_unknown_price_kind_and_says_how_it_read_them()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var csv = string.Join('\n',
            Header,
            $"N1,Lagos Chat {suffix},Naija AI,NG,consumer_plan,NGN,,,,,,2022-06-01,,,https://example.org/ngn,high",
            $"N2,Lagos Chat Plus {suffix},Naija AI,NG,consumer_plan,NGN,,,,,7500,2022-06-01,,,https://example.org/ngn,high",
            $"N3,Rupee Plan {suffix},Desi AI,IN,consumer_plan,₹,,,,,399,2022-08-19,,,https://example.org/inr,high",
            $"N4,Odd Plan {suffix},Odd AI,US,consumer_plan,XQQ,,,,,12,2024-02-01,,,https://example.org/xqq,medium",
            $"N5,Barter Model {suffix},Barter AI,US,api_barter,USD,1,2,,,,2024-01-01,,,https://example.org/barter,low",
            $"N6,Yen Plan {suffix},Kyoto AI,JP,consumer_plan,¥,,,,,3000,2024-01-01,,,https://example.org/jpy,high");
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");

        var response = await system.Client.PostAsync("/imports", content);

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        var notes = report.GetProperty("normalised").EnumerateArray().Select(r => (Line: r.GetProperty("line").GetInt32(), Reason: r.GetProperty("reason").GetString()!)).ToList();

        // Refused: the row that states no price at all, and the symbol two currencies share.
        Assert.Equal([2, 7], rejected.Keys.Order());
        Assert.Contains("no price stated", rejected[2], StringComparison.Ordinal);
        Assert.Contains("'¥' is not a currency", rejected[7], StringComparison.Ordinal);
        Assert.Equal(4, report.GetProperty("listed").GetInt32());
        Assert.Contains(notes, n => n.Line == 3 && n.Reason.Contains("USD pending: no NGN rate on or before 2022-06-01", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Line == 4 && n.Reason == "currency '₹' read as INR");
        Assert.Contains(notes, n => n.Line == 5 && n.Reason.Contains("not in ISO 4217: kept as stated", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Line == 6 && n.Reason == "price_kind 'api_barter' normalised: kept as other, read as api from its amounts");
        var barter = await system.GetJsonAsync($"/offerings/barter-ai.barter-model-{suffix}");
        Assert.Equal("api_barter", barter.GetProperty("timeline")[0].GetProperty("priceKindLabel").GetString());
        Assert.True(await IsPendingAsync($"naija-ai.lagos-chat-plus-{suffix}", "NGN"));
        Assert.True(await IsPendingAsync($"odd-ai.odd-plan-{suffix}", "XQQ"));
    }

    [Fact]
    public async Task A_comparison_reads_each_price_in_a_readers_currency_and_in_purchasing_power_terms()
    {
        var provider = $"Compare {Guid.NewGuid():N}"[..14];
        await PostAsync("/fx-rates", new { currency = "INR", effectiveOn = "2025-08-01", unitsPerUsd = 87.5m, sourceUrl = "https://example.org/fx/inr" }, HttpStatusCode.Created);
        await PostAsync("/observations", Plan("Go", "INR", 399m, "2025-08-19", provider, "US"), HttpStatusCode.Created);
        await PostAsync("/observations", Plan("Plus", "USD", 20m, "2025-08-19", provider, "US"), HttpStatusCode.Created);

        var page = await system.GetJsonAsync($"/price-comparison?in=INR&asOf=2025-08-20&kind=subscription&provider={Uri.EscapeDataString(provider)}");

        Assert.Equal("INR", page.GetProperty("in").GetString());
        var rows = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Go", "Plus"], rows.Select(row => row.GetProperty("offering").GetString()));
        var go = rows[0].GetProperty("price");
        Assert.Equal(4.56m, Math.Round(go.GetProperty("usd").GetDecimal(), 2));
        Assert.Equal(399m, go.GetProperty("inCurrency").GetProperty("amount").GetProperty("value").GetDecimal());
        var plus = rows[1].GetProperty("price");
        Assert.Equal(1750m, plus.GetProperty("inCurrency").GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal("2025-08-01", plus.GetProperty("inCurrency").GetProperty("rateEffectiveOn").GetString());
        Assert.Equal("monthly-fee", rows[1].GetProperty("measure").GetString());

        // In purchasing-power terms the rupee plan weighs about as much as the dollar one does in the US.
        var india = ShippedPpp.Table.For("INR", 2025)!;
        Assert.Equal("IN", go.GetProperty("statedPpp").GetProperty("country").GetString());
        Assert.Equal(Math.Round(399m / india.LcuPerInternationalDollar, 6), go.GetProperty("statedPpp").GetProperty("internationalDollars").GetDecimal());
        Assert.Equal(20m, plus.GetProperty("statedPpp").GetProperty("internationalDollars").GetDecimal());
        Assert.Equal(Math.Round(1750m / india.LcuPerInternationalDollar, 6), plus.GetProperty("inCurrency").GetProperty("ppp").GetProperty("internationalDollars").GetDecimal());
    }

    [Fact]
    public async Task A_currency_that_names_no_currency_is_400_naming_the_field()
    {
        var response = await system.Client.PostAsJsonAsync("/observations", Plan(Unique("bad"), "dollars", 20m, "2025-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("is not a currency", problem.GetProperty("errors").GetProperty("currency")[0].GetString(), StringComparison.Ordinal);
    }
}
