using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.TestSupport;
using Marten;
using Npgsql;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>
/// <c>GET /measures</c> pages in the database along its (jurisdiction, id) index and filters the status from the status
/// spells: the same measures, in the same order and with the same statuses, as working each timeline out in full.
/// </summary>
public sealed class MeasureListTests(ReferenceRegulations service) : IClassFixture<ReferenceRegulations>
{
    private static readonly string[] Statuses = ["none", "proposed", "agreed", "adopted", "in-force", "suspended", "lifted", "revoked", "vetoed"];

    [Theory]
    [InlineData("2023-06-01")]
    [InlineData("2025-02-01")]
    [InlineData("2025-12-31")]
    public async Task A_status_filter_keeps_exactly_the_measures_whose_timeline_has_that_status_on_the_date(string asOf)
    {
        var all = Items(await GetAsync($"/measures?asOf={asOf}&pageSize=500"));
        Assert.True(all.Count >= 25, $"the reference file's measures are listed: {all.Count}");

        var listed = 0;
        foreach (var status in Statuses)
        {
            var filtered = Items(await GetAsync($"/measures?asOf={asOf}&status={status}&pageSize=500"));

            Assert.Equal(
                all.Where(item => item.GetProperty("status").GetString() == status).Select(Id).ToList(),
                filtered.Select(Id).ToList());
            listed += filtered.Count;
        }

        // Each measure has one status on a date, so the filters together list every measure once.
        Assert.Equal(all.Count, listed);
        Assert.True(all.Select(item => item.GetProperty("status").GetString()).Distinct().Count() >= 2, "the date has measures of several statuses");
    }

    /// <summary>A status with other filters, read from the status spells, is the filtered list's measures of that status, by offset and by cursor alike.</summary>
    [Theory]
    [InlineData("2025-02-01", "in-force", "&jurisdiction=US")]
    [InlineData("2025-02-01", "in-force", "&bloc=EU")]
    [InlineData("2025-06-01", "in-force", "&target=foreign-ai-apps")]
    [InlineData("2025-12-31", "in-force", "&type=export-control&direction=restrictive")]
    [InlineData("2025-12-31", "adopted", "")]
    [InlineData("2025-12-31", "revoked", "&jurisdiction=US")]
    public async Task A_status_with_other_filters_lists_the_filtered_measures_of_that_status_a_page_or_a_cursor_at_a_time(string asOf, string status, string filters)
    {
        var all = Items(await GetAsync($"/measures?asOf={asOf}&pageSize=500{filters}"));
        var expected = all.Where(item => item.GetProperty("status").GetString() == status).Select(Id).ToList();

        var first = await GetAsync($"/measures?asOf={asOf}&status={status}&pageSize=500{filters}");
        var walked = new List<string>();
        var page = await GetAsync($"/measures?asOf={asOf}&status={status}&pageSize=2{filters}");
        Assert.Equal(expected.Count, page.GetProperty("total").GetInt64());
        for (var pages = 0; pages < 50; pages++)
        {
            walked.AddRange(Items(page).Select(Id));
            if (page.GetProperty("next").GetString() is not { } next)
            {
                break;
            }

            page = await GetAsync($"/measures?asOf={asOf}&status={status}&pageSize=2{filters}&after={Uri.EscapeDataString(next)}");
        }

        Assert.True(expected.Count > 0, $"the reference file has {status} measures for {filters} on {asOf}");
        Assert.Equal(expected, Items(first).Select(Id).ToList());
        Assert.Equal(expected, walked);
    }

    /// <summary><c>/status</c> counts in the database what the list's statuses say, for the filters given, and lists the same page.</summary>
    [Theory]
    [InlineData("2024-06-01", "")]
    [InlineData("2025-12-31", "")]
    [InlineData("2025-02-01", "&jurisdiction=US")]
    [InlineData("2025-02-01", "&type=export-control&direction=restrictive")]
    public async Task Status_counts_every_kept_measure_by_its_status_and_lists_a_page_of_them(string asOf, string filters)
    {
        var all = Items(await GetAsync($"/measures?asOf={asOf}{filters}&pageSize=500"));
        var status = await GetAsync($"/status?asOf={asOf}{filters}&pageSize=5");

        var expected = all.GroupBy(item => item.GetProperty("status").GetString()!).ToDictionary(group => group.Key, group => group.Count());
        var counted = status.GetProperty("counts").EnumerateObject().ToDictionary(count => count.Name, count => count.Value.GetInt32());
        Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), counted.OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.NotEmpty(all);
        Assert.Equal(all.Take(5).Select(Id), status.GetProperty("measures").EnumerateArray().Select(Id));
        Assert.Equal(all.Count > 5, status.GetProperty("next").ValueKind == JsonValueKind.String);
    }

    /// <summary><c>/divergence</c> counted by the database is the matrix the listed measures and their statuses give.</summary>
    [Theory]
    [InlineData("2024-06-01", "jurisdiction", "")]
    [InlineData("2025-06-01", "bloc", "")]
    [InlineData("2025-06-01", "jurisdiction", "&target=foreign-ai-apps")]
    [InlineData("2025-12-31", "bloc", "&direction=restrictive")]
    public async Task Divergence_is_the_matrix_of_the_listed_measures_in_force(string asOf, string by, string filters)
    {
        await service.CaughtUpAsync(); // the list reads the measures, the matrix their status spells: both as of every write so far
        var all = Items(await GetAsync($"/measures?asOf={asOf}{filters}&pageSize=500"));
        var answer = await GetAsync($"/divergence?asOf={asOf}&by={by}{filters}");

        string RowOf(JsonElement item) => item.GetProperty(by).GetString()!;
        var target = filters.Contains("target=", StringComparison.Ordinal) ? filters[(filters.IndexOf('=', StringComparison.Ordinal) + 1)..] : null;
        var inForce = all.Where(item => item.GetProperty("status").GetString() == "in-force").ToList();
        var expectedCells = inForce
            .SelectMany(item => item.GetProperty("targets").EnumerateArray().Select(tag => (Row: RowOf(item), Tag: tag.GetString()!, Item: item)))
            .Where(cell => target is null || cell.Tag == target)
            .GroupBy(cell => (cell.Row, cell.Tag))
            .OrderBy(group => group.Key.Row, StringComparer.Ordinal).ThenBy(group => group.Key.Tag, StringComparer.Ordinal)
            .Select(group => $"{group.Key.Row}|{group.Key.Tag}|{group.Count()}|{string.Join(",", group.Select(cell => Id(cell.Item)))}"
                + $"|{string.Join(",", group.GroupBy(cell => cell.Item.GetProperty("direction").GetString()).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Count()}"))}")
            .ToList();
        var cells = answer.GetProperty("cells").EnumerateArray()
            .Select(cell => $"{cell.GetProperty("row").GetString()}|{cell.GetProperty("target").GetString()}|{cell.GetProperty("inForce").GetInt32()}"
                + $"|{string.Join(",", cell.GetProperty("measureIds").EnumerateArray().Select(id => id.GetString()))}"
                + $"|{string.Join(",", cell.GetProperty("byDirection").EnumerateObject().OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => $"{d.Name}={d.Value.GetInt32()}"))}")
            .ToList();

        Assert.Equal(all.Select(RowOf).Distinct().Order(StringComparer.Ordinal), answer.GetProperty("rows").EnumerateArray().Select(row => row.GetString()!));
        Assert.Equal(
            target is null ? all.SelectMany(item => item.GetProperty("targets").EnumerateArray().Select(tag => tag.GetString()!)).Distinct().Order(StringComparer.Ordinal) : [target],
            answer.GetProperty("targets").EnumerateArray().Select(tag => tag.GetString()!));
        Assert.Equal(expectedCells, cells);
        Assert.NotEmpty(cells);
    }

    [Fact]
    public async Task Cursor_pages_walk_the_same_list_as_one_offset_page_in_jurisdiction_then_id_order()
    {
        var whole = Items(await GetAsync("/measures?pageSize=500")).Select(item => (Jurisdiction: item.GetProperty("jurisdiction").GetString()!, Id: Id(item))).ToList();
        var walked = new List<string>();
        var page = await GetAsync("/measures?pageSize=4");
        Assert.True(page.GetProperty("total").GetInt64() >= 25);
        for (var pages = 0; pages < 20; pages++)
        {
            walked.AddRange(Items(page).Select(Id));
            if (page.GetProperty("next").GetString() is not { } next)
            {
                break;
            }

            page = await GetAsync($"/measures?pageSize=4&after={Uri.EscapeDataString(next)}");
            Assert.Equal(JsonValueKind.Null, page.GetProperty("total").ValueKind);
        }

        Assert.Equal(whole.Select(item => item.Id), walked);
        Assert.Equal(whole.OrderBy(item => item.Jurisdiction, StringComparer.Ordinal).ThenBy(item => item.Id, StringComparer.Ordinal).Select(item => item.Id), walked);
    }

    [Theory]
    [InlineData("/measures?after=not-a-cursor", "after")]
    [InlineData("/measures?page=2&after=bm90", "page")]
    [InlineData("/measures?page=22&pageSize=500", "page")]
    [InlineData("/measures?status=dormant", "status")]
    public async Task A_bad_page_request_is_refused_naming_the_field(string path, string field)
    {
        using var response = await service.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    /// <summary>The list order and a cursor's row comparison walk the (jurisdiction, id) index, whatever the number of measures.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_list_is_read_along_its_index(bool fromCursor)
    {
        var table = $"{service.Store.Options.DatabaseSchemaName}.mt_doc_measureentry";
        var key = Features.MeasureFilter.JurisdictionSql;
        var condition = fromCursor ? $"where ({key}, d.id) > ('EU', 'eu-aiact') " : string.Empty;
        var sql = $"select d.data from {table} d {condition}order by {key}, d.id limit 101";

        var lines = await QueryPlans.OfAsync(service.ConnectionString, sql);

        Assert.Contains(lines, line => line.Contains("mt_doc_measureentry_idx_jurisdiction_id", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    /// <summary>
    /// The columns and indexes as declared (masked and covering ones included) are those the store has after a start:
    /// the next start finds nothing to change, so no index is built again at every start.
    /// </summary>
    [Fact]
    public async Task The_store_holds_the_schema_as_declared() => await service.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();

    /// <summary>
    /// A page past the start reads its ids (the handler's own command, as it sends it) along the index alone: once the
    /// table is vacuumed (as autovacuum leaves it), the offset is skipped without a visit to the table.
    /// </summary>
    [Fact]
    public async Task A_page_past_the_start_skips_its_offset_along_the_index_without_reading_a_row()
    {
        await using var session = service.Store.QuerySession();
        var command = Features.MeasureFilter.Ordered(session.Query<Projections.MeasureEntry>()).Select(entry => entry.Id).Skip(10).Take(11).ToCommand();
        using (var sql = new SqlCommands())
        {
            Assert.Contains(SqlCommands.AsSent(command.CommandText), await sql.OfAsync(service.Client, "/measures?page=2&pageSize=10"));
        }

        await QueryPlans.AssertIndexOnlyAsync(
            service.ConnectionString,
            $"{service.Store.Options.DatabaseSchemaName}.mt_doc_measureentry",
            "mt_doc_measureentry_idx_jurisdiction_id",
            command.CommandText,
            command.Parameters.Cast<NpgsqlParameter>());
    }

    /// <summary>A status's measures are a walk of the (status, jurisdiction, measure) index over the spells, from the start or a cursor, with no sort.</summary>
    [Theory]
    [InlineData("")]
    [InlineData(" and (d.jurisdiction, d.measure_id) > ('EU', 'eu-aiact')")]
    public async Task A_status_is_read_along_the_spells_index(string condition)
    {
        var table = $"{service.Store.Options.DatabaseSchemaName}.mt_doc_measurestatusspell";
        var sql = $"select d.data from {table} d where d.status = 'InForce' and d.valid_from <= '2025-06-01' "
            + $"and (d.valid_until is null or d.valid_until > '2025-06-01'){condition} order by d.jurisdiction, d.measure_id limit 101";

        var lines = await QueryPlans.OfAsync(service.ConnectionString, sql);

        Assert.Contains(lines, line => line.Contains("mt_doc_measurestatusspell_idx_status_jurisdiction_measure", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    private async Task<JsonElement> GetAsync(string path) => await service.Client.GetFromJsonAsync<JsonElement>(path);

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private static string Id(JsonElement item) => item.GetProperty("id").GetString()!;
}
