using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Adoption.Features;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// The reads the gateway composes from send the same SQL commands at the reference data and at ten times as many
/// series and observations: they read the series' links and their standing observations by index, never every series
/// nor the whole catalog replica. Counted from Npgsql's own activities (<see cref="SqlCommands"/>).
/// </summary>
public sealed class ReadShapeTests(AdoptionWithReleases system, ITestOutputHelper output) : IClassFixture<AdoptionWithReleases>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    private static readonly string[] Reads =
    [
        "/headlines?asOf=2025-06-30&groupBy=bloc",
        "/headlines?asOf=2025-06-30&groupBy=country",
        "/observations?latest=true&model=deepseek-r1&to=2025-06-30",
        "/observations?from=2023-01-01&to=2025-12-31&bloc=US&pageSize=50",
        "/leaderboard?metric=weekly-active-users&region=global&asOf=2025-06-30&pageSize=2",
        "/leaderboard?metric=weekly-active-users&region=global&asOf=2025-06-30&pageSize=1&page=2",
        "/share-by-bloc?metric=monthly-active-users&region=global&asOf=2025-06-30",
        "/series?pageSize=1",
        "/subjects/chatgpt",
        "/subjects?limit=2",
        "/milestones?limit=3",
    ];

    /// <summary>The reads the gateway composes from: each reads the data version, then its answer.</summary>
    private static readonly string[] GatewayReads = Reads[..4];

    /// <summary>Organizations of the reference catalog (so their subjects link), and one it does not hold.</summary>
    private static readonly string[] Organizations = ["OpenAI", "DeepSeek", "Baidu", "Google DeepMind", "Shape Lab"];

    [Fact]
    public async Task Reads_for_the_gateway_send_the_same_commands_whatever_the_number_of_series()
    {
        using var sql = new SqlCommands();
        await PostCsvAsync(system.ReleasesClient, ReferenceData.Read("releases.csv"));
        await WaitForCatalogAsync();
        await PostCsvAsync(system.Client, ReferenceData.Read("adoption.csv"));

        // A board of a few series, so that the leaderboard's first page is not the whole board at either size.
        await PostCsvAsync(system.Client, string.Concat(
            "obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence\n",
            string.Concat(Enumerable.Range(0, 3).Select(i => $"SL{i},Small Board {i},Shape Lab,US,weekly active users,{i + 1}000000,,users,global,2025-01-0{i + 1},week,third-party estimate,,https://example.org/shape,medium\n"))));
        foreach (var read in Reads)
        {
            await sql.OfAsync(system.Client, read); // the first use of a document type may check its schema
        }

        var small = await CountAsync(sql);
        var before = await TotalsAsync();
        await PostCsvAsync(system.Client, Synthetic(subjects: 150));

        // The first headline read after a write counts its day again (a few commands, not one per series); the reads
        // after it read the kept cell.
        var catchingUp = await CountAsync(sql);
        var large = await CountAsync(sql);
        var after = await TotalsAsync();

        foreach (var read in Reads)
        {
            output.WriteLine($"{read}: {small[read]} then {large[read]} SQL commands");
        }

        output.WriteLine($"series of deepseek-r1 {before.Model} then {after.Model}; US observations {before.Bloc} then {after.Bloc}");
        Assert.Equal(small, large);
        Assert.All(GatewayReads, read => Assert.Equal(2, small[read])); // the data version, then the read
        Assert.All(Reads[..2], read => Assert.InRange(catchingUp[read], 3, 8));

        // The reads did grow: the same commands answer over ten times the series.
        Assert.True(after.Model >= before.Model * 10, $"series of deepseek-r1: {before.Model} then {after.Model}");
        Assert.True(after.Bloc >= before.Bloc * 10, $"US observations: {before.Bloc} then {after.Bloc}");
    }

    [Fact]
    public async Task No_read_loads_the_catalog_replica_only_the_one_model_a_filter_names()
    {
        using var sql = new SqlCommands();
        await PostCsvAsync(system.ReleasesClient, ReferenceData.Read("releases.csv"));
        await WaitForCatalogAsync();
        await PostCsvAsync(system.Client, ReferenceData.Read("adoption.csv"));
        var series = await system.Client.GetFromJsonAsync<JsonElement>("/series?organization=openai&pageSize=1");
        var seriesId = series.GetProperty("items")[0].GetProperty("id").GetString();

        foreach (var read in Reads.Append("/subjects").Append($"/series/{seriesId}"))
        {
            var commands = await sql.OfAsync(system.Client, read);

            // The replica holds the whole catalog, a million models at the market's size: a read that loaded it would grow with the market.
            Assert.All(commands.Where(command => command.Contains("mt_doc_catalogmodel", StringComparison.Ordinal)), command => Assert.Contains("c.id = ", command, StringComparison.Ordinal));
        }

        // The subjects come from the series' stored links: no series is loaded with its observations.
        var subjects = await sql.OfAsync(system.Client, "/subjects");
        Assert.Contains(subjects, command => command.Contains("mt_doc_serieslink", StringComparison.Ordinal));
        Assert.DoesNotContain(subjects, command => command.Contains("mt_doc_seriesentry", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mt_doc_catalogmodel USING btree (organization_id, released_on)")]
    [InlineData("mt_doc_serieslink USING btree (linked_organization_id)")]
    [InlineData("mt_doc_standingobservation USING btree (series_id, observed_on)")]
    [InlineData("mt_doc_standingobservation USING btree (observed_on)")]
    [InlineData("mt_doc_serieslink USING gin (model_ids)")]
    [InlineData("mt_doc_serieslink USING gin (origin_countries)")]
    [InlineData("mt_doc_serieslink USING btree (bloc_key)")]
    [InlineData("mt_doc_serieslink USING btree (metric_kind)")]
    [InlineData("mt_doc_serieslink USING btree (family)")]
    [InlineData("mt_doc_serieslink USING btree (list_key, id)")]
    [InlineData("mt_doc_milestonerecord USING btree (reached_on, threshold, series_id)")]
    [InlineData("mt_doc_milestonerecord USING btree (subject_id)")]
    [InlineData("mt_doc_catalogmodel USING gin (name_families)")]
    [InlineData("mt_doc_catalogmodel USING btree (name_key)")]
    [InlineData("mt_doc_catalogmodel USING btree (organization_id)")]
    [InlineData("mt_doc_standingobservation USING btree (((data ->> 'board'::text)), (((data ->> 'boardOrder'::text))::numeric), ((data ->> 'subjectOrder'::text)), series_id)")]
    [InlineData("mt_doc_serieslink USING btree (((data ->> 'metricKey'::text)), ((data ->> 'region'::text)))")]
    public async Task The_read_models_are_indexed_where_the_reads_filter(string index)
    {
        await using var session = system.Store.QuerySession();
        var indexes = await session.QueryAsync<string>("select indexdef from pg_indexes where schemaname = 'adoption'");

        Assert.True(
            indexes.Any(definition => definition.EndsWith($" ON adoption.{index}", StringComparison.Ordinal)),
            $"no index {index} among:\n{string.Join('\n', indexes)}");
    }

    /// <summary>
    /// A leaderboard's page walks its board along the index leader first, keeping what stands on the date, from the
    /// start or from a page's last entry: the order is the index's, so the board is never read whole and sorted.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData(" and (" + ReadModels.BoardOrder + ") > ($4, $5, $6)")]
    public async Task A_leaderboard_page_walks_its_board_along_the_index(string after)
    {
        var points = $"{system.Store.Options.DatabaseSchemaName}.mt_doc_standingobservation";
        var standing = string.Join("$", ReadModels.StandingOnBoard.Split('?').Select((part, i) => i == 0 ? part : $"{i}{part}"));
        var sql = $"select p.data from {points} p where {standing}{after} order by {ReadModels.BoardOrder} limit 101";
        var asOf = new DateOnly(2025, 6, 30);
        NpgsqlParameter[] parameters =
        [
            new() { Value = StandingObservation.BoardOf("weekly-active-users", "global", "users") },
            new() { Value = asOf },
            new() { Value = asOf },
            .. after.Length == 0 ? Array.Empty<NpgsqlParameter>() : [new() { Value = -1_000_000m }, new() { Value = "CHATGPT" }, new() { Value = "chatgpt.weekly-active-users.global" }],
        ];

        var lines = await QueryPlans.OfAsync(system.ConnectionString, sql, parameters);

        Assert.Contains(lines, line => line.Contains("Index Scan using mt_doc_standingobservation_idx_board", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Sort", StringComparison.Ordinal));
    }

    /// <summary>
    /// The columns and indexes as declared (masked and covering ones included) are those the store has after a start:
    /// the next start finds nothing to change, so no index is built again at every start.
    /// </summary>
    [Fact]
    public async Task The_store_holds_the_schema_as_declared() => await system.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();

    /// <summary>
    /// A page of series past the start reads its ids (the handler's own command, as it sends it) along the (list key,
    /// id) index alone: once the links are vacuumed (as autovacuum leaves them), the offset costs no visit to the table.
    /// </summary>
    [Fact]
    public async Task A_series_page_past_the_start_skips_its_offset_along_the_index_without_reading_a_row()
    {
        await PostCsvAsync(system.Client, ReferenceData.Read("adoption.csv"));
        await PostCsvAsync(system.Client, Synthetic(subjects: 20));
        string ids;
        using (var sql = new SqlCommands())
        {
            ids = Assert.Single(await sql.OfAsync(system.Client, "/series?page=3&pageSize=5"), command => command.StartsWith("select l.id from", StringComparison.Ordinal));
        }

        await QueryPlans.AssertIndexOnlyAsync(
            system.ConnectionString, $"{system.Store.Options.DatabaseSchemaName}.mt_doc_serieslink", "mt_doc_serieslink_idx_list_key_id", ids, [new() { Value = 6 }, new() { Value = 10 }]);
    }

    [Fact]
    public async Task The_series_list_walked_by_cursor_is_the_list_read_by_offset_sorted_by_subject()
    {
        await PostCsvAsync(system.Client, ReferenceData.Read("adoption.csv"));
        await PostCsvAsync(system.Client, Synthetic(subjects: 20));

        var byOffset = new List<(string Id, string Subject)>();
        for (var page = 1; page <= 50; page++)
        {
            var items = (await system.Client.GetFromJsonAsync<JsonElement>($"/series?pageSize=200&page={page}")).GetProperty("items");
            byOffset.AddRange(items.EnumerateArray().Select(item => (item.GetProperty("id").GetString()!, item.GetProperty("subject").GetProperty("name").GetString()!)));
            if (items.GetArrayLength() < 200)
            {
                break;
            }
        }

        var byCursor = new List<string>();
        var path = "/series?pageSize=7";
        for (var pages = 0; pages < 1_000 && path is not null; pages++)
        {
            var answer = await system.Client.GetFromJsonAsync<JsonElement>(path);
            byCursor.AddRange(answer.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!));
            path = answer.GetProperty("next").GetString() is { } next ? $"/series?pageSize=7&after={Uri.EscapeDataString(next)}" : null;
        }

        Assert.True(byOffset.Count >= 80, $"{byOffset.Count} series");
        Assert.Equal(byOffset.Select(series => series.Id), byCursor);
        Assert.Equal(byOffset.Count, byOffset.Select(series => series.Id).Distinct().Count());
        Assert.Equal(byOffset.Select(series => series.Subject).Order(StringComparer.OrdinalIgnoreCase), byOffset.Select(series => series.Subject));
        var first = await system.Client.GetFromJsonAsync<JsonElement>("/series?pageSize=7");
        Assert.Equal(byOffset.Count, first.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_subjects_walked_page_by_page_are_every_subject_once_by_name_with_all_its_series()
    {
        await PostCsvAsync(system.Client, ReferenceData.Read("adoption.csv"));
        await PostCsvAsync(system.Client, Synthetic(subjects: 20));
        var series = new List<string>();
        for (var page = 1; page <= 50; page++)
        {
            var items = (await system.Client.GetFromJsonAsync<JsonElement>($"/series?pageSize=200&page={page}")).GetProperty("items");
            series.AddRange(items.EnumerateArray().Select(item => item.GetProperty("id").GetString()!));
            if (items.GetArrayLength() < 200)
            {
                break;
            }
        }

        var subjects = new List<(string Id, string Name, string[] Series)>();
        string? path = "/subjects?limit=3";
        for (var pages = 0; path is not null && pages < 100; pages++)
        {
            using var response = await system.Client.GetAsync(path);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.InRange(answer.GetArrayLength(), 1, 3);
            subjects.AddRange(answer.EnumerateArray().Select(entry => (
                entry.GetProperty("subject").GetProperty("id").GetString()!,
                entry.GetProperty("subject").GetProperty("name").GetString()!,
                entry.GetProperty("series").EnumerateArray().Select(id => id.GetString()!).ToArray())));
            path = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split(';')[0].Trim('<', '>').Replace("?", "/subjects?", StringComparison.Ordinal) : null;
        }

        Assert.True(subjects.Count >= 20, $"{subjects.Count} subjects");
        Assert.Equal(subjects.Count, subjects.Select(subject => subject.Id).Distinct().Count());
        Assert.Equal(subjects.Select(subject => subject.Name).Order(StringComparer.OrdinalIgnoreCase), subjects.Select(subject => subject.Name));
        Assert.Equal(series.Order(StringComparer.Ordinal), subjects.SelectMany(subject => subject.Series).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_windows_lines_are_counted_only_a_little_past_the_page_and_offset_pages_stop_10000_in()
    {
        await PostCsvAsync(system.Client, Synthetic(subjects: 100));

        var first = await system.Client.GetFromJsonAsync<JsonElement>("/observations?from=2023-01-01&to=2025-12-31&pageSize=10");
        var second = await system.Client.GetFromJsonAsync<JsonElement>("/observations?from=2023-01-01&to=2025-12-31&pageSize=10&page=2");
        var few = await system.Client.GetFromJsonAsync<JsonElement>("/observations?from=2023-01-01&to=2025-12-31&model=no-such-model");
        using var deep = await system.Client.GetAsync("/observations?from=2023-01-01&pageSize=10&page=1002");

        Assert.Equal((1_010, true), (first.GetProperty("total").GetInt32(), first.GetProperty("totalIsLowerBound").GetBoolean()));
        Assert.Equal((1_020, true), (second.GetProperty("total").GetInt32(), second.GetProperty("totalIsLowerBound").GetBoolean()));
        Assert.Equal((0, false), (few.GetProperty("total").GetInt32(), few.GetProperty("totalIsLowerBound").GetBoolean()));
        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
        Assert.True((await deep.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("page", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("where ((l.data ->> 'subjectOrder'), l.subject_id) > ('M', 'm')")]
    public async Task A_subjects_page_walks_the_name_index(string after)
    {
        var links = $"{system.Store.Options.DatabaseSchemaName}.mt_doc_serieslink";
        var sql = $"select distinct (l.data ->> 'subjectOrder'), l.subject_id from {links} l {after} order by 1, 2 limit 501";

        var lines = await QueryPlans.OfAsync(system.ConnectionString, sql);

        Assert.Contains(lines, line => line.Contains("Index Scan using mt_doc_serieslink_idx_subject_order", StringComparison.Ordinal));
    }

    private Task<Dictionary<string, int>> CountAsync(SqlCommands sql) => sql.CountEachAsync(system.Client, Reads);

    private async Task<(int Model, int Bloc)> TotalsAsync()
    {
        var model = await system.Client.GetFromJsonAsync<JsonElement>(Reads[2]);
        var bloc = await system.Client.GetFromJsonAsync<JsonElement>(Reads[3]);
        return (model.GetProperty("total").GetInt32(), bloc.GetProperty("total").GetInt32());
    }

    /// <summary>Waits for every model of the releases service in the adoption replica, so the subjects link as they are recorded.</summary>
    private async Task WaitForCatalogAsync()
    {
        await system.ReleasesCaughtUpAsync();
        var catalog = await system.ReleasesClient.GetFromJsonAsync<JsonElement>("/models?pageSize=200");
        string[] ids = [.. catalog.GetProperty("items").EnumerateArray().Select(model => model.GetProperty("id").GetString()!)];
        Assert.NotEmpty(ids);
        await Eventually.Until(
            async () =>
            {
                await using var session = system.Store.QuerySession();
                return await session.LoadManyAsync<CatalogModel>(ids);
            },
            models => models.Count(model => model.CardVersion > 0) == ids.Length,
            Delivery,
            $"the {ids.Length} models of the catalog in the adoption replica");
    }

    private static async Task PostCsvAsync(HttpClient client, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await client.PostAsync("/imports", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Products of the reference organizations (and of one the catalog does not hold), each with weekly and monthly
    /// users worldwide and in the US, three observations a series, all from 2023 to mid-2025.
    /// </summary>
    private static string Synthetic(int subjects)
    {
        string[] metrics = ["weekly active users", "monthly active users"];
        string[] regions = ["global", "US"];
        var csv = new StringBuilder("obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence\n");
        var n = 0;
        for (var s = 0; s < subjects; s++)
        {
            var organization = Organizations[s % Organizations.Length];
            foreach (var metric in metrics)
            {
                foreach (var region in regions)
                {
                    for (var k = 0; k < 3; k++)
                    {
                        var day = new DateOnly(2023, 1, 1).AddDays(((n * 37) % 880) + (k * 10)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        csv.Append(CultureInfo.InvariantCulture, $"SH{n:D5},Shape Chat {s},{organization},US,{metric},{1_000_000 + (n * 1_000)},,users,{region},{day},month,third-party estimate,,https://example.org/shape,medium\n");
                        n++;
                    }
                }
            }
        }

        return csv.ToString();
    }
}
