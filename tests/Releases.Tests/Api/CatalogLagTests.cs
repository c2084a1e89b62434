using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;
using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// The catalog and its counters are projected by the async daemon, off the write path. With their shards stopped
/// (the daemon as far behind as it can be), a write still reads back as written, a bulk writer still decides on the
/// stored state, the lag shows in the operator's progress, and the list's data-version tag moves again when the
/// daemon catches up, so no client keeps a list read before the catch-up. A store written by an earlier version
/// (the catalog kept inline, the sort keys not yet columns) is brought up to date by the first start.
/// </summary>
public sealed class CatalogLagTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private const string Header = "release_id,model,organization,org_country,release_date,date_basis,open_weights,licence,consumer_free_access,consumer_access_note,epoch_feb2025_accessibility,epoch_feb2025_date,notes,source,confidence\n";

    [Fact]
    public async Task After_an_operator_rebuild_the_catalog_goes_on_taking_new_models()
    {
        (await service.Client.PostAsJsonAsync("/models", Json.Model("rebuilt-before", "Rebuilt Before"))).EnsureSuccessStatusCode();
        await service.CaughtUpAsync();

        var rebuilt = await service.Client.PostAsync($"/admin/projections/{Projections.CatalogProjection.Name}/rebuild", null);
        Assert.True(rebuilt.IsSuccessStatusCode, await rebuilt.Content.ReadAsStringAsync());
        (await service.Client.PostAsJsonAsync("/models", Json.Model("rebuilt-after", "Rebuilt After"))).EnsureSuccessStatusCode();

        // Without its agents started again, the daemon would never take the second model: the wait would time out.
        await service.CaughtUpAsync();
        var listed = await (await service.Client.GetAsync("/models?q=Rebuilt&pageSize=10")).Body();
        Assert.Equal(["rebuilt-after", "rebuilt-before"], listed.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Behind_the_daemon_writes_read_back_imports_decide_on_stored_state_and_the_list_tag_moves_once_it_catches_up()
    {
        var daemon = service.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        (await service.Client.PostAsJsonAsync("/models", Json.Model("lag-before", "Lag Before"))).EnsureSuccessStatusCode();
        await service.CaughtUpAsync();
        var shards = daemon.CurrentAgents().Select(agent => agent.Name.Identity).Where(name => name.StartsWith(Projections.CatalogProjection.Name + ":", StringComparison.Ordinal)).ToList();
        Assert.Single(shards);

        foreach (var shard in shards)
        {
            await daemon.StopAgentAsync(shard);
        }

        try
        {
            var announced = await service.Client.PostAsJsonAsync("/models", Json.Model("lag-after", "Lag After"));
            Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
            var corrected = await service.Client.SendAsync(Json.Post("/models/lag-after/access", new { effectiveOn = "2024-09-01", openWeights = false, licence = "proprietary", sourceUrl = "https://example.org/closed" }));
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);

            // A command's answer holds at once: the model reads as its last command left it.
            var model = await service.Client.GetAsync("/models/lag-after");
            Assert.Equal(HttpStatusCode.OK, model.StatusCode);
            Assert.Equal("\"2\"", model.Headers.ETag?.Tag);
            Assert.False((await model.Body()).GetProperty("openWeights").GetBoolean());

            // The import decides on the streams, not on the entries the daemon has yet to write.
            var file = Header + "L1,Lag Imported,Lag Lab,FR,2024-05-01,announcement,yes,MIT,yes,,,,,https://example.org/lag,high\n";
            var first = await (await service.Client.PostAsync("/imports", Json.Csv(file))).Body();
            var second = await (await service.Client.PostAsync("/imports", Json.Csv(file))).Body();
            Assert.Equal(1, first.GetProperty("accepted").GetInt32());
            Assert.Equal(0, second.GetProperty("accepted").GetInt32());
            Assert.Equal(1, second.GetProperty("unchanged").GetInt32());

            // The list has not caught up, and the operator sees by how much.
            var behind = await service.Client.GetAsync("/models?q=lag&pageSize=50");
            Assert.Equal(["lag-before"], Ids(await behind.Body()));
            var progress = await service.Client.GetFromJsonAsync<JsonElement>("/admin/progress");
            Assert.All(
                progress.GetProperty("shards").EnumerateArray().Where(shard => shards.Contains(shard.GetProperty("name").GetString()!)),
                shard => Assert.True(shard.GetProperty("behind").GetInt64() > 0, $"{shard} should be behind"));

            foreach (var shard in shards)
            {
                await daemon.StartAgentAsync(shard, CancellationToken.None);
            }

            await service.CaughtUpAsync();
            using var again = new HttpRequestMessage(HttpMethod.Get, "/models?q=lag&pageSize=50");
            again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(behind.Headers.ETag!.ToString()));
            var caughtUp = await service.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.OK, caughtUp.StatusCode);
            Assert.Equal(["lag-after", "lag-before", "lag-imported"], Ids(await caughtUp.Body()).Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var shard in shards.Where(shard => daemon.CurrentAgents().All(agent => agent.Name.Identity != shard || agent.Status != AgentStatus.Running)))
            {
                await daemon.StartAgentAsync(shard, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task A_store_whose_catalog_was_kept_inline_is_projected_afresh_by_the_daemon_and_counts_each_model_once()
    {
        await using var database = await TestDatabase.CreateAsync("releases_upgrade");
        string[] models = ["upgrade-a", "upgrade-b", "upgrade-c"];
        await using (var before = StartOn(database))
        {
            using var client = before.NewClient();
            foreach (var id in models)
            {
                (await client.PostAsJsonAsync("/models", Json.Model(id, id, "JP", "2024-07-01"))).EnsureSuccessStatusCode();
            }

            await before.ProjectionsCaughtUpAsync();
        }

        // What a store from before the daemon kept the catalog looks like: entries and counts, and no progress of the daemon's.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forget = new NpgsqlCommand(
                "delete from releases.mt_event_progression where name not in ('HighWaterMark', 'HighWaterAllocationFence') and name not like 'IntegrationEventRelay:%'", connection);
            Assert.True(await forget.ExecuteNonQueryAsync() > 1); // the composite's shard and its members'

        }

        await using var after = StartOn(database);
        using var reader = after.NewClient();
        await after.ProjectionsCaughtUpAsync();
        var counted = await reader.GetFromJsonAsync<JsonElement>("/stats/window?from=2024-07-01&to=2024-07-01&groupBy=country");
        Assert.Equal(3, counted.EnumerateArray().Single(row => row.GetProperty("group").GetString() == "JP").GetProperty("releases").GetInt32());
        Assert.Equal(models, Ids(await reader.GetFromJsonAsync<JsonElement>("/models?country=JP&sort=name")));
    }

    [Fact]
    public async Task A_catalog_stored_before_its_sort_keys_were_columns_gets_them_filled_on_the_first_start()
    {
        await using var database = await TestDatabase.CreateAsync("releases_sort_keys");
        var file = new StringBuilder(Header);
        for (var i = 0; i < 45; i++)
        {
            file.Append(CultureInfo.InvariantCulture, $"K{i},Key Model {i:00},Key Lab,FR,2024-{1 + (i % 12):00}-{1 + (i % 27):00},announcement,yes,MIT,yes,,,,,https://example.org/keys,high\n");
        }

        string[] reads = ["/models?sort=name&page=2&pageSize=20", "/models?sort=-releasedOn&page=3&pageSize=15", "/models?sort=releasedOn&pageSize=10"];
        var before = new List<string>();
        await using (var host = StartOn(database))
        {
            using var client = host.NewClient();
            (await client.PostAsync("/imports", Json.Csv(file.ToString()))).EnsureSuccessStatusCode();
            await host.ProjectionsCaughtUpAsync();
            foreach (var read in reads)
            {
                before.Add(string.Join(',', Ids(await client.GetFromJsonAsync<JsonElement>(read))));
            }
        }

        // What a store from before looks like: the entries' documents alone, without the key columns (nor their indexes).
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("alter table releases.mt_doc_catalogentry drop column statedetailsreleased_on, drop column statedetailsname", connection);
            await drop.ExecuteNonQueryAsync();
        }

        await using var after = StartOn(database);
        using var reader = after.NewClient();
        var again = new List<string>();
        foreach (var read in reads)
        {
            again.Add(string.Join(',', Ids(await reader.GetFromJsonAsync<JsonElement>(read))));
        }

        Assert.Equal(before, again);
        Assert.All(before, page => Assert.NotEmpty(page));
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var empty = new NpgsqlCommand("select count(*) from releases.mt_doc_catalogentry where statedetailsreleased_on is null or statedetailsname is null", connection);
            Assert.Equal(0L, await empty.ExecuteScalarAsync());
        }
    }

    private static ServiceHost<Program> StartOn(TestDatabase database)
    {
        var host = new ServiceHost<Program>([new("ConnectionStrings:Marten", database.ConnectionString), new("Releases:ShippedScores", "false"), .. TestServers.RabbitSettings()]);
        host.Start();
        return host;
    }

    private static IEnumerable<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!);
}
