using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// A small known set in a service of its own, for the queries over all offerings: the price index by bloc and month,
/// the cheapest offerings per bloc, and current prices filtered and sorted by blended USD price.
/// </summary>
public sealed class KnownPriceSet : IAsyncLifetime
{
    public PricingSystem System { get; } = new();

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();

        // The set's own yuan rate for February 2024, in place of the shipped one, so Delta's blended price is exactly 1.
        var rate = await System.Client.PostAsJsonAsync("/fx-rates", new { currency = "CNY", effectiveOn = "2024-02-01", unitsPerUsd = 7.2m, sourceUrl = Observations.Source });
        Assert.Equal(HttpStatusCode.Created, rate.StatusCode);
        object[] observations =
        [
            Observations.Api("Alpha", "alpha", 10, 10, "2024-01-10"),                                  // US, blended 10
            Observations.Api("Beta", "beta", 2, 2, "2024-02-05"),                                      // US, blended 2
            Observations.Api("Gamma", "gamma", 4, 4, "2024-02-01").With("endsOn", "2024-03-15"),      // US, blended 4 until 15 March
            Observations.Api("Delta", "delta", 7.2m, 7.2m, "2024-02-20", country: "CN", currency: "CNY"), // China, blended 1 at 7.2 CNY/USD
            new Dictionary<string, object?>
            {
                ["provider"] = "Test Cloud", ["providerCountry"] = "US", ["offering"] = "Test Plus", ["kind"] = "subscription",
                ["currency"] = "USD", ["monthlyFee"] = 20, ["effectiveOn"] = "2024-01-01", ["sourceUrl"] = Observations.Source,
            },
        ];
        foreach (var body in observations)
        {
            var response = await System.Client.PostAsJsonAsync("/observations", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public Task DisposeAsync() => System.DisposeAsync();
}

public sealed class PriceIndexTests(KnownPriceSet set) : IClassFixture<KnownPriceSet>
{
    private static string[] Ids(JsonElement items) => [.. items.EnumerateArray().Select(item => item.GetProperty("id").GetString()!)];

    [Fact]
    public async Task The_index_is_the_median_blended_usd_api_price_per_bloc_and_month_as_of_each_months_end()
    {
        var index = await set.System.GetJsonAsync("/price-index?from=2024-01&to=2024-03");

        var byBloc = index.EnumerateArray().ToDictionary(
            bloc => bloc.GetProperty("bloc").GetString()!,
            bloc => bloc.GetProperty("months").EnumerateArray()
                .Select(m => (m.GetProperty("month").GetString(), m.GetProperty("offerings").GetInt32(), m.GetProperty("medianBlendedUsdPerMillion") is { ValueKind: JsonValueKind.Number } median ? median.GetDecimal() : (decimal?)null))
                .ToList());
        Assert.Equal(["China", "US"], byBloc.Keys.Order());
        Assert.Equal([("2024-01", 1, 10m), ("2024-02", 3, 4m), ("2024-03", 2, 6m)], byBloc["US"]);
        Assert.Equal([("2024-01", 0, null), ("2024-02", 1, 1m), ("2024-03", 1, 1m)], byBloc["China"]);
    }

    [Theory]
    [InlineData("asOf=2024-02-29", "China 1 1|US 3 4")]
    [InlineData("asOf=2024-03-31", "China 1 1|US 2 6")]              // Gamma's price ended on 15 March
    [InlineData("asOf=2024-02-29&groupBy=country", "CN 1 1|US 3 4")]
    [InlineData("asOf=2023-12-31", "")]
    public async Task Price_levels_count_the_api_prices_in_force_per_group_with_their_median(string query, string expected)
    {
        var levels = await set.System.GetJsonAsync($"/price-levels?{query}");

        Assert.Equal(
            expected,
            string.Join('|', levels.EnumerateArray().Select(l =>
                $"{l.GetProperty("group").GetString()} {l.GetProperty("offerings").GetInt32()} {l.GetProperty("medianBlendedUsdPerMillion").GetDecimal()}")));
    }

    [Fact]
    public async Task The_cheapest_offerings_per_bloc_as_of_a_date()
    {
        var cheapest = await set.System.GetJsonAsync("/cheapest?asOf=2024-02-29&top=2");

        var us = Assert.Single(cheapest.EnumerateArray(), bloc => bloc.GetProperty("bloc").GetString() == "US");
        Assert.Equal([Observations.IdOf("Beta"), Observations.IdOf("Gamma")], Ids(us.GetProperty("offerings")));
        var china = Assert.Single(cheapest.EnumerateArray(), bloc => bloc.GetProperty("bloc").GetString() == "China");
        Assert.Equal(1m, Assert.Single(china.GetProperty("offerings").EnumerateArray()).GetProperty("blendedUsdPerMillion").GetDecimal());
    }

    [Fact]
    public async Task Current_prices_filter_by_bloc_and_kind_and_sort_by_blended_usd()
    {
        var cheapestFirst = await set.System.GetJsonAsync("/offerings?kind=api&bloc=US&asOf=2024-02-29");
        var dearestFirst = await set.System.GetJsonAsync("/offerings?kind=api&bloc=US&asOf=2024-02-29&sort=-blendedUsd");
        var afterGammaClosed = await set.System.GetJsonAsync("/offerings?kind=api&asOf=2024-04-01");
        var plans = await set.System.GetJsonAsync("/offerings?kind=subscription&asOf=2024-04-01");

        Assert.Equal([Observations.IdOf("Beta"), Observations.IdOf("Gamma"), Observations.IdOf("Alpha")], Ids(cheapestFirst.GetProperty("items")));
        Assert.Equal([Observations.IdOf("Alpha"), Observations.IdOf("Gamma"), Observations.IdOf("Beta")], Ids(dearestFirst.GetProperty("items")));
        Assert.Equal(3, afterGammaClosed.GetProperty("total").GetInt32());
        Assert.Equal(20m, Assert.Single(plans.GetProperty("items").EnumerateArray()).GetProperty("current").GetProperty("price").GetProperty("monthlyFeeUsd").GetDecimal());
    }

    [Theory]
    [InlineData("/price-index?from=2024-13", "from")]
    [InlineData("/price-index?from=2024-05&to=2024-01", "from")]
    [InlineData("/offerings?kind=barter", "kind")]
    [InlineData("/offerings?sort=name", "sort")]
    [InlineData("/cheapest?top=0", "top")]
    [InlineData("/price-levels?groupBy=region", "groupBy")]
    public async Task Bad_query_parameters_are_400_naming_them(string path, string field)
    {
        var response = await set.System.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
