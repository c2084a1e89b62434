using System.Net;
using System.Net.Http.Json;

namespace Intelligence.Releases.Tests.Api;

/// <summary>Access changes, corrections and retirements through the API, with the rules that refuse them.</summary>
public sealed class ModelLifecycleTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private const string Source = "https://example.org/news";

    private async Task Announce(string id, string releaseDate = "2024-06-01") =>
        (await service.Client.PostAsJsonAsync("/models", Json.Model(id, releaseDate: releaseDate, openWeights: false, freeAccess: "no"))).EnsureSuccessStatusCode();

    [Fact]
    public async Task Opening_the_weights_later_is_an_access_change_effective_on_its_date()
    {
        await Announce("ernie-like");

        var response = await service.Client.PostAsJsonAsync("/models/ernie-like/access", new { effectiveOn = "2025-06-30", openWeights = true, licence = "Apache-2.0", sourceUrl = Source });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var model = await response.Body();
        Assert.True(model.GetProperty("openWeights").GetBoolean());
        Assert.Equal("Apache-2.0", model.GetProperty("licence").GetString());
        Assert.Equal("no", model.GetProperty("freeAccess").GetString());
        var history = await (await service.Client.GetAsync("/models/ernie-like/history")).Body();
        Assert.Equal(["announced", "access-changed"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("2025-06-30", history[1].GetProperty("effectiveOn").GetString());
    }

    [Fact]
    public async Task Setting_access_to_what_it_already_is_stores_nothing()
    {
        await Announce("same-access");

        var response = await service.Client.PostAsJsonAsync("/models/same-access/access", new { effectiveOn = "2024-07-01", openWeights = false, sourceUrl = Source });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_correction_keeps_history_and_names_the_corrected_fields()
    {
        await Announce("corrected-model");

        var response = await service.Client.PostAsJsonAsync("/models/corrected-model/corrections", new { reason = "the date was the API date", releaseDate = "2024-05-20", dateBasis = "api-release", sourceUrl = Source });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var model = await response.Body();
        Assert.Equal("2024-05-20", model.GetProperty("releasedOn").GetString());
        Assert.Equal("api-release", model.GetProperty("dateBasis").GetString());
        var history = await (await service.Client.GetAsync("/models/corrected-model/history")).Body();
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal("2024-06-01", history[0].GetProperty("data").GetProperty("details").GetProperty("releasedOn").GetString());
        Assert.Equal(["releasedOn", "dateBasis"], history[1].GetProperty("data").GetProperty("correctedFields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task A_correction_without_a_reason_is_400_naming_reason()
    {
        await Announce("no-reason");

        var response = await service.Client.PostAsJsonAsync("/models/no-reason/corrections", new { name = "Renamed", sourceUrl = Source });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Body()).GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task A_correction_with_an_invalid_field_is_400_and_stores_nothing()
    {
        await Announce("bad-correction");

        var response = await service.Client.PostAsJsonAsync("/models/bad-correction/corrections", new { reason = "move", originCountries = new[] { "--" }, sourceUrl = Source });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Body()).GetProperty("errors").TryGetProperty("originCountries[0]", out _));
        var history = await (await service.Client.GetAsync("/models/bad-correction/history")).Body();
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task A_retired_model_refuses_access_changes_and_a_second_retirement_with_the_rule_named()
    {
        await Announce("retiring");
        var retired = await service.Client.PostAsJsonAsync("/models/retiring/retirement", new { retiredOn = "2025-01-31", reason = "shut down", sourceUrl = Source });

        var access = await service.Client.PostAsJsonAsync("/models/retiring/access", new { effectiveOn = "2025-02-01", freeAccess = "yes", sourceUrl = Source });
        var again = await service.Client.PostAsJsonAsync("/models/retiring/retirement", new { retiredOn = "2025-03-01", reason = "again", sourceUrl = Source });

        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.Equal("2025-01-31", (await retired.Body()).GetProperty("retiredOn").GetString());
        Assert.Equal(HttpStatusCode.Conflict, access.StatusCode);
        Assert.Equal("model-retired", (await access.Body()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("model-already-retired", (await again.Body()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Retiring_before_the_release_date_is_409_retirement_after_release()
    {
        await Announce("early-retire", releaseDate: "2024-06-01");

        var response = await service.Client.PostAsJsonAsync("/models/early-retire/retirement", new { retiredOn = "2024-05-01", reason = "typo", sourceUrl = Source });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("retirement-after-release", (await response.Body()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Commands_on_an_unknown_model_are_404()
    {
        var response = await service.Client.PostAsJsonAsync("/models/nobody/retirement", new { retiredOn = "2024-05-01", reason = "x", sourceUrl = Source });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
