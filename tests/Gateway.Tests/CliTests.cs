using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Cli;
using Intelligence.Platform.Import;
using Spectre.Console;
using static Intelligence.Gateway.Tests.FeedTestData;

namespace Intelligence.Gateway.Tests;

/// <summary>The operator CLI, run in-process as <c>intel</c> would run, against the whole system through its gateway.</summary>
[Collection(WholeSystemGroup.Name)]
public sealed class CliTests(WholeSystem system)
{
    /// <summary>Per service, the report counts that together account for every row of its file.</summary>
    private static readonly Dictionary<string, string[]> Outcomes = new(StringComparer.Ordinal)
    {
        ["releases"] = ["accepted", "corrected", "unchanged"],
        ["pricing"] = ["listed", "changed", "unchanged"],
        ["regulation"] = ["accepted", "corrected", "unchanged"],
        ["adoption"] = ["accepted", "corrected", "unchanged"],
    };

    private string Gateway => system.Gateway.BaseAddress.ToString();

    [Fact]
    public async Task Import_of_the_bundled_data_accounts_for_every_row_of_every_file_and_a_second_import_stores_nothing()
    {
        var data = Path.Combine(RepositoryRoot(), "data");
        using var client = system.Gateway.NewClient(TestSupport.TestApiKeys.Editor);

        var (exit, output) = await RunAsync("import", data, "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor, "--allow-rejected");

        Assert.True(exit == 0, output);
        foreach (var (file, service) in ImportCommand.KnownFiles)
        {
            Assert.Contains(file, output, StringComparison.Ordinal);
            var rows = await DataRowsAsync(Path.Combine(data, file));
            var again = await ImportCommand.ImportAsync(client, Path.Combine(data, file), service, _ => { }, CancellationToken.None);

            // Every row of the file is in the report: stored (or found stored) or rejected with its line.
            Assert.Equal(rows, again.Rows);
            Assert.Equal(rows, Outcomes[service].Sum(outcome => again.Counts.GetValueOrDefault(outcome)) + again.Rejected.Count);

            // The first import stored every row it accepted: the second finds them all unchanged.
            Assert.Equal(rows - again.Rejected.Count, again.Counts["unchanged"]);
            Assert.All(again.Rejected, rejected => Assert.Contains($"line {rejected.Line}: {rejected.Reason}", output, StringComparison.Ordinal));
        }

        var r1 = await client.GetFromJsonAsync<JsonElement>("/api/releases/models?q=DeepSeek-R1");
        Assert.Equal(1, r1.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Import_exits_1_when_rows_were_rejected_unless_allowed_and_2_for_a_path_it_cannot_read()
    {
        // The bundled prices file holds a row the importer refuses (see the run command's report).
        var prices = Path.Combine(RepositoryRoot(), "data", "prices.csv");

        var (strict, strictOutput) = await RunAsync("import", prices, "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor);
        var (missing, _) = await RunAsync("import", "/no/such/folder", "--gateway", Gateway);
        var (reader, readerOutput) = await RunAsync("import", prices, "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Reader);

        Assert.True(strict == 1, strictOutput);
        Assert.Contains("rejected", strictOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, missing);
        Assert.True(reader == 2, readerOutput);
        Assert.Contains("403", readerOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// New 2025 facts in the bundled formats (NewFacts/*.csv): prices in rupees, rupiah (as "Rp"), yuan (as "RMB") and
    /// naira from before any shipped rate; price kinds, instrument types, event labels, metrics, units and regions no
    /// vocabulary lists. Nothing is refused, and every read answers them.
    /// </summary>
    [Fact]
    public async Task Import_of_new_facts_in_unseen_currencies_and_labels_refuses_nothing_and_every_read_answers_them()
    {
        var newFacts = Path.Combine(RepositoryRoot(), "tests", "Gateway.Tests", "NewFacts");
        using var client = system.Gateway.NewClient(TestSupport.TestApiKeys.Editor);

        // The bundled data first: the amending proposal attaches to the AI Act it holds.
        var (bundled, bundledOutput) = await RunAsync("import", Path.Combine(RepositoryRoot(), "data"), "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor, "--allow-rejected");
        var (exit, output) = await RunAsync("import", newFacts, "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor);

        Assert.True(bundled == 0, bundledOutput);
        Assert.True(exit == 0, output);
        Assert.DoesNotMatch("(?m)^rejected ", output);
        Assert.Contains("kept prices.csv line 8: NGN amounts kept as stated; USD pending", output, StringComparison.Ordinal);
        foreach (var (file, service) in ImportCommand.KnownFiles)
        {
            var again = await ImportCommand.ImportAsync(client, Path.Combine(newFacts, file), service, _ => { }, CancellationToken.None);
            Assert.Empty(again.Rejected);
            Assert.Equal(again.Rows, again.Counts["unchanged"]);
        }

        // Releases: a model from India and one from the Emirates, with labels of their own.
        var sarvam = await client.GetFromJsonAsync<JsonElement>("/api/releases/models/sarvam-m");
        Assert.Equal(["IN"], sarvam.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/releases/models/falcon-h1", UriKind.Relative))).StatusCode);

        // Pricing: plans in rupees and rupiah compared in rupees and in PPP terms; the naira plan waits for a rate.
        var plans = await client.GetFromJsonAsync<JsonElement>("/api/pricing/price-comparison?in=INR&kind=subscription&asOf=2025-10-31&provider=OpenAI");
        var go = plans.GetProperty("items").EnumerateArray().ToDictionary(row => row.GetProperty("offering").GetString()!, row => row.GetProperty("price"));
        Assert.Equal(399m, go["ChatGPT Go (India)"].GetProperty("stated").GetProperty("value").GetDecimal());
        Assert.Equal("IN", go["ChatGPT Go (India)"].GetProperty("statedPpp").GetProperty("country").GetString());
        Assert.Equal("IDR", go["ChatGPT Go (Indonesia)"].GetProperty("stated").GetProperty("currency").GetString());
        Assert.True(go["ChatGPT Go (Indonesia)"].GetProperty("inCurrency").GetProperty("amount").GetProperty("value").GetDecimal() > 0);
        var pending = await client.GetFromJsonAsync<JsonElement>("/api/pricing/prices/pending-usd?currency=NGN");
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), item => item.GetProperty("offeringId").GetString() == "naija-ai.lagos-chat-plus");
        var glm = await client.GetFromJsonAsync<JsonElement>("/api/pricing/offerings/zhipu-ai.glm-4-5");
        Assert.Equal("api_pay_as_you_go", glm.GetProperty("timeline")[0].GetProperty("priceKindLabel").GetString());
        Assert.Equal("CNY", glm.GetProperty("timeline")[0].GetProperty("price").GetProperty("currency").GetString());

        // Regulation: the action plans are in force with their own labels, and the AI Act shows its pending amendment.
        var actionPlan = await client.GetFromJsonAsync<JsonElement>("/api/regulation/measures/us-aiap-2025?asOf=2025-12-31");
        Assert.Equal("strategy + executive orders", actionPlan.GetProperty("typeLabel").GetString());
        var aiAct = await client.GetFromJsonAsync<JsonElement>("/api/regulation/measures/eu-aiact?asOf=2025-12-31");
        Assert.Contains(aiAct.GetProperty("pendingAmendments").EnumerateArray(), step => step.GetProperty("linkedMeasureId").GetString() == "eu-digital-omnibus-ai");
        var governancePlan = await client.GetFromJsonAsync<JsonElement>("/api/regulation/measures/cn-gaigap-2025?asOf=2025-12-31");
        Assert.Equal("international initiative", governancePlan.GetProperty("typeLabel").GetString());

        // Adoption: metrics and places no vocabulary lists are series of their own, by their labels.
        var paid = await client.GetFromJsonAsync<JsonElement>("/api/adoption/series?subject=chatgpt&metric=paid%20subscribers");
        var series = Assert.Single(paid.GetProperty("items").EnumerateArray());
        Assert.Equal("other", series.GetProperty("metric").GetString());
        Assert.Equal("paid subscribers", series.GetProperty("metricLabel").GetString());
        var qwen = await client.GetFromJsonAsync<JsonElement>("/api/adoption/series?region=Greater%20China");
        Assert.Contains(qwen.GetProperty("items").EnumerateArray(), item => item.GetProperty("regionLabel").GetString() == "Greater China");
    }

    [Fact]
    public async Task Status_shows_every_service_ready_with_its_events_and_zero_lag()
    {
        var (exit, output) = await RunAsync("status", "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Operator, "--wait", "60");

        Assert.True(exit == 0, output);
        foreach (var service in WholeSystem.ServiceNames)
        {
            var status = await StatusCommand.ReadAsync(system.Gateway.NewClient(), service, CancellationToken.None);
            Assert.Null(status.Problem);
            Assert.Contains(service, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rebuild_names_the_known_projections_when_asked_for_an_unknown_one_and_replay_starts_a_replay()
    {
        var (unknown, unknownOutput) = await RunAsync("rebuild", "releases", "NoSuchProjection", "--gateway", Gateway);
        var (replay, replayOutput) = await RunAsync("replay", "regulation", "--after", "0", "--gateway", Gateway);
        var (refused, refusedOutput) = await RunAsync("replay", "regulation", "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor);

        Assert.Equal(1, unknown);
        Assert.Contains("Catalog", unknownOutput, StringComparison.Ordinal);
        Assert.True(replay == 0, replayOutput);
        Assert.Equal(1, refused);
        Assert.Contains("403", refusedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_posts_a_snapshot_file_with_its_provenance_and_the_dossier_shows_a_disagreeing_catalog_beside_the_hand_facts()
    {
        var id = $"cli-sync-{Guid.NewGuid():N}"[..20];
        using var editor = system.Gateway.NewClient(TestSupport.TestApiKeys.Editor);
        var hand = await editor.PostAsJsonAsync("/api/releases/models", new
        {
            id,
            name = "CLI Sync Model",
            organization = new { name = "OpenAI", country = "US" },
            originCountries = new[] { "US" },
            releaseDate = "2025-03-01",
            openWeights = false,
            sourceUrl = "https://example.org/cli-sync",
        });
        Assert.Equal(HttpStatusCode.Created, hand.StatusCode);

        // A models.dev snapshot in which the developer dates the model otherwise, and a provider the map does not know.
        var folder = Directory.CreateTempSubdirectory("intel-sync-");
        var file = Path.Combine(folder.FullName, "models-dev.json");
        var unknownProvider = $"zz-unmapped-{Guid.NewGuid():N}"[..20];
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["openai"] = new { id = "openai", name = "OpenAI", models = new Dictionary<string, object> { [id] = new { id, name = "CLI Sync Model", release_date = "2025-02-20", open_weights = false } } },
            [unknownProvider] = new { id = unknownProvider, name = "Unmapped Host", models = new Dictionary<string, object>() },
        }));

        try
        {
            var (exit, output) = await RunAsync("sync", "models.dev", "--from", file, "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor);

            Assert.True(exit == 0, output);
            Assert.Contains(unknownProvider, output, StringComparison.Ordinal);
            var dossier = await editor.GetFromJsonAsync<JsonElement>($"/api/models/{id}/dossier");
            var model = dossier.GetProperty("model");
            Assert.Equal("2025-03-01", model.GetProperty("releasedOn").GetString());
            var view = Assert.Single(model.GetProperty("catalogViews").EnumerateArray());
            Assert.Equal("2025-02-20", view.GetProperty("releasedOn").GetString());
            Assert.StartsWith("sha256:", view.GetProperty("provenance").GetProperty("version").GetString(), StringComparison.Ordinal);
            Assert.Equal(["releasedOn"], view.GetProperty("disagreesIn").EnumerateArray().Select(field => field.GetString()));

            var (again, againOutput) = await RunAsync("sync", "models.dev", "--from", file, "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor);
            Assert.True(again == 0, againOutput);
            var (_, status) = await RunAsync("status", "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Operator);
            Assert.Contains($"models.dev: sha256:", status, StringComparison.Ordinal);
            Assert.Contains(unknownProvider, status, StringComparison.Ordinal);

            await File.WriteAllTextAsync(file, "{\"openai\": {\"models\": {\"x\": {\"name\": ");
            var (refused, refusedOutput) = await RunAsync("sync", "models.dev", "--from", file, "--gateway", Gateway, "--key", TestSupport.TestApiKeys.Editor);
            Assert.True(refused == 2, refusedOutput);
            Assert.Contains("nothing was stored", refusedOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        var exit = await IntelApp.RunAsync(args, console);
        return (exit, output.ToString());
    }

    private static async Task<int> DataRowsAsync(string path)
    {
        using var reader = new StreamReader(path);
        var rows = 0;
        await foreach (var _ in CsvRecords.ReadAsync(reader, []))
        {
            rows++;
        }

        return rows;
    }
}
