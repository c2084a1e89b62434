using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The lists of prices in force (<c>/offerings</c>, <c>/price-comparison</c>) read by index a page at a time: the
/// documented order (blended USD, then plans by monthly fee), the same list whether read by offset or by cursor, a
/// total counted a bounded way, and a cursor refused clearly when it is not one of the list's.
/// </summary>
public sealed class OfferingListTests(PricingSystem system) : IClassFixture<PricingSystem>, IAsyncLifetime
{
    private const string AsOf = "2024-06-30";

    public async Task InitializeAsync()
    {
        using var seeded = await system.Client.GetAsync($"/offerings/{Observations.IdOf("List plan EUR", "Euro Cloud")}");
        if (seeded.IsSuccessStatusCode)
        {
            return; // each test of the class shares the fixture's store: seeded once
        }

        // Thirteen API offerings in two countries whose prices tie in pairs, each cut in March (an older spell that is
        // no longer in force), one closed in May, a plan in another currency and two in USD, one free.
        for (var i = 0; i < 13; i++)
        {
            var body = Observations.Api($"List {i}", $"list-{i}", 1m + (i / 2), 2m, "2024-01-10", country: i % 2 == 0 ? "US" : "CN");
            await PostAsync("/observations", body);
            await PostAsync("/observations", body.With("inputPerMillion", 0.5m + (i / 2)).With("effectiveOn", "2024-03-01"));
        }

        await PostAsync("/observations", Observations.Api("List closed", "list-closed", 0.1m, 0.1m, "2024-01-10").With("endsOn", "2024-05-01"));
        await PostAsync("/observations", Observations.Plan("List plan", "USD", 20m, "2024-02-01"));
        await PostAsync("/observations", Observations.Plan("List free plan", "USD", 0m, "2024-02-01"));
        await PostAsync("/observations", Observations.Plan("List plan EUR", "EUR", 18m, "2024-02-01", provider: "Euro Cloud", country: "DE"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Offerings_list_blended_prices_cheapest_first_then_plans_by_fee_and_the_cursor_walks_the_same_list()
    {
        var whole = await system.GetJsonAsync($"/offerings?asOf={AsOf}&pageSize=200&provider=test-cloud");
        var lines = whole.GetProperty("items").EnumerateArray().Select(Line).ToList();

        Assert.Equal(15, lines.Count); // 13 API offerings and two plans; the closed one is not in force
        Assert.Equal(15, whole.GetProperty("total").GetInt64());
        Assert.False(whole.GetProperty("totalIsLowerBound").GetBoolean());
        Assert.DoesNotContain(lines, line => line.Id == Observations.IdOf("List closed"));
        var blended = lines.TakeWhile(line => line.Blended is not null).ToList();
        Assert.Equal(13, blended.Count);
        Assert.Equal(blended.OrderBy(line => line.Blended).ThenBy(line => line.Id, StringComparer.Ordinal).Select(line => line.Id), blended.Select(line => line.Id));
        Assert.Equal([0m, 20m], lines.Skip(13).Select(line => line.Fee));

        Assert.Equal(lines.Select(line => line.Id), await WalkAsync($"/offerings?asOf={AsOf}&provider=test-cloud&pageSize=4"));

        var dearest = await WalkAsync($"/offerings?asOf={AsOf}&provider=test-cloud&pageSize=4&sort=-blendedUsd");
        Assert.Equal(
            blended.OrderByDescending(line => line.Blended).ThenBy(line => line.Id, StringComparer.Ordinal).Select(line => line.Id).Concat([Observations.IdOf("List plan"), Observations.IdOf("List free plan")]),
            dearest);
    }

    [Fact]
    public async Task An_offset_page_counts_a_bounded_way_and_a_cursor_page_counts_nothing()
    {
        var first = await system.GetJsonAsync($"/offerings?asOf={AsOf}&provider=test-cloud&pageSize=4");
        var next = first.GetProperty("next").GetString()!;
        var second = await system.GetJsonAsync($"/offerings?asOf={AsOf}&provider=test-cloud&pageSize=4&after={next}");
        var third = await system.GetJsonAsync($"/offerings?asOf={AsOf}&provider=test-cloud&pageSize=4&page=4");

        Assert.Equal(15, first.GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("total").ValueKind);
        Assert.Equal(3, third.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task The_comparison_lists_prices_by_usd_with_pending_ones_last_and_its_cursor_walks_the_same_list()
    {
        var whole = await system.GetJsonAsync($"/price-comparison?asOf={AsOf}&pageSize=200&provider=test-cloud");
        var ids = whole.GetProperty("items").EnumerateArray().Select(row => row.GetProperty("offeringId").GetString()!).ToList();
        var usd = whole.GetProperty("items").EnumerateArray().Select(row => row.GetProperty("price").GetProperty("usd").GetDecimal()).ToList();

        Assert.Equal(15, ids.Count);
        Assert.Equal(usd.Order(), usd);
        Assert.Equal(ids, await WalkAsync($"/price-comparison?asOf={AsOf}&provider=test-cloud&pageSize=4", row => row.GetProperty("offeringId").GetString()!));
        var euro = await system.GetJsonAsync($"/price-comparison?asOf={AsOf}&currency=EUR");
        Assert.Equal(Observations.IdOf("List plan EUR", "Euro Cloud"), Assert.Single(euro.GetProperty("items").EnumerateArray()).GetProperty("offeringId").GetString());
    }

    [Fact]
    public async Task The_cheapest_per_bloc_are_the_head_of_each_blocs_cheapest_first_list()
    {
        var cheapest = (await system.GetJsonAsync($"/cheapest?asOf={AsOf}&top=3")).EnumerateArray().ToList();

        Assert.Equal(["China", "US"], cheapest.Select(bloc => bloc.GetProperty("bloc").GetString()));
        foreach (var bloc in cheapest)
        {
            var name = bloc.GetProperty("bloc").GetString();
            var list = await system.GetJsonAsync($"/offerings?asOf={AsOf}&kind=api&bloc={name}&pageSize=3");
            Assert.Equal(
                list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()),
                bloc.GetProperty("offerings").EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        }
    }

    [Theory]
    [InlineData("/offerings?sort=blendedUsd", null)]
    [InlineData("/offerings?sort=-blendedUsd", "blendedUsd\n0,1,-1\ntest-cloud.list-0")] // a cheapest-first cursor, read dearest first
    [InlineData("/offerings?sort=blendedUsd", "blendedUsd\nx,y,z\ntest-cloud.list-0")] // the right sort, a key that is no number
    [InlineData("/price-comparison?kind=api", "blendedUsd\n0,1,-1\ntest-cloud.list-0")] // an offerings cursor, read by the comparison
    public async Task A_cursor_not_made_by_the_list_is_refused_naming_after(string path, string? cursor)
    {
        var after = cursor is null ? "not-a-cursor" : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor));
        using var response = await system.Client.GetAsync($"{path}&after={after}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("after", out _), problem.ToString());
    }

    [Fact]
    public async Task An_offset_page_past_ten_thousand_in_is_refused_in_favour_of_the_cursor()
    {
        using var response = await system.Client.GetAsync("/offerings?page=52&pageSize=200");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _), problem.ToString());
    }

    /// <summary>Each order walks its own index from the start or from a cursor, whatever the number of spells; a model's prices start from the model.</summary>
    [Theory]
    [InlineData("cheapest_key", "", "Index Scan using mt_doc_offeringpricespell_idx_cheapest_key_offering_id")]
    [InlineData("dearest_key", " and (d.dearest_key, d.offering_id) > (array[0, -2, 1]::numeric[], 'test-cloud.list-3')", "Index Cond: (ROW(dearest_key, (offering_id)")]
    [InlineData("usd_key", " and d.usd_key > '{}'::numeric[]", "Index Cond: (usd_key > '{}'::numeric[])")]
    [InlineData("cheapest_key", " and d.model_id = 'list-3'", "mt_doc_offeringpricespell_idx_model_id")]
    [InlineData("cheapest_key", " and d.bloc = 'US'", "Index Scan using mt_doc_offeringpricespell_idx_bloc_cheapest_key_offering_id")]
    public async Task Each_list_is_read_along_an_index(string key, string condition, string plan)
    {
        var table = $"{system.Store.Options.DatabaseSchemaName}.mt_doc_offeringpricespell";
        var sql = $"select d.data from {table} d where d.valid_from <= '{AsOf}' and (d.valid_until is null or d.valid_until > '{AsOf}'){condition} "
            + $"order by d.{key}, d.offering_id limit 51";

        var lines = await TestSupport.QueryPlans.OfAsync(system.ConnectionString, sql, sorts: condition.Contains("model_id", StringComparison.Ordinal));

        Assert.Contains(lines, line => line.Contains(plan, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    /// <summary>
    /// The columns and indexes as declared (masked and covering ones included) are those the store has after a start:
    /// the next start finds nothing to change, so no index is built again at every start.
    /// </summary>
    [Fact]
    public async Task The_store_holds_the_schema_as_declared() => await system.Store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();

    /// <summary>
    /// A page past the start reads its ids (the handler's own command, as it sends it) along the order's index alone,
    /// which carries the days: once the spells are vacuumed (as autovacuum leaves them), the offset costs no visit to the table.
    /// </summary>
    [Fact]
    public async Task A_page_past_the_start_skips_its_offset_along_the_index_without_reading_a_row()
    {
        string ids;
        using (var sql = new TestSupport.SqlCommands())
        {
            ids = Assert.Single(await sql.OfAsync(system.Client, $"/offerings?asOf={AsOf}&page=3&pageSize=4"), command => command.StartsWith("select d.id from", StringComparison.Ordinal));
        }

        var day = new DateOnly(2024, 6, 30);
        await TestSupport.QueryPlans.AssertIndexOnlyAsync(
            system.ConnectionString,
            $"{system.Store.Options.DatabaseSchemaName}.mt_doc_offeringpricespell",
            "mt_doc_offeringpricespell_idx_cheapest_key_offering_id",
            ids,
            [new() { Value = day }, new() { Value = day }, new() { Value = 5 }, new() { Value = 8 }]);
    }

    /// <summary>
    /// A bloc's cheapest are a range of the (bloc, key) index, walked from its start in the index's order: a condition on
    /// an array element instead was a filter the planner misjudged, and it read every price in force in the bloc and
    /// sorted them. Planned with sorts off, so the plan does not hang on the table's statistics at the time.
    /// </summary>
    [Fact]
    public async Task A_blocs_cheapest_are_a_range_of_its_index()
    {
        var table = $"{system.Store.Options.DatabaseSchemaName}.mt_doc_offeringpricespell";
        var sql = $"select d.data from {table} d where d.bloc = 'US' and d.cheapest_key < array[1]::numeric[] and d.valid_from <= '{AsOf}' "
            + $"and (d.valid_until is null or d.valid_until > '{AsOf}') and d.kind_name = 'Api' order by d.bloc, d.cheapest_key, d.offering_id limit 5";

        var lines = await TestSupport.QueryPlans.OfAsync(system.ConnectionString, sql);

        Assert.Contains(lines, line => line.Contains("Index Cond: (((bloc)::text = 'US'::text) AND (cheapest_key < '{1}'::numeric[]))", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Sort", StringComparison.Ordinal));
    }

    /// <summary>The service's sessions run without PostgreSQL's JIT, which compiled the per-bloc walk of /cheapest for 300 ms on every call.</summary>
    [Fact]
    public async Task The_services_sessions_run_without_the_jit()
    {
        await using var session = system.Store.QuerySession();

        Assert.Equal("off", Assert.Single(await session.QueryAsync<string>("select current_setting('jit')")));
    }

    private async Task<List<string>> WalkAsync(string path) => await WalkAsync(path, item => item.GetProperty("id").GetString()!);

    /// <summary>Every item of a list read page by page through its cursors (at most 50 pages).</summary>
    private async Task<List<string>> WalkAsync(string path, Func<JsonElement, string> idOf)
    {
        var ids = new List<string>();
        var page = await system.GetJsonAsync(path);
        for (var pages = 0; pages < 50; pages++)
        {
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(idOf));
            if (page.GetProperty("next").GetString() is not { } next)
            {
                return ids;
            }

            page = await system.GetJsonAsync($"{path}&after={Uri.EscapeDataString(next)}");
        }

        throw new InvalidOperationException($"{path} did not end within 50 pages.");
    }

    private static (string Id, decimal? Blended, decimal? Fee) Line(JsonElement offering)
    {
        var price = offering.GetProperty("current").GetProperty("price");
        return (
            offering.GetProperty("id").GetString()!,
            price.TryGetProperty("blendedUsdPerMillion", out var blended) && blended.ValueKind == JsonValueKind.Number ? blended.GetDecimal() : null,
            price.TryGetProperty("monthlyFeeUsd", out var fee) && fee.ValueKind == JsonValueKind.Number ? fee.GetDecimal() : null);
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await system.Client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
