using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Cli;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard in Debian's headless Chromium, driven by playwright-core (dashboard.browser.cjs), against the whole
/// system with the bundled data imported: each chart drawn with data, search and dossier, the as-of control, the live
/// feed. Screenshots go to TestResults/dashboard.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class DashboardBrowserTests(WholeSystem system) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Node = "/usr/bin/node";

    public async Task InitializeAsync()
    {
        // The bundled data, as the run command imports it; a second import (another test class did it) stores nothing.
        using var editor = system.Gateway.NewClient(TestApiKeys.Editor);
        foreach (var (file, service) in ImportCommand.KnownFiles)
        {
            await ImportCommand.ImportAsync(editor, RepositoryFiles.PathOf($"data/{file}"), service, _ => { }, CancellationToken.None);
        }

        // Prices reach their bloc once pricing has heard of the models from the releases events, and the release counts
        // once releases' daemon has projected the import: the charts are drawn from both.
        await Eventually.Until(
            async () => await system.Client.GetFromJsonAsync<JsonElement>("/api/landscape?asOf=2025-06-30"),
            landscape => landscape.GetProperty("groups").EnumerateArray().Any(group =>
                group.GetProperty("name").GetString() == "China"
                && group.GetProperty("prices").GetProperty("offerings").GetInt32() > 0
                && group.TryGetProperty("releases", out var releases) && releases.ValueKind == JsonValueKind.Object && releases.GetProperty("released").GetInt32() > 0),
            TimeSpan.FromSeconds(60),
            "the bundled prices linked to their models, and the bundled models counted");

        // The shipped benchmark scores follow their models into the catalog, and reach pricing through the broker.
        await Eventually.Until(
            async () =>
            {
                // 400 until pricing holds a score on the benchmark.
                using var response = await system.Client.GetAsync(new Uri("/api/pricing/price-performance?benchmark=lmarena-text&asOf=2025-06-30", UriKind.Relative));
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            answer => answer.ValueKind == JsonValueKind.Object
                && answer.GetProperty("blocs").EnumerateArray().Any(bloc => bloc.GetProperty("bloc").GetString() == "China")
                && answer.GetProperty("blocs").EnumerateArray().Any(bloc => bloc.GetProperty("bloc").GetString() == "US"),
            TimeSpan.FromSeconds(60),
            "the shipped benchmark scores in pricing's quality reads");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("charts")]
    [InlineData("search")]
    [InlineData("asOf")]
    [InlineData("events")]
    public async Task The_dashboard_in_a_real_browser(string scenario)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (infra/test.sh does)");
        var modules = RepositoryFiles.PathOf("gateway/Dashboard/node_modules");
        Assert.True(Directory.Exists(Path.Combine(modules, "playwright-core")), $"playwright-core is missing from {modules}: the gateway's build installs it (npm ci)");
        var screenshots = Directory.CreateDirectory(RepositoryFiles.PathOf("TestResults/dashboard")).FullName;

        var run = await ProcessRun.RunAsync(
            Node,
            [
                Path.Combine(AppContext.BaseDirectory, "Dashboard", "dashboard.browser.cjs"),
                scenario,
                system.Gateway.BaseAddress.ToString().TrimEnd('/'),
                TestApiKeys.Reader,
                TestApiKeys.Editor,
                screenshots,
            ],
            timeout: TimeSpan.FromMinutes(4),
            environment: new Dictionary<string, string> { ["NODE_PATH"] = modules });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"scenario {scenario}: passed", run.Output, StringComparison.Ordinal);
    }
}
