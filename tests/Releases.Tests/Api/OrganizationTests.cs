using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// The organizations' read model: counts and the newest model follow announcements and corrections (a model moved to
/// another organization, a newest model's date corrected back), pages walk it by name, and a rebuild from the events
/// gives the same answer.
/// </summary>
public sealed class OrganizationTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private const string Source = "https://example.org/organizations";

    [Fact]
    public async Task Counts_and_the_newest_model_follow_corrections_pages_walk_by_name_and_a_rebuild_agrees()
    {
        await Announce("orgs-a1", "Org A", "2024-01-01", openWeights: true);
        await Announce("orgs-a2", "Org A", "2024-05-01", openWeights: false);
        await Announce("orgs-b1", "Org B", "2024-03-01", openWeights: true);
        await service.CaughtUpAsync();

        Assert.Equal("Org A 2 open 1 newest orgs-a2 2024-05-01", await SummaryAsync("org-a"));
        Assert.Equal("Org B 1 open 1 newest orgs-b1 2024-03-01", await SummaryAsync("org-b"));

        // The newest model moves to another organization; the one left behind is looked up as A's newest.
        await Correct("orgs-a2", new { reason = "released by B", organization = new { name = "Org B" }, sourceUrl = Source });
        await service.CaughtUpAsync();
        Assert.Equal("Org A 1 open 1 newest orgs-a1 2024-01-01", await SummaryAsync("org-a"));
        Assert.Equal("Org B 2 open 1 newest orgs-a2 2024-05-01", await SummaryAsync("org-b"));

        // B's newest is dated back before B's other model, which becomes the newest.
        await Correct("orgs-a2", new { reason = "the date was wrong", releaseDate = "2024-02-01", sourceUrl = Source });
        await service.CaughtUpAsync();
        Assert.Equal("Org B 2 open 1 newest orgs-b1 2024-03-01", await SummaryAsync("org-b"));

        var first = await service.Client.GetAsync("/organizations?limit=1");
        var firstPage = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("org-a", Assert.Single(firstPage.EnumerateArray()).GetProperty("id").GetString());
        var next = first.Headers.GetValues("Link").Single();
        var second = await service.Client.GetFromJsonAsync<JsonElement>(next[1..next.IndexOf('>', StringComparison.Ordinal)].Insert(0, "/organizations"));
        Assert.Equal("org-b", Assert.Single(second.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/organizations/no-such-lab")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.GetAsync("/organizations?limit=501")).StatusCode);

        var before = await service.Client.GetStringAsync("/organizations");
        var daemon = service.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync(Projections.CatalogProjection.Name, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(before, await service.Client.GetStringAsync("/organizations"));
    }

    private async Task Announce(string id, string organization, string releaseDate, bool openWeights) =>
        (await service.Client.PostAsJsonAsync("/models", new
        {
            id,
            name = id,
            organization = new { name = organization },
            originCountries = new[] { "KR" },
            releaseDate,
            openWeights,
            sourceUrl = Source,
        })).EnsureSuccessStatusCode();

    private async Task Correct(string id, object correction) =>
        (await service.Client.PostAsJsonAsync($"/models/{id}/corrections", correction)).EnsureSuccessStatusCode();

    private async Task<string> SummaryAsync(string id)
    {
        var summary = await service.Client.GetFromJsonAsync<JsonElement>($"/organizations/{id}");
        var newest = summary.GetProperty("newest");
        return $"{summary.GetProperty("name").GetString()} {summary.GetProperty("models").GetInt32()} open {summary.GetProperty("openWeightModels").GetInt32()} "
            + $"newest {newest.GetProperty("id").GetString()} {newest.GetProperty("releasedOn").GetString()}";
    }
}
