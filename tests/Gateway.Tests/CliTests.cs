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
        Assert.Contains("CatalogEntry", unknownOutput, StringComparison.Ordinal);
        Assert.True(replay == 0, replayOutput);
        Assert.Equal(1, refused);
        Assert.Contains("403", refusedOutput, StringComparison.Ordinal);
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
