using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Platform.Geography;
using Intelligence.Regulation.Projections;
using Intelligence.Regulation.Tests.Api;
using Intelligence.TestSupport;
using Marten;
using Npgsql;

namespace Intelligence.Regulation.Tests.Store;

/// <summary>
/// The status spells and step dates follow each write of a measure (once the daemon has taken it), and come back the same from its events alone:
/// after an operator's rebuild, and when the batch a projection gets starts past a measure entry that lags behind;
/// each column a read filters on is indexed.
/// </summary>
public sealed class MeasureDatesProjectionTests(RegulationService service) : IClassFixture<RegulationService>
{
    private static readonly object Order = new { title = "A spelled order", jurisdiction = "US-CA", type = "executive-order", targets = new[] { "frontier-models" }, direction = "restrictive" };

    private async Task RecordAsync(string id, string step, object body)
    {
        var response = await service.Client.PostAsJsonAsync($"/measures/{id}/{step}", body);
        Assert.True(response.IsSuccessStatusCode, $"{id} {step}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<List<string>> SpellsOf(string id)
    {
        await service.CaughtUpAsync();
        await using var session = service.Store.QuerySession();
        return [.. (await session.Query<MeasureStatusSpell>().Where(s => s.MeasureId == id).ToListAsync())
            .OrderBy(s => s.ValidFrom)
            .Select(s => $"{s.Status} {s.ValidFrom:yyyy-MM-dd}..{s.ValidUntil:yyyy-MM-dd} {s.Jurisdiction} {s.Country} {s.Bloc} {s.Direction}")];
    }

    private async Task<List<string>> StepsOf(string id)
    {
        await service.CaughtUpAsync();
        await using var session = service.Store.QuerySession();
        return [.. (await session.Query<MeasureStepDate>().Where(s => s.MeasureId == id).ToListAsync())
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => $"{s.Id} {s.Step} {s.EffectiveOn:yyyy-MM-dd}")];
    }

    [Fact]
    public async Task Each_write_replaces_the_measure_s_spells_and_adds_its_step()
    {
        await RecordAsync("spelled-order", "adoption", new { date = "2024-01-10", source = "EO", measure = Order });
        Assert.Equal(["Adopted 2024-01-10.. US-CA US US Restrictive"], await SpellsOf("spelled-order"));

        await RecordAsync("spelled-order", "entry-into-force", new { date = "2024-02-01", source = "EO" });
        await RecordAsync("spelled-order", "suspension", new { date = "2024-06-01", source = "court order" });
        await RecordAsync("spelled-order", "lifting", new { date = "2024-06-01", source = "appeal" });

        // Suspended and lifted the same day: in force at the end of it, so the spell in force runs on, unbroken.
        Assert.Equal(["Adopted 2024-01-10..2024-02-01 US-CA US US Restrictive", "InForce 2024-02-01.. US-CA US US Restrictive"], await SpellsOf("spelled-order"));
        Assert.Equal(
            ["spelled-order/0 Adopted 2024-01-10", "spelled-order/1 EnteredIntoForce 2024-02-01", "spelled-order/2 Suspended 2024-06-01", "spelled-order/3 Lifted 2024-06-01"],
            await StepsOf("spelled-order"));
    }

    [Fact]
    public async Task A_rebuild_from_the_events_gives_the_same_spells_and_steps()
    {
        await RecordAsync("rebuilt-order", "adoption", new { date = "2023-10-30", source = "EO", measure = Order });
        await RecordAsync("rebuilt-order", "entry-into-force", new { date = "2023-10-30", source = "EO" });
        await RecordAsync("rebuilt-order", "revocation", new { date = "2025-01-20", source = "EO 14148" });
        var (spells, steps) = (await SpellsOf("rebuilt-order"), await StepsOf("rebuilt-order"));
        await using (var session = service.Store.LightweightSession())
        {
            session.DeleteWhere<MeasureStatusSpell>(s => s.MeasureId == "rebuilt-order");
            session.DeleteWhere<MeasureStepDate>(s => s.MeasureId == "rebuilt-order");
            await session.SaveChangesAsync();
        }

        var names = await service.Client.GetFromJsonAsync<string[]>("/admin/projections");
        var rebuilt = await service.Client.PostAsync($"/admin/projections/{nameof(MeasureDatesProjection)}/rebuild", null);

        Assert.Contains(nameof(MeasureDatesProjection), names!);
        Assert.True(rebuilt.IsSuccessStatusCode, await rebuilt.Content.ReadAsStringAsync());
        Assert.Equal(["InForce 2023-10-30..2025-01-20 US-CA US US Restrictive", "Revoked 2025-01-20.. US-CA US US Restrictive"], spells);
        Assert.Equal(spells, await SpellsOf("rebuilt-order"));
        Assert.Equal(steps, await StepsOf("rebuilt-order"));
        var counts = await service.Client.GetFromJsonAsync<JsonElement>("/in-force-counts?asOf=2024-06-01&groupBy=country");
        Assert.True(counts.EnumerateArray().Single(g => g.GetProperty("group").GetString() == "US").GetProperty("inForce").GetInt32() >= 1);

        // The daemon goes on taking writes after the rebuild (it used to leave the projection stopped until a restart).
        await RecordAsync("after-rebuild-order", "adoption", new { date = "2025-02-01", source = "EO", measure = Order });
        Assert.Equal(["Adopted 2025-02-01.. US-CA US US Restrictive"], await SpellsOf("after-rebuild-order"));
    }

    [Fact]
    public async Task A_store_whose_spells_were_kept_inline_gets_them_from_the_daemon_on_its_first_start()
    {
        await using var database = await TestDatabase.CreateAsync("regulation_upgrade");
        await using (var before = StartOn(database))
        {
            using var client = before.NewClient();
            (await client.PostAsJsonAsync("/measures/upgraded-order/adoption", new { date = "2024-03-01", source = "EO", measure = Order })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/measures/upgraded-order/entry-into-force", new { date = "2024-04-01", source = "EO" })).EnsureSuccessStatusCode();
            await before.ProjectionsCaughtUpAsync();
        }

        // A store from when the projection ran inline has no progress of the daemon's for it; its rows go too, so that
        // only the daemon can bring them back.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forget = new NpgsqlCommand(
                "delete from regulation.mt_event_progression where name like 'MeasureDatesProjection:%'; "
                + "delete from regulation.mt_doc_measurestatusspell; delete from regulation.mt_doc_measurestepdate",
                connection);
            await forget.ExecuteNonQueryAsync();
        }

        await using var after = StartOn(database);
        await after.ProjectionsCaughtUpAsync();
        using var reader = after.NewClient();
        var counts = await reader.GetFromJsonAsync<JsonElement>("/in-force-counts?asOf=2024-06-01&groupBy=country");
        Assert.Equal(1, counts.EnumerateArray().Single(group => group.GetProperty("group").GetString() == "US").GetProperty("inForce").GetInt32());
        var listed = await reader.GetFromJsonAsync<JsonElement>("/measures?status=in-force&asOf=2024-06-01");
        Assert.Equal(["upgraded-order"], listed.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()));
    }

    private static ServiceHost<Program> StartOn(TestDatabase database)
    {
        var host = new ServiceHost<Program>([new("ConnectionStrings:Marten", database.ConnectionString), .. TestServers.RabbitSettings()]);
        host.Start();
        return host;
    }

    [Fact]
    public async Task A_batch_past_a_lagging_measure_entry_reads_the_earlier_events_from_the_stream()
    {
        await RecordAsync("lagging-order", "adoption", new { date = "2024-03-01", source = "EO", measure = Order });
        await RecordAsync("lagging-order", "entry-into-force", new { date = "2024-04-01", source = "EO" });
        await service.CaughtUpAsync(); // the daemon is done with these events before the test plays its lagging batch
        await using var session = service.Store.LightweightSession();
        var events = await session.Events.FetchStreamAsync("lagging-order");
        session.Delete<MeasureEntry>("lagging-order");
        session.DeleteWhere<MeasureStatusSpell>(s => s.MeasureId == "lagging-order");
        await session.SaveChangesAsync();

        // As a rebuild of both projections at once may hand over the entry into force before the adoption's entry exists.
        await new MeasureDatesProjection(Countries.Iso3166).ApplyAsync(session, [events[1]], CancellationToken.None);
        await session.SaveChangesAsync();

        Assert.Equal(["Adopted 2024-03-01..2024-04-01 US-CA US US Restrictive", "InForce 2024-04-01.. US-CA US US Restrictive"], await SpellsOf("lagging-order"));
    }

    [Fact]
    public async Task Every_column_the_reads_filter_on_is_indexed()
    {
        await using var session = service.Store.QuerySession();
        var indexed = await session.QueryAsync<string>(
            """
            select t.relname || '.' || a.attname
            from pg_index i
            join pg_class t on t.oid = i.indrelid
            join pg_namespace n on n.oid = t.relnamespace
            join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
            where n.nspname = 'regulation' and t.relname in ('mt_doc_measurestatusspell', 'mt_doc_measurestepdate')
            """);

        Assert.Subset(
            indexed.ToHashSet(StringComparer.Ordinal),
            new HashSet<string>(StringComparer.Ordinal)
            {
                "mt_doc_measurestatusspell.measure_id", "mt_doc_measurestatusspell.status", "mt_doc_measurestatusspell.valid_from", "mt_doc_measurestatusspell.valid_until",
                "mt_doc_measurestatusspell.jurisdiction", "mt_doc_measurestatusspell.country", "mt_doc_measurestatusspell.bloc", "mt_doc_measurestatusspell.direction",
                "mt_doc_measurestepdate.effective_on", "mt_doc_measurestepdate.jurisdiction", "mt_doc_measurestepdate.country", "mt_doc_measurestepdate.bloc",
            });
    }
}
