using System.Diagnostics;
using System.Globalization;
using Intelligence.Benchmarks.Harness;
using Intelligence.Benchmarks.Scenarios;

namespace Intelligence.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- &lt;scenario&gt; [--rows N] [--runs R] [--seconds S] [--profile] [--no-write]</c>:
/// runs one scenario, prints its table and writes its section of BENCHMARKS.md; <c>all</c> runs the full set in
/// one process and writes, besides each section, the full run's table first. A failed check (an import that
/// rejected rows, say) stops the run with a non-zero exit code and writes nothing.
/// </summary>
public static class Program
{
    private const string All = "all";

    private static readonly IScenario[] Scenarios =
    [
        new ImportReleases(), new ImportRegulation(), new ImportPricing(), new ImportAdoption(), new GatewayReads(),
        new ImportGateway(), new RawPublish(), new Relay(), new EndToEndLatency(), new Reads(), new ReadsScale(), new CatalogSync(), new Scale(),
    ];

    /// <summary>What <c>all</c> runs, in order; the other imports only with <c>--all-imports</c>.</summary>
    private static readonly string[] FullRun = ["import-releases", "import-gateway", "raw-publish", "relay", "e2e-latency", "reads", "reads-scale"];

    private static readonly string[] OtherImports = ["import-regulation", "import-pricing", "import-adoption"];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" || (args[0] != All && Scenarios.All(scenario => scenario.Name != args[0])))
        {
            Console.WriteLine("usage: dotnet run -c Release --project bench/Benchmarks -- <scenario> [--rows N] [--runs R] [--seconds S] [--profile] [--no-write] (scale also: [--measures N] [--reads TEXT,TEXT])");
            foreach (var scenario in Scenarios)
            {
                Console.WriteLine($"  {scenario.Name,-20} {scenario.Summary} (default --rows {scenario.DefaultRows}, --runs {scenario.DefaultRuns})");
            }

            Console.WriteLine($"  {All,-20} {string.Join(", ", FullRun)} in one run (--all-imports adds {string.Join(", ", OtherImports)}), then the full run's table first in BENCHMARKS.md; --rows and --runs, when given, apply to every scenario.");
            return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
        }

        // As test runners do: WebApplicationFactory finds the hosted services' content roots through the
        // MvcTestingAppManifest.json beside the binaries, looked up in the current folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var chosen = args[0] == All
            ? [.. FullRun.Concat(args.Contains("--all-imports") ? OtherImports : []).Select(name => Scenarios.Single(scenario => scenario.Name == name))]
            : new[] { Scenarios.Single(scenario => scenario.Name == args[0]) };
        var write = !args.Contains("--no-write");
        var command = $"dotnet run -c Release --project bench/Benchmarks -- {string.Join(' ', args)}";
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var machine = await Machine.DescribeAsync(cancellation.Token);
        Console.WriteLine($"machine: {machine}");
        Console.WriteLine($"command: {command}");
        var total = Stopwatch.StartNew();
        var results = new List<(IScenario Scenario, ScenarioResult Result, TimeSpan Took, DateTimeOffset When, string Section)>();
        foreach (var scenario in chosen)
        {
            var options = new BenchOptions(
                Rows: IntOption(args, "--rows") ?? scenario.DefaultRows,
                Runs: IntOption(args, "--runs") ?? scenario.DefaultRuns,
                Profile: args.Contains("--profile"),
                Write: write,
                Seconds: IntOption(args, "--seconds") ?? 15,
                Measures: IntOption(args, "--measures"),
                ReadsMatching: Array.IndexOf(args, "--reads") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null);
            Console.WriteLine();
            Console.WriteLine($"{scenario.Name}: {scenario.Summary}");
            var took = Stopwatch.StartNew();
            var result = await scenario.RunAsync(options, cancellation.Token);
            results.Add((scenario, result, took.Elapsed, DateTimeOffset.UtcNow, scenario.SectionFor(options)));
            Print(scenario, result);
        }

        if (args[0] == All)
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full run, {total.Elapsed.TotalMinutes:0.0} minutes:"));
            foreach (var (scenario, result, _, _, _) in results)
            {
                foreach (var target in Report.Targets(result))
                {
                    Console.WriteLine($"- {scenario.Name}: {target}");
                }
            }
        }

        if (write)
        {
            var path = Repository.File(Report.FileName);
            var document = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellation.Token) : null;
            foreach (var (scenario, result, _, when, section) in results)
            {
                document = Report.Merge(document, section, Report.Section(scenario.Name, scenario.Summary, result, machine, command, when));
            }

            if (args[0] == All)
            {
                var section = Report.FullRunSection([.. results.Select(each => (each.Scenario.Name, each.Result, each.Took))], machine, command, DateTimeOffset.UtcNow, total.Elapsed);
                document = Report.Merge(document, Report.FullRun, section, first: true);
            }

            await File.WriteAllTextAsync(path, document, cancellation.Token);
            Console.WriteLine($"written to {path}");
        }

        return 0;
    }

    private static void Print(IScenario scenario, ScenarioResult result)
    {
        Console.WriteLine();
        Console.Write(Report.Table(scenario.Name, result));
        foreach (var ratio in Report.Ratios(result))
        {
            Console.WriteLine($"ratio: {ratio}");
        }

        foreach (var table in result.Tables)
        {
            Console.WriteLine();
            Console.Write(table);
        }

        foreach (var line in Report.Targets(result).Concat(result.Notes))
        {
            Console.WriteLine($"- {line}");
        }
    }

    private static int? IntOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return null;
        }

        return index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} takes a positive whole number.");
    }
}
