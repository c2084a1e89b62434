using System.Net.Http.Json;
using Intelligence.Platform.Geography;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The offerings' projection comes back the same from the events alone: an operator's rebuild over a live store
/// clears what it keeps and counts each event once, a batch it has folded already changes nothing, and a batch past a
/// listing that lags behind reads the earlier events from the stream.
/// </summary>
public sealed class ProjectionRebuildTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    private const string Projection = nameof(OfferingListingProjection);

    private static readonly string[] Reads =
    [
        "/offerings/{0}",
        "/offerings/{1}",
        "/offerings?kind=api&asOf=2023-05-15",
        "/offerings?kind=api&asOf=2023-08-15",
        "/price-cuts?since=2023-01-01",
        "/price-moves?from=2023-01-01&to=2023-12-31&kind=api",
        "/price-index?from=2023-01&to=2023-12",
        "/price-levels?asOf=2023-08-15",
    ];

    private async Task RecordAsync(Dictionary<string, object?> body)
    {
        var response = await system.Client.PostAsJsonAsync("/observations", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task SeedAsync()
    {
        await RecordAsync(Observations.Api("Rebuilt", "rebuilt", 10, 30, "2023-03-01"));
        await RecordAsync(Observations.Api("Rebuilt", "rebuilt", 2, 6, "2023-06-01"));                                  // an 80 % cut
        await RecordAsync(Observations.Api("Rebuilt", "rebuilt", 3, 6, "2023-09-01").With("endsOn", "2023-11-30"));
        await RecordAsync(Observations.Api("Rebuilt in euros", "rebuilt-eu", 4, 8, "2023-04-01", provider: "Euro Cloud", country: "FR", currency: "EUR"));
        await RecordAsync(Observations.Api("Rebuilt in euros", "rebuilt-eu", 1, 2, "2023-07-01", provider: "Euro Cloud", country: "FR", currency: "EUR"));
    }

    private async Task<List<string>> AnswersAsync()
    {
        var answers = new List<string>();
        foreach (var read in Reads)
        {
            var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, read, Observations.IdOf("Rebuilt"), Observations.IdOf("Rebuilt in euros", "Euro Cloud"));
            answers.Add($"{read}: {(await system.GetJsonAsync(path)).GetRawText()}");
        }

        await using var session = system.Store.QuerySession();
        answers.Add($"api spells {await session.Query<ApiPriceSpell>().CountAsync()}");
        answers.Add($"price spells {await session.Query<OfferingPriceSpell>().CountAsync()}");
        answers.Add($"moves {await session.Query<PriceMoveRecord>().CountAsync()}");
        answers.Add($"foreign prices {await session.Query<ForeignPricePoint>().CountAsync()}");
        return answers;
    }

    private async Task RebuildAsync()
    {
        var rebuilt = await system.Client.PostAsync($"/admin/projections/{Projection}/rebuild", null);
        Assert.True(rebuilt.IsSuccessStatusCode, await rebuilt.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rebuild_over_the_live_store_restores_what_its_documents_lost_and_a_second_changes_nothing()
    {
        await SeedAsync();
        var before = await AnswersAsync();
        var names = await system.Client.GetFromJsonAsync<string[]>("/admin/projections");

        // As a store written before the spells and moves existed holds none: a rebuild fills them from the events.
        await using (var session = system.Store.LightweightSession())
        {
            session.DeleteWhere<ApiPriceSpell>(spell => spell.OfferingId == Observations.IdOf("Rebuilt"));
            session.DeleteWhere<OfferingPriceSpell>(spell => spell.OfferingId == Observations.IdOf("Rebuilt"));
            session.DeleteWhere<PriceMoveRecord>(move => move.OfferingId == Observations.IdOf("Rebuilt"));
            await session.SaveChangesAsync();
        }

        var damaged = await AnswersAsync();
        await RebuildAsync();
        var once = await AnswersAsync();
        await RebuildAsync();
        var twice = await AnswersAsync();

        Assert.Contains(Projection, names!);
        Assert.Contains("\"percent\":-80", before.Single(answer => answer.StartsWith("/price-cuts", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.NotEqual(before, damaged);
        Assert.Equal(before, once);
        Assert.Equal(before, twice);
    }

    [Fact]
    public async Task A_batch_folded_already_changes_nothing_and_one_past_a_lagging_listing_reads_the_stream()
    {
        await RecordAsync(Observations.Api("Replayed", "replayed", 8, 8, "2023-02-01"));
        await RecordAsync(Observations.Api("Replayed", "replayed", 4, 4, "2023-05-01"));
        await RecordAsync(Observations.Api("Replayed", "replayed", 6, 6, "2023-10-01"));
        var id = Observations.IdOf("Replayed");
        var listed = await system.GetJsonAsync($"/offerings/{id}");
        await using var session = system.Store.LightweightSession();
        var events = await session.Events.FetchStreamAsync(id);
        var projection = new OfferingListingProjection(Countries.Iso3166);

        // Delivered again: every event is at or below the listing's version.
        await projection.ApplyAsync(session, events, CancellationToken.None);
        await session.SaveChangesAsync();
        var replayed = await system.GetJsonAsync($"/offerings/{id}");

        // As a rebuild racing a live write may hand over the last event before the listing exists.
        session.Delete<OfferingListing>(id);
        session.DeleteWhere<ApiPriceSpell>(spell => spell.OfferingId == id);
        await session.SaveChangesAsync();
        await projection.ApplyAsync(session, [events[^1]], CancellationToken.None);
        await session.SaveChangesAsync();
        var caughtUp = await system.GetJsonAsync($"/offerings/{id}");
        var spells = await session.Query<ApiPriceSpell>().Where(spell => spell.OfferingId == id).CountAsync();

        Assert.Equal(4, events.Count); // three prices and the cut the second one made
        Assert.Equal(3, listed.GetProperty("timeline").GetArrayLength());
        Assert.Equal(listed.GetRawText(), replayed.GetRawText());
        Assert.Equal(listed.GetRawText(), caughtUp.GetRawText());
        Assert.Equal(3, spells);
    }

    [Fact]
    public async Task An_event_appended_blind_fails_its_write_rather_than_going_unprojected()
    {
        await RecordAsync(Observations.Api("Blind", "blind", 8, 8, "2023-02-01"));
        var id = Observations.IdOf("Blind");
        await using var session = system.Store.LightweightSession();
        var listed = await session.Events.FetchStreamAsync(id);

        // Appended without loading the stream for writing, Marten hands the projection the event without its version.
        session.Events.Append(id, listed[^1].Data);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync());

        Assert.Contains("without its version", refused.ToString(), StringComparison.Ordinal);
        await using var after = system.Store.QuerySession();
        Assert.Equal(1, (await after.Events.FetchStreamStateAsync(id))!.Version);
    }
}
