using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Pricing.Reference;
using Intelligence.TestSupport;
using Marten;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>The reference prices.csv, imported once into an empty service (its catalog replica empty too).</summary>
public sealed class ImportedReferenceFile : IAsyncLifetime
{
    public PricingSystem System { get; } = new();

    public JsonElement FirstReport { get; private set; }

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();
        FirstReport = await ImportAsync(System.Client, "prices.csv");
    }

    public Task DisposeAsync() => System.DisposeAsync();

    public static async Task<JsonElement> ImportAsync(HttpClient client, string file)
    {
        using var content = new StringContent(await File.ReadAllTextAsync(PricingSystem.DataFile(file)), Encoding.UTF8, "text/csv");
        var response = await client.PostAsync("/imports", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

/// <summary>Import of the reference file: the per-row report, idempotence, and as-of queries on hand-checked rows.</summary>
public sealed class ReferenceFileTests(ImportedReferenceFile file) : IClassFixture<ImportedReferenceFile>
{
    private readonly PricingSystem _system = file.System;

    private static int[] Lines(JsonElement report, string list) => [.. report.GetProperty(list).EnumerateArray().Select(note => note.GetProperty("line").GetInt32())];

    private async Task<decimal?> BlendedAsOfAsync(string offeringId, string date)
    {
        var price = (await _system.GetJsonAsync($"/offerings/{offeringId}/price?asOf={date}")).GetProperty("price");
        return price.ValueKind == JsonValueKind.Null ? null : price.GetProperty("price").GetProperty("blendedUsdPerMillion").GetDecimal();
    }

    [Fact]
    public void The_report_counts_every_row_and_rejects_only_the_row_with_no_numbers()
    {
        var report = file.FirstReport;

        Assert.Equal(39, report.GetProperty("rows").GetInt32());
        Assert.Equal(32, report.GetProperty("listed").GetInt32());
        Assert.Equal(6, report.GetProperty("changed").GetInt32());
        Assert.Equal(0, report.GetProperty("unchanged").GetInt32());
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(30, rejected.GetProperty("line").GetInt32()); // P30, DeepSeek's off-peak discount: no price stated
        Assert.Contains("no price stated", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_says_what_was_normalised_and_which_models_the_catalog_does_not_know()
    {
        var report = file.FirstReport;
        var normalised = report.GetProperty("normalised").EnumerateArray().Select(note => (Line: note.GetProperty("line").GetInt32(), Reason: note.GetProperty("reason").GetString()!)).ToList();

        Assert.Contains(normalised, note => note.Line == 28 && note.Reason.Contains("alias table", StringComparison.Ordinal) && note.Reason.Contains("deepseek-v3", StringComparison.Ordinal));
        // The file's yuan rows carry USD at an assumed 7.2; the service converts at the shipped rate of the month, and says whether they agree.
        var may2024 = ShippedFxRates.All.Last(rate => rate.Currency == "CNY" && rate.EffectiveOn <= new DateOnly(2024, 5, 6)).UnitsPerUsd;
        Assert.Contains(normalised, note => note.Line == 22
            && note.Reason.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"CNY converted at {may2024} per USD (the rate in force on 2024-05-06)"), StringComparison.Ordinal)
            && note.Reason.Contains("the file's USD columns", StringComparison.Ordinal));
        Assert.Contains(normalised, note => note.Line == 40 && note.Reason.Contains("free tier's limits", StringComparison.Ordinal));

        // Models that releases.csv does not hold are never linked: GPT-4 Turbo, o3, Gemini 1.5 Flash, Doubao-pro-32k,
        // Qwen-Long, ERNIE Speed, Hunyuan-lite, GLM-4-Flash. Plans that name no model are never listed as unlinked.
        var unlinked = Lines(report, "unlinked");
        Assert.Subset(unlinked.ToHashSet(), new HashSet<int> { 3, 10, 11, 17, 18, 23, 24, 25, 26, 33 });
        Assert.DoesNotContain(34, unlinked); // ChatGPT Plus
        Assert.DoesNotContain(30, unlinked); // rejected
    }

    [Fact]
    public async Task A_second_import_of_the_same_file_stores_nothing()
    {
        await using var session = _system.Store.QuerySession();
        var before = (await session.Events.QueryAllRawEvents().ToListAsync()).Count;

        var again = await ImportedReferenceFile.ImportAsync(_system.Client, "prices.csv");

        Assert.Equal(0, again.GetProperty("listed").GetInt32());
        Assert.Equal(0, again.GetProperty("changed").GetInt32());
        Assert.Equal(38, again.GetProperty("unchanged").GetInt32());
        Assert.Equal([30], Lines(again, "rejected"));
        Assert.Equal(before, (await session.Events.QueryAllRawEvents().ToListAsync()).Count);
    }

    [Theory]
    [InlineData("openai.gpt-4o", "2024-05-12", null)]
    [InlineData("openai.gpt-4o", "2024-07-01", "7.5")]
    [InlineData("openai.gpt-4o", "2024-08-06", "4.375")]
    [InlineData("deepseek.deepseek-v2-deepseek-chat", "2024-12-26", null)]
    [InlineData("deepseek.deepseek-v3-deepseek-chat", "2025-01-15", "0.175")]
    [InlineData("deepseek.deepseek-v3-deepseek-chat", "2025-02-08", "0.4775")]
    [InlineData("deepseek.deepseek-v3-deepseek-chat", "2025-09-29", null)]
    [InlineData("deepseek.deepseek-r1-deepseek-reasoner", "2025-03-01", "0.96")]
    public async Task As_of_queries_answer_the_hand_checked_history(string offeringId, string date, string? blended)
    {
        Assert.Equal(
            blended is null ? null : decimal.Parse(blended, System.Globalization.CultureInfo.InvariantCulture),
            await BlendedAsOfAsync(offeringId, date));
    }

    [Fact]
    public async Task The_yuan_row_keeps_its_original_amounts_beside_the_dollars()
    {
        var price = (await _system.GetJsonAsync("/offerings/deepseek.deepseek-v2-deepseek-chat/price?asOf=2024-06-01")).GetProperty("price").GetProperty("price");

        Assert.Equal("CNY", price.GetProperty("currency").GetString());
        Assert.Equal(1m, price.GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(2m, price.GetProperty("outputPerMillion").GetDecimal());
        // Converted at the shipped rate of the row's month (2024-05-06), not at the 7.2 the file assumed.
        var rate = ShippedFxRates.All.Last(r => r.Currency == "CNY" && r.EffectiveOn <= new DateOnly(2024, 5, 6)).UnitsPerUsd;
        Assert.Equal(rate, price.GetProperty("unitsPerUsd").GetDecimal());
        var input = Math.Round(1m / rate, 6);
        var output = Math.Round(2m / rate, 6);
        Assert.Equal(input, price.GetProperty("inputUsdPerMillion").GetDecimal());
        Assert.Equal(output, price.GetProperty("outputUsdPerMillion").GetDecimal());
        Assert.Equal(Math.Round(((3 * input) + output) / 4, 6), price.GetProperty("blendedUsdPerMillion").GetDecimal());
    }

    [Theory]
    [InlineData("effectiveOn")]
    [InlineData("-effectiveOn")]
    public async Task Cuts_come_a_page_at_a_time_linked_to_the_next_without_a_gap_or_a_repeat(string sort)
    {
        var whole = Offerings(await _system.GetJsonAsync($"/price-cuts?sort={sort}"));
        var paged = new List<string>();
        var path = $"/price-cuts?sort={sort}&limit=2";
        for (var page = 0; path is not null && page < 50; page++)
        {
            using var response = await _system.Client.GetAsync(path);
            response.EnsureSuccessStatusCode();
            var items = Offerings(await response.Content.ReadFromJsonAsync<JsonElement>());
            paged.AddRange(items);
            path = response.Headers.TryGetValues("Link", out var links) && links.Single() is var link
                ? "/price-cuts" + link[1..link.IndexOf('>', StringComparison.Ordinal)]
                : null;
            Assert.True(path is null || items.Count == 2, "a linked page is a full page");
        }

        Assert.True(whole.Count >= 5);
        Assert.Equal(whole, paged);
        var oldestFirst = Offerings(await _system.GetJsonAsync("/price-cuts"));
        Assert.Equal(sort == "effectiveOn" ? oldestFirst : Enumerable.Reverse(oldestFirst), whole);
    }

    [Fact]
    public async Task Cuts_can_leave_out_providers_and_keep_one_bloc()
    {
        var all = Offerings(await _system.GetJsonAsync("/price-cuts?since=2024-01-01"));
        var notGoogleNorOpenAi = Offerings(await _system.GetJsonAsync("/price-cuts?since=2024-01-01&notBy=google,openai"));
        var eu = (await _system.GetJsonAsync("/price-cuts?since=2024-01-01&bloc=EU")).EnumerateArray().ToList();

        Assert.Equal(all.Where(id => !id.StartsWith("google.", StringComparison.Ordinal) && !id.StartsWith("openai.", StringComparison.Ordinal)), notGoogleNorOpenAi);
        Assert.Equal(["mistral-ai.mistral-large"], eu.Select(cut => cut.GetProperty("offeringId").GetString()));
        Assert.All(eu, cut => Assert.Equal("EU", cut.GetProperty("bloc").GetString()));
    }

    [Theory]
    [InlineData("/price-cuts?limit=0", "limit")]
    [InlineData("/price-cuts?limit=501", "limit")]
    [InlineData("/price-cuts?notBy=Google", "notBy")]
    [InlineData("/price-cuts?sort=percent", "sort")]
    [InlineData("/price-cuts?after=bm90IGEgY3Vyc29y", "after")]
    public async Task Bad_price_cut_pages_are_400_naming_the_parameter(string path, string field)
    {
        using var response = await _system.Client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private static List<string> Offerings(JsonElement cuts) => [.. cuts.EnumerateArray().Select(cut => cut.GetProperty("offeringId").GetString()!)];

    [Fact]
    public async Task The_cuts_of_the_file_are_found_with_who_from_what_to_what_and_by_how_much()
    {
        var cuts = (await _system.GetJsonAsync("/price-cuts?since=2024-01-01")).EnumerateArray()
            .Select(cut => (Id: cut.GetProperty("offeringId").GetString(), On: cut.GetProperty("effectiveOn").GetString(), Percent: cut.GetProperty("percent").GetDecimal()))
            .ToList();

        Assert.Equal(
            [
                ("openai.gpt-4o", "2024-08-06", -41.67m),
                ("google.gemini-1-5-flash-128k", "2024-08-12", -75m),
                ("mistral-ai.mistral-large", "2024-09-17", -75m),
                ("google.gemini-1-5-pro-128k", "2024-10-01", -58.33m),
                ("openai.o3", "2025-06-10", -80m),
            ],
            cuts);
    }

    [Fact]
    public async Task The_deepseek_v3_history_reads_promotion_then_list_price()
    {
        var history = (await _system.GetJsonAsync("/offerings/deepseek.deepseek-v3-deepseek-chat/history")).EnumerateArray().ToList();

        Assert.Equal(["price-listed", "promotion-ended", "price-changed"], history.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("2025-02-08", history[1].GetProperty("effectiveOn").GetString());
        Assert.Equal(172.86m, history[2].GetProperty("data").GetProperty("changePercent").GetDecimal());
    }

    [Fact]
    public async Task Once_the_catalog_arrives_the_imported_prices_are_linked_to_their_models()
    {
        using var content = new StringContent(await File.ReadAllTextAsync(PricingSystem.DataFile("releases.csv")), Encoding.UTF8, "text/csv");
        (await _system.ReleasesClient.PostAsync("/imports", content)).EnsureSuccessStatusCode();

        var linked = await Eventually.Until(
            () => _system.GetJsonAsync("/offerings/deepseek.deepseek-v3-deepseek-chat"),
            offering => !offering.GetProperty("linkPending").GetBoolean(),
            TimeSpan.FromSeconds(30),
            "DeepSeek-V3's price to be linked");
        Assert.Equal("China", linked.GetProperty("bloc").GetString());
        Assert.Equal("DeepSeek-V3", linked.GetProperty("model").GetProperty("name").GetString());
        var gpt4o = await Eventually.Until(
            () => _system.GetJsonAsync("/offerings/openai.gpt-4o"), o => !o.GetProperty("linkPending").GetBoolean(), TimeSpan.FromSeconds(30), "GPT-4o's link");
        Assert.Equal("US", gpt4o.GetProperty("bloc").GetString());

        var again = await ImportedReferenceFile.ImportAsync(_system.Client, "prices.csv");
        Assert.DoesNotContain(28, Lines(again, "unlinked"));
        Assert.Contains(3, Lines(again, "unlinked"));
    }
}
