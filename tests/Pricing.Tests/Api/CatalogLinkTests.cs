using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Pricing.Integration;
using Intelligence.TestSupport;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The catalog replica, fed by real model events from the releases service through the broker: a price for a model
/// not seen yet is kept pending and linked when the model arrives; a price after the model is linked at once.
/// </summary>
public sealed class CatalogLinkTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    private static readonly string[] China = ["CN"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string UniqueModel() => $"link-model-{Guid.NewGuid():N}"[..24];

    private Task<JsonElement> OfferingAsync(string id) => system.GetJsonAsync($"/offerings/{id}");

    private async Task<CatalogModel?> ReplicaAsync(string modelId)
    {
        await using var session = system.Store.QuerySession();
        return await session.LoadAsync<CatalogModel>(modelId);
    }

    [Fact]
    public async Task A_price_that_arrives_before_its_model_is_kept_pending_then_linked_when_the_model_arrives()
    {
        var modelId = UniqueModel();
        var offering = $"Hosted {modelId}";
        var id = Observations.IdOf(offering);

        var response = await system.Client.PostAsJsonAsync("/observations", Observations.Api(offering, modelId, 0.5m, 1.5m, "2024-03-01", country: "US"));
        response.EnsureSuccessStatusCode();
        var pending = await OfferingAsync(id);
        Assert.True(pending.GetProperty("linkPending").GetBoolean());
        Assert.Equal("US", pending.GetProperty("bloc").GetString());
        Assert.Equal("provider", pending.GetProperty("blocFrom").GetString());

        await system.AnnounceModelAsync(modelId, "CN", name: "Kimi Test");

        var linked = await Eventually.Until(() => OfferingAsync(id), o => !o.GetProperty("linkPending").GetBoolean(), Timeout, "the pending price to be linked");
        Assert.Equal("China", linked.GetProperty("bloc").GetString());
        Assert.Equal("model", linked.GetProperty("blocFrom").GetString());
        Assert.Equal("Kimi Test", linked.GetProperty("model").GetProperty("name").GetString());
        Assert.Equal(1, linked.GetProperty("timeline").GetArrayLength());
        var chinese = await system.GetJsonAsync($"/offerings?bloc=China&model={modelId}&asOf=2024-06-01");
        Assert.Equal(id, Assert.Single(chinese.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_price_that_arrives_after_its_model_is_linked_at_once()
    {
        var modelId = UniqueModel();
        await system.AnnounceModelAsync(modelId, "FR", name: "Mistral Test");
        await Eventually.Until(() => ReplicaAsync(modelId), model => model is { Known: true }, Timeout, "the model to reach the replica");
        var offering = $"Hosted {modelId}";

        var response = await system.Client.PostAsJsonAsync("/observations", Observations.Api(offering, modelId, 2, 6, "2024-09-17", country: "US"));

        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("offering").GetProperty("linkPending").GetBoolean());
        Assert.Equal("EU", result.GetProperty("offering").GetProperty("bloc").GetString());
        var stored = await OfferingAsync(Observations.IdOf(offering));
        Assert.Equal("EU", stored.GetProperty("bloc").GetString());
        Assert.Equal(["FR"], stored.GetProperty("model").GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_correction_of_the_models_origin_moves_its_offerings_to_the_new_bloc()
    {
        var modelId = UniqueModel();
        var offering = $"Hosted {modelId}";
        await system.AnnounceModelAsync(modelId, "US");
        (await system.Client.PostAsJsonAsync("/observations", Observations.Api(offering, modelId, 1, 1, "2024-03-01"))).EnsureSuccessStatusCode();
        await Eventually.Until(() => OfferingAsync(Observations.IdOf(offering)), o => o.GetProperty("blocFrom").GetString() == "model", Timeout, "the link");

        var correction = await system.ReleasesClient.PostAsJsonAsync($"/models/{modelId}/corrections", new
        {
            originCountries = China,
            reason = "origin was wrong",
            sourceUrl = "https://example.org/correction",
        });
        Assert.True(correction.IsSuccessStatusCode, await correction.Content.ReadAsStringAsync());

        var moved = await Eventually.Until(() => OfferingAsync(Observations.IdOf(offering)), o => o.GetProperty("bloc").GetString() == "China", Timeout, "the offering to move bloc");
        Assert.Equal("model", moved.GetProperty("blocFrom").GetString());
    }

    [Fact]
    public async Task A_link_that_moves_an_offering_to_its_models_bloc_moves_it_in_the_price_index()
    {
        var modelId = UniqueModel();
        var offering = $"Hosted {modelId}";
        (await system.Client.PostAsJsonAsync("/observations", Observations.Api(offering, modelId, 3, 3, "2019-05-01", country: "US"))).EnsureSuccessStatusCode();
        var before = await InForceAsync();

        await system.AnnounceModelAsync(modelId, "CN", name: "Index Test");
        await Eventually.Until(() => OfferingAsync(Observations.IdOf(offering)), o => o.GetProperty("bloc").GetString() == "China", Timeout, "the link");
        var after = await InForceAsync();

        Assert.Equal((before.Us - 1, before.China + 1), after);
    }

    /// <summary>How many API prices the index counts in force at the end of May 2019 in the US and in China.</summary>
    private async Task<(int Us, int China)> InForceAsync()
    {
        var index = await system.GetJsonAsync("/price-index?from=2019-05&to=2019-05");
        int Count(string bloc) => index.EnumerateArray()
            .Where(b => b.GetProperty("bloc").GetString() == bloc)
            .Sum(b => b.GetProperty("months")[0].GetProperty("offerings").GetInt32());
        return (Count("US"), Count("China"));
    }
}
