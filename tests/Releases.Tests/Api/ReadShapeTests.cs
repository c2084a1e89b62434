using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Releases.Projections;
using Intelligence.TestSupport;
using Marten;
using Marten.Linq.MatchesSql;
using Npgsql;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// The reads that must not grow with the catalog send the same SQL commands at 36 models and at twelve times as many:
/// they read counters or one row by id, never the catalog. Counted from Npgsql's own activities (<see cref="SqlCommands"/>).
/// </summary>
public sealed class ReadShapeTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private static readonly string[] Reads =
    [
        "/stats/window?from=2023-06-15&to=2025-06-14&groupBy=bloc",
        "/stats/window?from=2023-06-15&to=2025-06-14&groupBy=country",
        "/stats/window?from=2024-03-03&to=2024-03-28",
        "/stats?period=quarter&groupBy=bloc",
        "/models/deepseek-r1",
        "/models?pageSize=20", // a page and its bounded count
        "/models?page=2&pageSize=10", // a page past the start: its ids, its rows, its bounded count
        "/organizations?limit=20",
    ];

    [Fact]
    public async Task Counted_reads_send_the_same_commands_whatever_the_size_of_the_catalog()
    {
        using var sql = new SqlCommands();
        await ImportAsync(File.ReadAllText(RepositoryFiles.PathOf("data/releases.csv")));
        foreach (var read in Reads)
        {
            await sql.OfAsync(service.Client, read); // the first use of a document type may check its schema
        }

        var small = await CountAsync(sql);
        await ImportAsync(Synthetic(400));
        var large = await CountAsync(sql);

        Assert.Equal(small, large);
        Assert.All(small.Where(pair => pair.Key.StartsWith("/stats/window", StringComparison.Ordinal)), pair => Assert.InRange(pair.Value, 2, 3)); // the data version, then months and days
    }

    [Theory]
    [InlineData("-releasedOn")]
    [InlineData("releasedOn")]
    [InlineData("name")]
    [InlineData("-name")]
    public async Task Cursor_pages_walk_the_catalog_in_the_order_of_offset_pages_without_a_gap_or_a_repeat(string sort)
    {
        await ImportAsync(File.ReadAllText(RepositoryFiles.PathOf("data/releases.csv")));
        await ImportAsync(Synthetic(400));
        var byOffset = new List<string>();
        for (var page = 1; page <= 50; page++)
        {
            var items = Ids(await service.Client.GetFromJsonAsync<JsonElement>($"/models?sort={sort}&pageSize=200&page={page}")).ToList();
            byOffset.AddRange(items);
            if (items.Count < 200)
            {
                break;
            }
        }

        var byCursor = new List<string>();
        var pages = 0;
        string? next = null;
        do
        {
            var answer = await service.Client.GetFromJsonAsync<JsonElement>($"/models?sort={sort}&pageSize=37{(next is null ? string.Empty : "&after=" + next)}");
            byCursor.AddRange(Ids(answer));
            next = answer.GetProperty("next").GetString();
            Assert.True(next is null || answer.GetProperty("items").GetArrayLength() == 37);
        }
        while (next is not null && ++pages < 100);

        Assert.InRange(byOffset.Count, 436, 2_000); // other tests of the class may have added theirs
        Assert.Equal(byOffset, byCursor);
    }

    [Fact]
    public async Task Offset_pages_count_a_bounded_way_past_their_start_and_say_when_more_match()
    {
        await ImportAsync(Synthetic(1_200, "Count"));

        var first = await service.Client.GetFromJsonAsync<JsonElement>("/models?q=count%20model&pageSize=10");
        var second = await service.Client.GetFromJsonAsync<JsonElement>("/models?q=count%20model&pageSize=100&page=2");
        var third = await service.Client.GetFromJsonAsync<JsonElement>("/models?q=count%20model&pageSize=100&page=3");
        var twelfth = await service.Client.GetFromJsonAsync<JsonElement>("/models?q=count%20model&pageSize=100&page=12");
        var beyond = await service.Client.GetFromJsonAsync<JsonElement>("/models?q=count%20model&pageSize=100&page=20");

        Assert.Equal((1_000, true), Total(first));
        Assert.Equal((1_100, true), Total(second)); // counted after the page's last item, up to 1,000 past its start
        Assert.Equal((1_200, false), Total(third)); // exactly 900 after the page: all of them counted
        Assert.Equal((1_200, false), Total(twelfth));
        Assert.Equal(100, twelfth.GetProperty("items").GetArrayLength());
        Assert.Equal((1_200, false), Total(beyond));
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_search_of_one_or_two_characters_matches_the_start_of_a_word_of_the_name()
    {
        await ImportAsync(File.ReadAllText(RepositoryFiles.PathOf("data/releases.csv")));

        var r1 = Names(await service.Client.GetFromJsonAsync<JsonElement>("/models?q=r1&pageSize=200"));
        var seek = Names(await service.Client.GetFromJsonAsync<JsonElement>("/models?q=seek&pageSize=200"));

        Assert.Contains("DeepSeek-R1", r1);
        Assert.All(r1, name => Assert.Matches(@"(?i)(^|[^a-z0-9])r1", name));
        Assert.Contains("DeepSeek-R1", seek); // three characters and more: anywhere in the name
    }

    /// <summary>
    /// The plans of an organization's models and of a page of organizations, as Marten writes the handlers' queries:
    /// each is read from its index, with no sort, however many models or organizations there are.
    /// </summary>
    [Theory]
    [InlineData("organization", "Index Scan Backward using mt_doc_catalogentry_idx_organization_released_on")]
    [InlineData("organizations", "Index Scan using mt_doc_organizationsummary_idx_nameid")]
    public async Task Organization_reads_are_read_from_their_indexes(string read, string plan)
    {
        await using var session = service.Store.QuerySession();
        var command = read == "organization"
            ? session.Query<CatalogEntry>()
                .Where(entry => entry.State.Details.Organization.Id == "shape-lab-1")
                .OrderByDescending(entry => entry.State.Details.ReleasedOn).ThenByDescending(entry => entry.Id)
                .Take(21)
                .ToCommand()
            : session.Query<OrganizationSummary>()
                .Where(summary => summary.MatchesSql("(d.data ->> 'name', d.id) > (?, ?)", "Shape Lab 1", "shape-lab-1"))
                .OrderBy(summary => summary.Name).ThenBy(summary => summary.Id)
                .Take(21)
                .ToCommand();

        var lines = await PlanAsync(command.CommandText, command.Parameters.Cast<NpgsqlParameter>());

        Assert.Contains(lines, line => line.Contains(plan, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Sort Key", StringComparison.Ordinal));
    }

    /// <summary>
    /// The columns and indexes as declared (masked and covering ones included) are those the store has after a start:
    /// the next start finds nothing to change, so no index is built again at every start.
    /// </summary>
    [Fact]
    public async Task The_store_holds_the_schema_as_declared() => await service.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();

    /// <summary>
    /// A page deep in reads its ids (the handler's own command, as it sends it) along the order's index alone: once the table is
    /// vacuumed (as autovacuum leaves it), the offset is skipped without a single visit to the table.
    /// </summary>
    [Theory]
    [InlineData("-releasedOn", "mt_doc_catalogentry_idx_released_on_id")]
    [InlineData("name", "mt_doc_catalogentry_idx_name_id")]
    public async Task A_page_deep_in_skips_its_offset_along_the_index_without_reading_a_row(string sort, string index)
    {
        await ImportAsync(Synthetic(400));
        await using var session = service.Store.QuerySession();
        var ordered = sort == "name"
            ? session.Query<CatalogEntry>().OrderBy(entry => entry.State.Details.Name).ThenBy(entry => entry.Id)
            : session.Query<CatalogEntry>().OrderByDescending(entry => entry.State.Details.ReleasedOn).ThenByDescending(entry => entry.Id);
        var command = ordered.Select(entry => entry.Id).Skip(300).Take(21).ToCommand();
        using (var sql = new SqlCommands())
        {
            Assert.Contains(SqlCommands.AsSent(command.CommandText), await sql.OfAsync(service.Client, $"/models?sort={sort}&page=16&pageSize=20"));
        }

        await QueryPlans.AssertIndexOnlyAsync(
            service.ConnectionString, $"{service.Store.Options.DatabaseSchemaName}.mt_doc_catalogentry", index, command.CommandText, command.Parameters.Cast<NpgsqlParameter>());
    }

    /// <summary>
    /// The plans of the list's keyset and search conditions, written as the handler writes them: each is read from its
    /// index (the planner told to avoid anything else, so the answer does not depend on how many rows there are).
    /// </summary>
    [Theory]
    [InlineData("-releasedOn", "Index Scan Backward using mt_doc_catalogentry_idx_released_on_id")]
    [InlineData("releasedOn", "Index Scan using mt_doc_catalogentry_idx_released_on_id")]
    [InlineData("-name", "Index Scan Backward using mt_doc_catalogentry_idx_name_id")]
    [InlineData("name", "Index Scan using mt_doc_catalogentry_idx_name_id")]
    [InlineData("search", "Bitmap Index Scan on mt_doc_catalogentry_idx_name_trigrams")]
    public async Task Cursor_pages_and_name_search_are_read_from_their_indexes(string read, string plan)
    {
        var table = $"{service.Store.Options.DatabaseSchemaName}.mt_doc_catalogentry";
        var (key, value) = read.TrimStart('-') == "name" ? (Features.CatalogSortKeys.Name, "'Shape Model 7'") : (Features.CatalogSortKeys.ReleasedOn, "'2024-01-01'::date");
        var (direction, order) = read.StartsWith('-') ? ("<", "desc") : (">", "asc");
        var sql = read == "search"
            ? $"select d.id from {table} as d where {Features.CatalogSortKeys.Name} ILIKE '%model 42%'"
            : $"select d.data from {table} as d where ({key}, d.id) {direction} ({value}, 'shape-model-7') order by {key} {order}, d.id {order} limit 20";

        var lines = await PlanAsync(sql, []);

        Assert.Contains(lines, line => line.Contains(plan, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Sort Key", StringComparison.Ordinal) && read != "search");
    }

    [Theory]
    [InlineData("/models?page=202&pageSize=50", "page")]              // 10,050 models in: the cursor serves there
    [InlineData("/models?after=bm90IGEgY3Vyc29y", "after")]           // "not a cursor"
    [InlineData("/models?after=a.b", "after")]
    [InlineData("/models?page=2&after=bmFtZQpBCmE", "page")]          // a cursor and an offset page
    public async Task A_deep_offset_or_a_bad_cursor_is_400_naming_the_field(string path, string field)
    {
        var response = await service.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Null(response.Headers.ETag); // a refusal carries no data-version tag to send back for a 304
    }

    [Fact]
    public async Task A_cursor_made_for_one_sort_is_refused_by_another()
    {
        await ImportAsync(File.ReadAllText(RepositoryFiles.PathOf("data/releases.csv")));
        var first = await service.Client.GetFromJsonAsync<JsonElement>("/models?sort=name&pageSize=5");

        var response = await service.Client.GetAsync($"/models?sort=-releasedOn&after={first.GetProperty("next").GetString()}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static (long Total, bool LowerBound) Total(JsonElement page) => (page.GetProperty("total").GetInt64(), page.GetProperty("totalIsLowerBound").GetBoolean());

    private static List<string> Names(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("name").GetString()!)];

    private static IEnumerable<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!);

    private Task<List<string>> PlanAsync(string sql, IEnumerable<NpgsqlParameter> parameters) => QueryPlans.OfAsync(service.ConnectionString, sql, parameters);

    private Task<Dictionary<string, int>> CountAsync(SqlCommands sql) => sql.CountEachAsync(service.Client, Reads);

    private async Task ImportAsync(string csv)
    {
        var response = await service.Client.PostAsync("/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await service.CaughtUpAsync();
    }

    /// <summary>Models spread over three years and five countries, a new day every few models.</summary>
    private static string Synthetic(int count, string kind = "Shape")
    {
        string[] countries = ["US", "CN", "FR", "GB", "JP"];
        var csv = new StringBuilder("release_id,model,organization,org_country,release_date,date_basis,open_weights,licence,consumer_free_access,consumer_access_note,epoch_feb2025_accessibility,epoch_feb2025_date,notes,source,confidence\n");
        for (var i = 0; i < count; i++)
        {
            var day = new DateOnly(2023, 1, 1).AddDays(i * 1096 / count).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{kind[0]}{i},{kind} Model {i},{kind} Lab {i % 9},{countries[i % countries.Length]},{day},announcement,{(i % 2 == 0 ? "yes" : "no")},MIT,yes,,,,,https://example.org/shape,high\n");
        }

        return csv.ToString();
    }
}
