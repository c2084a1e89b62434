using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Adoption.Projections;
using Intelligence.TestSupport;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// A page of <c>/series</c> shows each series' latest standing point and counts, and a page of <c>/milestones</c>
/// whether each still stands, from the series' tally
/// (<see cref="SeriesTally"/>), not from the series read whole: what it shows is what the series itself says after
/// every kind of change, and a store written before the tallies lists the same until a rebuild gives it them.
/// </summary>
public sealed class SeriesTallyTests(AdoptionService service) : IClassFixture<AdoptionService>
{
    private const string Metric = "monthly-active-users";

    private static Dictionary<string, object?> Observation(string id, string subject, string observedOn, long value) => new()
    {
        ["id"] = id,
        ["subject"] = new { name = subject, organization = new { name = "Tally Lab" } },
        ["metric"] = Metric,
        ["region"] = "global",
        ["value"] = value,
        ["observedOn"] = observedOn,
        ["period"] = "month",
        ["measurementType"] = "company-disclosure",
        ["confidence"] = "high",
        ["source"] = "https://example.org/tally",
    };

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 10)];

    private async Task<string> SeriesOfThreeAsync(string subject)
    {
        var prefix = subject.ToLowerInvariant();
        foreach (var (suffix, day, value) in new[] { ("a", "2025-01-31", 90_000_000L), ("b", "2025-02-28", 120_000_000L), ("c", "2025-03-31", 150_000_000L) })
        {
            var recorded = await service.Client.PostAsJsonAsync("/observations", Observation($"{prefix}-{suffix}", subject, day, value));
            Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
        }

        return $"{prefix}.{Metric}.global";
    }

    /// <summary>The series as <c>/series</c> lists it: the one item of its subject's page.</summary>
    private async Task<JsonElement> ListedAsync(string seriesId)
    {
        var page = await service.Client.GetFromJsonAsync<JsonElement>($"/series?subject={seriesId.Split('.')[0]}");
        return Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    /// <summary>What the list shows of a series, set beside what the series itself says.</summary>
    private async Task AssertListedAsTheSeriesSaysAsync(string seriesId)
    {
        var listed = await ListedAsync(seriesId);
        var series = await service.Client.GetFromJsonAsync<JsonElement>($"/series/{seriesId}");
        Assert.Equal(series.GetProperty("latest").GetRawText(), listed.GetProperty("latest").GetRawText());
        Assert.Equal(series.GetProperty("points").GetArrayLength(), listed.GetProperty("observations").GetInt32());
        Assert.Equal(series.GetProperty("milestones").GetArrayLength(), listed.GetProperty("milestones").GetInt32());
        Assert.Equal(series.GetProperty("version").GetInt64(), listed.GetProperty("version").GetInt64());
        var milestones = await service.Client.GetFromJsonAsync<JsonElement>($"/milestones?subject={seriesId.Split('.')[0]}");
        Assert.Equal(
            series.GetProperty("milestones").EnumerateArray().Select(m => (m.GetProperty("threshold").GetDecimal(), m.GetProperty("stillStands").GetBoolean())).Order(),
            milestones.EnumerateArray().Select(m => (m.GetProperty("threshold").GetDecimal(), m.GetProperty("stillStands").GetBoolean())).Order());
    }

    [Fact]
    public async Task A_listed_series_shows_what_the_series_says_after_a_record_a_correction_and_a_retraction_of_its_latest()
    {
        var seriesId = await SeriesOfThreeAsync(Unique("Tally"));
        var prefix = seriesId.Split('.')[0];
        await AssertListedAsTheSeriesSaysAsync(seriesId);
        Assert.Equal($"{prefix}-c", (await ListedAsync(seriesId)).GetProperty("latest").GetProperty("id").GetString());

        var corrected = await service.Client.PostAsJsonAsync($"/observations/{prefix}-c/corrections", new { reason = "revised", source = "https://example.org/revised", value = 160_000_000 });
        Assert.True(corrected.IsSuccessStatusCode, await corrected.Content.ReadAsStringAsync());
        await AssertListedAsTheSeriesSaysAsync(seriesId);
        Assert.Equal(1, (await ListedAsync(seriesId)).GetProperty("latest").GetProperty("corrections").GetInt32());

        var retracted = await service.Client.PostAsJsonAsync($"/observations/{prefix}-c/retraction", new { reason = "withdrawn", source = "https://example.org/withdrawn" });
        Assert.True(retracted.IsSuccessStatusCode, await retracted.Content.ReadAsStringAsync());
        await AssertListedAsTheSeriesSaysAsync(seriesId);
        var listed = await ListedAsync(seriesId);
        Assert.Equal($"{prefix}-b", listed.GetProperty("latest").GetProperty("id").GetString());
        Assert.Equal(2, listed.GetProperty("observations").GetInt32());

        // 90 million is all that stands now: the 100-million milestone stays in the history, no longer standing.
        (await service.Client.PostAsJsonAsync($"/observations/{prefix}-b/retraction", new { reason = "withdrawn", source = "https://example.org/withdrawn" })).EnsureSuccessStatusCode();
        await AssertListedAsTheSeriesSaysAsync(seriesId);
        var milestone = Assert.Single((await service.Client.GetFromJsonAsync<JsonElement>($"/milestones?subject={prefix}")).EnumerateArray());
        Assert.Equal(100_000_000m, milestone.GetProperty("threshold").GetDecimal());
        Assert.False(milestone.GetProperty("stillStands").GetBoolean());
    }

    [Fact]
    public async Task A_page_of_series_or_milestones_reads_the_tallies_and_no_series_whole()
    {
        await SeriesOfThreeAsync(Unique("Paged"));
        using var sql = new SqlCommands();

        foreach (var read in new[] { "/series?pageSize=50", "/milestones?limit=50" })
        {
            var commands = await sql.OfAsync(service.Client, read);

            Assert.Contains(commands, command => command.Contains("mt_doc_seriestally", StringComparison.Ordinal));
            Assert.DoesNotContain(commands, command => command.Contains("mt_doc_seriesentry", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_series_stored_before_tallies_is_listed_the_same_and_an_operators_rebuild_gives_it_its_tally()
    {
        var seriesId = await SeriesOfThreeAsync(Unique("Older"));
        var tallied = (await ListedAsync(seriesId)).GetRawText();

        // As a store written before the tallies holds none.
        await using (var session = service.Store.LightweightSession())
        {
            session.Delete<SeriesTally>(seriesId);
            await session.SaveChangesAsync();
        }

        using var sql = new SqlCommands();
        var untallied = (await ListedAsync(seriesId)).GetRawText();
        var readWhole = await sql.OfAsync(service.Client, $"/series?subject={seriesId.Split('.')[0]}");
        var rebuilt = await service.Client.PostAsync($"/admin/projections/{nameof(SeriesTallyProjection)}/rebuild", null);
        Assert.True(rebuilt.IsSuccessStatusCode, await rebuilt.Content.ReadAsStringAsync());
        var afterRebuild = (await ListedAsync(seriesId)).GetRawText();
        var readTallied = await sql.OfAsync(service.Client, $"/series?subject={seriesId.Split('.')[0]}");

        Assert.Equal(tallied, untallied);
        Assert.Contains(readWhole, command => command.Contains("mt_doc_seriesentry", StringComparison.Ordinal));
        Assert.Equal(tallied, afterRebuild);
        Assert.DoesNotContain(readTallied, command => command.Contains("mt_doc_seriesentry", StringComparison.Ordinal));
        await using var query = service.Store.QuerySession();
        Assert.Equal(3, (await query.LoadAsync<SeriesTally>(seriesId))?.Observations);
    }

    [Fact]
    public async Task The_projection_folds_what_the_stored_series_lacks_and_nothing_it_already_holds()
    {
        var seriesId = await SeriesOfThreeAsync(Unique("Folded"));
        await using var session = service.Store.LightweightSession();
        var tally = await session.LoadAsync<SeriesTally>(seriesId);
        var events = await session.Events.FetchStreamAsync(seriesId);
        var projection = new SeriesTallyProjection();

        // Delivered again over a series that holds every event: the tally is the series' as stored.
        await projection.ApplyAsync(session, events, CancellationToken.None);
        await session.SaveChangesAsync();
        var replayed = await session.LoadAsync<SeriesTally>(seriesId);

        // A series document lagging behind the batch: the events before it are read from the stream and folded first.
        session.Delete<SeriesEntry>(seriesId);
        session.Delete<SeriesTally>(seriesId);
        await session.SaveChangesAsync();
        await projection.ApplyAsync(session, [events[^1]], CancellationToken.None);
        await session.SaveChangesAsync();
        var caughtUp = await session.LoadAsync<SeriesTally>(seriesId);

        Assert.NotNull(tally);
        Assert.Equal(events[^1].Version, tally.Version);
        Assert.Equal(JsonSerializer.Serialize(tally), JsonSerializer.Serialize(replayed));
        Assert.Equal(JsonSerializer.Serialize(tally), JsonSerializer.Serialize(caughtUp));
    }
}
