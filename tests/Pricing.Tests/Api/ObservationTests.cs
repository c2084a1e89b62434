using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>POST /observations and /fx-rates against the real store and broker.</summary>
public sealed class ObservationTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task<JsonElement> PostAsync(object body, HttpStatusCode expected)
    {
        var response = await system.Client.PostAsJsonAsync("/observations", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}: {json}");
        return json;
    }

    /// <summary>MassTransit writes decimals as JSON strings on the broker; the HTTP API writes numbers.</summary>
    private static decimal Dec(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetDecimal();

    private static string[] Events(JsonElement result) => [.. result.GetProperty("events").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task A_first_price_is_listed_201_and_the_same_price_again_stores_nothing()
    {
        var offering = Unique("listed");
        var body = Observations.Api(offering, "gpt-4o", 5, 15, "2024-05-13");

        var response = await system.Client.PostAsJsonAsync("/observations", body);
        var again = await PostAsync(body.With("effectiveOn", "2024-06-01"), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/offerings/{Observations.IdOf(offering)}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var listed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("listed", listed.GetProperty("outcome").GetString());
        Assert.Equal(7.5m, listed.GetProperty("offering").GetProperty("timeline")[0].GetProperty("price").GetProperty("blendedUsdPerMillion").GetDecimal());
        Assert.Equal("unchanged", again.GetProperty("outcome").GetString());
        await using var session = system.Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(Observations.IdOf(offering)));
    }

    [Fact]
    public async Task A_cut_is_recorded_with_its_percentage_and_published_as_PriceCutDetected()
    {
        await using var cuts = await BrokerProbe.BindAsync("intelligence.pricing.price-cut-detected");
        await using var listings = await BrokerProbe.BindAsync("intelligence.pricing.price-listed");
        var offering = Unique("cut");
        var id = Observations.IdOf(offering);
        await PostAsync(Observations.Api(offering, "gpt-4o", 5, 15, "2024-05-13"), HttpStatusCode.Created);

        var changed = await PostAsync(Observations.Api(offering, "gpt-4o", 2.5m, 10, "2024-08-06"), HttpStatusCode.OK);

        Assert.Equal(["price-changed", "price-cut-detected"], Events(changed));
        var message = await cuts.WaitForAsync(m => m.Message.GetProperty("offeringId").GetString() == id, TimeSpan.FromSeconds(20), "the PriceCutDetected message");
        Assert.Equal(-41.67m, Dec(message.Message.GetProperty("percent")));
        Assert.Equal("2024-08-06", message.Message.GetProperty("effectiveOn").GetString());
        Assert.Equal(7.5m, Dec(message.Message.GetProperty("from").GetProperty("blendedUsdPerMillion")));
        Assert.Equal(4.375m, Dec(message.Message.GetProperty("to").GetProperty("blendedUsdPerMillion")));
        Assert.Equal(message.AmqpMessageId, message.Message.GetProperty("eventId").GetString());
        await listings.WaitForAsync(m => m.Message.GetProperty("offeringId").GetString() == id, TimeSpan.FromSeconds(20), "the PriceListed message");

        var listed = await system.GetJsonAsync("/price-cuts?since=2024-08-06");
        var cut = Assert.Single(listed.EnumerateArray(), c => c.GetProperty("offeringId").GetString() == id);
        Assert.Equal(-41.67m, cut.GetProperty("percent").GetDecimal());
        Assert.Equal(15m, cut.GetProperty("from").GetProperty("outputPerMillion").GetDecimal());
        Assert.Equal("Test Cloud", cut.GetProperty("provider").GetString());
        Assert.DoesNotContain((await system.GetJsonAsync("/price-cuts?since=2024-08-07")).EnumerateArray(), c => c.GetProperty("offeringId").GetString() == id);
    }

    [Fact]
    public async Task A_fall_below_the_threshold_is_a_change_without_a_cut()
    {
        var offering = Unique("small");
        await PostAsync(Observations.Api(offering, "gpt-4o", 10, 10, "2024-01-01"), HttpStatusCode.Created);

        var changed = await PostAsync(Observations.Api(offering, "gpt-4o", 9, 9, "2024-02-01"), HttpStatusCode.OK);

        Assert.Equal(["price-changed"], Events(changed));
    }

    [Fact]
    public async Task A_move_to_free_is_a_cut_and_introduces_free_access_published_as_such()
    {
        await using var free = await BrokerProbe.BindAsync("intelligence.pricing.free-access-introduced");
        var offering = Unique("free");
        await PostAsync(Observations.Api(offering, "ernie-speed", 1, 2, "2024-01-01", currency: "CNY"), HttpStatusCode.Created);

        var changed = await PostAsync(Observations.Api(offering, "ernie-speed", 0, 0, "2024-05-21", currency: "CNY"), HttpStatusCode.OK);

        Assert.Equal(["price-changed", "price-cut-detected", "free-access-introduced"], Events(changed));
        await free.WaitForAsync(m => m.Message.GetProperty("offeringId").GetString() == Observations.IdOf(offering), TimeSpan.FromSeconds(20), "the FreeAccessIntroduced message");
    }

    [Fact]
    public async Task A_promotion_ends_on_its_date_and_the_list_price_returns()
    {
        await using var ended = await BrokerProbe.BindAsync("intelligence.pricing.promotion-ended");
        var offering = Unique("promo");
        var id = Observations.IdOf(offering);
        await PostAsync(Observations.Api(offering, "deepseek-v3", 0.27m, 1.1m, "2024-12-01"), HttpStatusCode.Created);

        var promotion = await PostAsync(
            Observations.Api(offering, "deepseek-v3", 0.14m, 0.28m, "2024-12-26").With("promotion", true).With("endsOn", "2025-02-08"), HttpStatusCode.OK);

        Assert.Equal(["price-changed", "price-cut-detected", "promotion-ended"], Events(promotion));
        Assert.Equal(0.175m, (await system.GetJsonAsync($"/offerings/{id}/price?asOf=2025-02-07")).GetProperty("price").GetProperty("price").GetProperty("blendedUsdPerMillion").GetDecimal());
        Assert.Equal(0.4775m, (await system.GetJsonAsync($"/offerings/{id}/price?asOf=2025-02-08")).GetProperty("price").GetProperty("price").GetProperty("blendedUsdPerMillion").GetDecimal());
        var message = await ended.WaitForAsync(m => m.Message.GetProperty("offeringId").GetString() == id, TimeSpan.FromSeconds(20), "the PromotionEnded message");
        Assert.Equal("2025-02-08", message.Message.GetProperty("endedOn").GetString());
        Assert.Equal(1.1m, Dec(message.Message.GetProperty("listPriceReturns").GetProperty("outputPerMillion")));
    }

    [Fact]
    public async Task A_row_with_an_end_date_closes_its_price_on_that_date()
    {
        var offering = Unique("closing");
        var id = Observations.IdOf(offering);
        await PostAsync(Observations.Api(offering, "o3", 10, 40, "2025-04-16").With("endsOn", "2025-06-10"), HttpStatusCode.Created);

        var before = await system.GetJsonAsync($"/offerings/{id}/price?asOf=2025-06-09");
        var after = await system.GetJsonAsync($"/offerings/{id}/price?asOf=2025-06-10");

        Assert.Equal(17.5m, before.GetProperty("price").GetProperty("price").GetProperty("blendedUsdPerMillion").GetDecimal());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("price").ValueKind);
    }

    [Fact]
    public async Task Yuan_prices_keep_their_amounts_and_convert_at_the_rate_in_force_on_their_date()
    {
        // Dates before the shipped table (2023-01 onward), so the rates are the test's own.
        var offering = Unique("yuan");
        foreach (var (on, rate) in new[] { ("2022-05-01", 6.6m), ("2022-06-01", 6.7m) })
        {
            var fx = await system.Client.PostAsJsonAsync("/fx-rates", new { currency = "CNY", effectiveOn = on, unitsPerUsd = rate, sourceUrl = "https://example.org/fx" });
            Assert.True(fx.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK);
        }

        var before = await PostAsync(Observations.Api(offering, "deepseek-v2", 1, 2, "2022-05-06", currency: "CNY"), HttpStatusCode.Created);
        var after = await PostAsync(Observations.Api(offering, "deepseek-v2", 2, 2, "2022-06-10", currency: "CNY"), HttpStatusCode.OK);

        var first = before.GetProperty("offering").GetProperty("timeline")[0].GetProperty("price");
        Assert.Equal("CNY", first.GetProperty("currency").GetString());
        Assert.Equal(1m, first.GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(6.6m, first.GetProperty("unitsPerUsd").GetDecimal());
        Assert.Equal(0.151515m, first.GetProperty("inputUsdPerMillion").GetDecimal());
        var second = after.GetProperty("offering").GetProperty("timeline")[1].GetProperty("price");
        Assert.Equal(6.7m, second.GetProperty("unitsPerUsd").GetDecimal());
        Assert.Equal(0.298507m, second.GetProperty("inputUsdPerMillion").GetDecimal());
        var rates = await system.GetJsonAsync("/fx-rates/CNY?asOf=2022-05-31");
        Assert.Equal(6.6m, rates.GetProperty("inForce").GetDecimal());
    }

    [Fact]
    public async Task The_same_fx_rate_again_is_unchanged()
    {
        var body = new { currency = "JPY", effectiveOn = "2024-01-01", unitsPerUsd = 141.5m, sourceUrl = "https://example.org/fx" };
        Assert.Equal(HttpStatusCode.Created, (await system.Client.PostAsJsonAsync("/fx-rates", body)).StatusCode);

        var again = await system.Client.PostAsJsonAsync("/fx-rates", body);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("unchanged", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_price_of_another_kind_for_an_offering_is_409_naming_the_rule()
    {
        var offering = Unique("kind");
        await PostAsync(Observations.Api(offering, "gpt-4o", 1, 1, "2024-01-01"), HttpStatusCode.Created);

        var problem = await PostAsync(
            Observations.Api(offering, "gpt-4o", 1, 1, "2024-02-01").With("kind", "subscription").With("inputPerMillion", null).With("outputPerMillion", null).With("monthlyFee", 20),
            HttpStatusCode.Conflict);

        Assert.Equal("offering-kind-fixed", problem.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_stale_if_match_is_412()
    {
        var offering = Unique("etag");
        await PostAsync(Observations.Api(offering, "gpt-4o", 1, 1, "2024-01-01"), HttpStatusCode.Created);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/observations") { Content = JsonContent.Create(Observations.Api(offering, "gpt-4o", 2, 2, "2024-02-01")) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");

        var response = await system.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_offering_is_404_problem()
    {
        var response = await system.Client.GetAsync("/offerings/nobody.nothing/price?asOf=2024-01-01");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string> BadRequests()
    {
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var valid = Observations.Api("bad", "gpt-4o", 1, 2, "2024-05-13");
        string Json(Dictionary<string, object?> body) => JsonSerializer.Serialize(body);
        return new TheoryData<string, string>
        {
            { Json(valid.With("inputPerMillion", -1)), "inputPerMillion" },
            { Json(valid.With("outputPerMillion", -0.5)), "outputPerMillion" },
            { Json(valid.With("currency", "dollars")), "currency" },
            { Json(valid.With("currency", "¥")), "currency" },
            { Json(valid.With("effectiveOn", tomorrow)), "effectiveOn" },
            { Json(valid.With("sourceUrl", "the pricing page")), "sourceUrl" },
            { Json(valid.With("sourceUrl", null)), "sourceUrl" },
            { Json(valid.With("promotion", true)), "endsOn" },
            { Json(valid.With("endsOn", "2024-05-01")), "endsOn" },
            { Json(valid.With("modelId", null)), "modelId" },
            { Json(valid.With("providerCountry", " ")), "providerCountry" },
            { Json(valid.With("kind", "barter")), "kind" },
            { Json(valid.With("inputPerMillion", "cheap")), "inputPerMillion" },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_400_problem_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await system.Client.PostAsync("/observations", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"Expected the problem to name '{field}', got: {problem}");
        await using var session = system.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(Observations.IdOf("bad")));
    }

    [Fact]
    public async Task An_fx_rate_with_a_bad_field_is_400_naming_it()
    {
        var response = await system.Client.PostAsJsonAsync("/fx-rates", new { currency = "EUR", effectiveOn = "2024-01-01", unitsPerUsd = 0, sourceUrl = "https://example.org/fx" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("unitsPerUsd", out _));
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_answer_and_another_request_with_it_is_422()
    {
        var offering = Unique("retry");
        var key = Guid.NewGuid().ToString("N");
        HttpRequestMessage Request(decimal input)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/observations") { Content = JsonContent.Create(Observations.Api(offering, "gpt-4o", input, 1, "2024-01-01")) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        using var first = Request(1);
        using var retry = Request(1);
        using var other = Request(2);
        var created = await system.Client.SendAsync(first);
        var replayed = await system.Client.SendAsync(retry);
        var reused = await system.Client.SendAsync(other);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((HttpStatusCode)422, reused.StatusCode);
        await using var session = system.Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(Observations.IdOf(offering)));
    }

    [Fact]
    public async Task The_api_document_says_how_the_blended_price_is_made()
    {
        var document = await system.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("input 3 to output 1", document, StringComparison.Ordinal);
        Assert.Contains("/price-index", document, StringComparison.Ordinal);
    }
}
