using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Intelligence.Releases.Tests.Api;

/// <summary>Listing, filtering, sorting and paging the catalog, and an organization with its models.</summary>
public sealed class CatalogQueryTests(ReleasesService service) : IClassFixture<ReleasesService>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if ((await service.Client.GetAsync("/models/q-alpha")).IsSuccessStatusCode)
        {
            return;
        }

        foreach (var model in new[]
        {
            Json.Model("q-alpha", "Alpha Chat", "CN", "2024-01-05", openWeights: true, freeAccess: "yes"),
            Json.Model("q-beta", "Beta Reasoner", "CN", "2024-03-05", openWeights: false, freeAccess: "no"),
            Json.Model("q-gamma", "Gamma Chat", "US", "2024-02-05", openWeights: true, freeAccess: "limited"),
            Json.Model("q-delta", "Delta", "FR", "2023-12-24", openWeights: true, freeAccess: "yes"),
        })
        {
            (await service.Client.PostAsJsonAsync("/models", model)).EnsureSuccessStatusCode();
        }

        await service.CaughtUpAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The page as "total: id, id, ...".</summary>
    private async Task<string> List(string query)
    {
        var page = await service.Client.GetFromJsonAsync<JsonElement>($"/models?{query}");
        return $"{page.GetProperty("total").GetInt64()}: {string.Join(", ", page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()))}";
    }

    [Fact]
    public async Task Filters_combine_and_the_total_counts_every_match()
    {
        Assert.Equal("2: q-beta, q-alpha", await List("country=cn&q=&sort=-releasedOn"));
        Assert.Equal("1: q-delta", await List("bloc=EU"));
        Assert.Equal("2: q-alpha, q-gamma", await List("q=chat&sort=name"));
        Assert.Equal("3: q-delta, q-alpha, q-gamma", await List("openWeights=true&sort=releasedOn"));
        Assert.Equal("1: q-gamma", await List("freeAccess=limited"));
        Assert.Equal("2: q-alpha, q-gamma", await List("from=2024-01-01&to=2024-02-29&sort=releasedOn"));
    }

    [Fact]
    public async Task Pages_hold_page_size_items_with_the_total_of_all()
    {
        Assert.Equal("4: q-beta, q-gamma", await List("pageSize=2&page=1"));
        Assert.Equal("4: q-alpha, q-delta", await List("pageSize=2&page=2"));
    }

    [Fact]
    public async Task Bad_paging_and_filters_are_400_naming_the_parameter()
    {
        var response = await service.Client.GetAsync("/models?pageSize=1000&country=---&sort=size");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Body()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("pageSize", out _));
        Assert.True(errors.TryGetProperty("country", out _));
        Assert.True(errors.TryGetProperty("sort", out _));
    }

    [Fact]
    public async Task An_organization_counts_its_models_and_lists_them_newest_first_through_the_model_list()
    {
        var lab = await service.Client.GetFromJsonAsync<JsonElement>("/organizations/test-lab");
        var models = await service.Client.GetFromJsonAsync<JsonElement>("/models?organization=test-lab&sort=-releasedOn");

        Assert.Equal(4, lab.GetProperty("models").GetInt32());
        Assert.Equal(3, lab.GetProperty("openWeightModels").GetInt32());
        Assert.Equal("q-beta", lab.GetProperty("newest").GetProperty("id").GetString());
        Assert.Equal(["q-beta", "q-gamma", "q-alpha", "q-delta"], models.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }
}
