using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// <c>GET /api/models/{id}/dossier</c> on known data: a model from Nauru (NR) released on 2005-03-01, which no other test
/// uses, with its prices, adoption, measures and the price cuts of others after it; and with each service cut off.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class DossierTests(WholeSystem system, ITestOutputHelper output)
{
    private const string AsOf = "2005-12-31";

    /// <summary>Posts the known data of one dossier; returns the model id.</summary>
    private static async Task<string> SeedAsync(Seed seed, string u)
    {
        var model = $"aurora-{u}";
        await seed.ModelAsync(model, $"Aurora {u}", $"Aurora Lab {u}", "NR", "2005-03-01", openWeights: true, freeAccess: "yes");

        await seed.PriceAsync($"Aurora Lab {u}", "NR", $"Aurora {u} API", model, 2, 6, "2005-03-01");   // own: blended (3*2 + 6) / 4 = 3
        await seed.PriceAsync($"Aurora Lab {u}", "NR", $"Aurora {u} API", model, 1, 2, "2005-04-01");   // own cut: (3*1 + 2) / 4 = 1.25, -58.33 %, not "others"
        await seed.PriceAsync($"Host {u}", "US", $"Aurora {u}", model, 4, 4, "2005-03-10");             // a host of the model: blended 4
        await seed.PriceAsync($"Rival {u}", "US", $"Rival {u} Pro", $"rival-{u}", 10, 10, "2005-01-01");  // rival listed at 10
        await seed.PriceAsync($"Rival {u}", "US", $"Rival {u} Pro", $"rival-{u}", 5, 5, "2005-04-15");    // cut to 5: -50 %, day 45 of 90
        await seed.PriceAsync($"Rival {u}", "US", $"Rival {u} Pro", $"rival-{u}", 2, 2, "2005-07-01");    // cut to 2: -60 %, day 122, after the 90 days

        await seed.ObserveAsync($"a1-{u}", $"Aurora {u} app", "monthly-active-users", "global", 1_000_000, "2005-05-31");
        await seed.ObserveAsync($"a2-{u}", $"Aurora {u} app", "monthly-active-users", "global", 4_000_000, "2005-08-31");
        await seed.ObserveAsync($"a3-{u}", $"Aurora {u} app", "monthly-active-users", "NR", 50_000, "2005-08-31");
        await seed.ObserveAsync($"a4-{u}", $"Aurora {u} app", "weekly-active-users", "global", 700_000, "2005-09-30");
        await seed.ObserveAsync($"a5-{u}", $"Aurora {u} app", "monthly-active-users", "global", 9_000_000, "2006-02-01"); // after asOf

        await seed.MeasureAsync($"nr-frontier-{u}", "NR", ["frontier-models"], "restrictive", "2004-06-01", ("entry-into-force", "2004-07-01"));
        await seed.MeasureAsync($"nr-open-{u}", "NR", ["open-source"], "promotional", "2004-12-01", ("entry-into-force", "2005-01-01"));
        await seed.MeasureAsync($"nr-chips-{u}", "NR", ["chips-and-hardware"], "restrictive", "2004-06-01", ("entry-into-force", "2004-07-01")); // not the model
        await seed.MeasureAsync($"nr-later-{u}", "NR", ["frontier-models"], "restrictive", "2005-06-01", ("entry-into-force", "2006-03-01"));  // in force after asOf

        await seed.LinkedAsync($"aurora-{u}-app");
        return model;
    }

    [Fact]
    public async Task The_dossier_composes_card_prices_adoption_targeting_measures_and_cuts_by_others()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        var model = await SeedAsync(seed, u);

        var (response, dossier, _) = await seed.GetAsync($"/api/models/{model}/dossier?asOf={AsOf}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Seed.Degraded(dossier));
        Assert.Equal($"Aurora {u}", dossier.GetProperty("model").GetProperty("name").GetString());

        var prices = dossier.GetProperty("prices").EnumerateArray().ToDictionary(
            o => o.GetProperty("id").GetString()!,
            o => (Current: o.GetProperty("current").GetProperty("price").GetProperty("blendedUsdPerMillion").GetDecimal(), Points: o.GetProperty("timeline").GetArrayLength()));
        Assert.Equal(2, prices.Count);
        Assert.Equal((1.25m, 2), prices[$"aurora-lab-{u}.aurora-{u}-api"]); // (3*1 + 2) / 4, after (3*2 + 6) / 4 = 3
        Assert.Equal((4m, 1), prices[$"host-{u}.aurora-{u}"]);               // (3*4 + 4) / 4

        var adoption = dossier.GetProperty("adoption").EnumerateArray().ToDictionary(
            o => (o.GetProperty("metric").GetString()!, o.GetProperty("region").GetString()!.ToUpperInvariant()),
            o => (o.GetProperty("id").GetString(), o.GetProperty("value").GetDecimal()));
        Assert.Equal(3, adoption.Count);
        Assert.Equal(($"a2-{u}", 4_000_000m), adoption[("monthly-active-users", "GLOBAL")]); // a2 (31 Aug) is later than a1; a5 is after asOf
        Assert.Equal(($"a3-{u}", 50_000m), adoption[("monthly-active-users", "NR")]);
        Assert.Equal(($"a4-{u}", 700_000m), adoption[("weekly-active-users", "GLOBAL")]);

        var measures = dossier.GetProperty("measures").EnumerateArray()
            .Where(m => m.GetProperty("measure").GetProperty("id").GetString()!.EndsWith(u, StringComparison.Ordinal))
            .Select(m => (m.GetProperty("measure").GetProperty("id").GetString(), string.Join(",", m.GetProperty("matchedTargets").EnumerateArray().Select(t => t.GetString()))))
            .ToList();
        Assert.Equal([($"nr-frontier-{u}", "frontier-models"), ($"nr-open-{u}", "open-source")], measures); // in force since 2004-07-01 and 2005-01-01
        Assert.False(dossier.GetProperty("moreMeasures").GetBoolean());

        var cuts = dossier.GetProperty("priceCutsByOthers");
        Assert.Equal("2005-03-02", cuts.GetProperty("from").GetString()); // the day after the release
        Assert.Equal("2005-05-30", cuts.GetProperty("to").GetString());   // 2005-03-01 + 90 days
        var mine = cuts.GetProperty("cuts").EnumerateArray().Where(c => c.GetProperty("offeringId").GetString()!.Contains(u, StringComparison.Ordinal))
            .Select(c => (c.GetProperty("effectiveOn").GetString(), c.GetProperty("offeringId").GetString(), c.GetProperty("percent").GetDecimal()))
            .ToList();
        Assert.Equal([("2005-04-15", $"rival-{u}.rival-{u}-pro", -50m)], mine); // (5 - 10) / 10; the own cut and the July cut are left out
        Assert.False(cuts.GetProperty("more").GetBoolean());
    }

    /// <summary>
    /// A model of Palau (PW, which no other test uses) with more measures aimed at it than a dossier lists: the
    /// first by the day they entered into force, and <c>moreMeasures</c>.
    /// </summary>
    [Fact]
    public async Task A_dossier_lists_the_first_measures_by_the_day_they_entered_into_force_and_says_more_follow()
    {
        using var seed = new Seed(system);
        var u = Seed.Unique();
        var model = $"palau-{u}";
        await seed.ModelAsync(model, $"Palau {u}", $"Palau Lab {u}", "PW", "2005-03-01");
        var count = 53;
        for (var i = 0; i < count; i++)
        {
            // Entered into force a day apart, latest first, so the order is the dates', not the ids'.
            var since = new DateOnly(2004, 12, 31).AddDays(-i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await seed.MeasureAsync($"pw-rule-{i:D2}-{u}", "PW", ["ai-systems"], "restrictive", "2004-01-01", ("entry-into-force", since));
        }

        var (response, dossier, _) = await seed.GetAsync($"/api/models/{model}/dossier?asOf={AsOf}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = dossier.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("measure").GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"pw-rule-{count - 1 - i:D2}-{u}"), listed);
        Assert.True(dossier.GetProperty("moreMeasures").GetBoolean());
    }

    [Fact]
    public async Task Asked_again_unchanged_the_kept_dossier_goes_out_and_a_change_of_the_model_shows_at_once()
    {
        using var seed = new Seed(system);
        var model = await SeedAsync(seed, Seed.Unique());
        var path = $"/api/models/{model}/dossier?asOf={AsOf}";

        var (kept, sameBody, tag) = await seed.AskAgainUntilKeptAsync(path, "model-dossier");
        using var releases = system.Releases.NewClient();
        var closed = await releases.PostAsJsonAsync($"/models/{model}/access", new { effectiveOn = "2005-06-01", freeAccess = "no", sourceUrl = "https://example.org/closed" });
        using var changed = await seed.GetWithTagAsync(path, tag);

        Assert.True(kept, "no dossier went out kept in 30 tries");
        Assert.True(sameBody, "the kept dossier differs from the one composed under the same tag");
        Assert.True(closed.IsSuccessStatusCode, await closed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("no", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetProperty("freeAccess").GetString());
    }

    [Theory]
    [InlineData("pricing", "priceCutsByOthers,prices")]
    [InlineData("adoption", "adoption")]
    [InlineData("regulation", "measures")]
    [InlineData("releases", "measures,model,priceCutsByOthers")]
    public async Task With_one_service_cut_off_the_dossier_is_200_in_time_naming_each_missing_part(string service, string missing)
    {
        using var seed = new Seed(system);
        var model = await SeedAsync(seed, Seed.Unique());

        (HttpResponseMessage Response, JsonElement Body, TimeSpan Took) answer;
        using (system.Outage(service))
        {
            answer = await seed.GetAsync($"/api/models/{model}/dossier?asOf={AsOf}");
        }

        Assert.Equal(HttpStatusCode.OK, answer.Response.StatusCode);
        output.WriteLine($"degraded answer in {answer.Took.TotalMilliseconds:0} ms (part timeout {seed.PartTimeout.TotalMilliseconds:0} ms)");
        Assert.True(answer.Took < seed.PartTimeout, $"took {answer.Took.TotalMilliseconds:0} ms");
        var degraded = Seed.Degraded(answer.Body);
        Assert.Equal(missing.Split(','), degraded.Select(d => d.Part));
        string[] parts = ["model", "prices", "adoption", "measures", "priceCutsByOthers"];
        foreach (var part in parts)
        {
            Assert.Equal(missing.Split(',').Contains(part), answer.Body.GetProperty(part).ValueKind == JsonValueKind.Null);
        }

        Assert.Contains(degraded, d => d.Service == service);
    }

    [Fact]
    public async Task An_unknown_model_is_404_and_a_bad_id_400()
    {
        using var seed = new Seed(system);

        var (unknown, problem, _) = await seed.GetAsync($"/api/models/nobody-{Seed.Unique()}/dossier");
        var (bad, invalid, _) = await seed.GetAsync("/api/models/Not%20A%20Slug/dossier");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("exists", problem.GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("id", out _));
    }
}
