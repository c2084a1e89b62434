using System.Globalization;
using Intelligence.Benchmarks.Harness;
using Intelligence.Benchmarks.Scenarios;

namespace Intelligence.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- &lt;scenario&gt; [--rows N] [--runs R] [--profile] [--no-write]</c>:
/// runs one scenario, prints its table and writes its section of BENCHMARKS.md. A failed check (an import that
/// rejected rows, say) stops the run with a non-zero exit code and writes nothing.
/// </summary>
public static class Program
{
    private static readonly IScenario[] Scenarios = [new ImportReleases(), new ImportRegulation(), new ImportPricing(), new ImportAdoption(), new GatewayReads()];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" || Scenarios.All(scenario => scenario.Name != args[0]))
        {
            Console.WriteLine("usage: dotnet run -c Release --project bench/Benchmarks -- <scenario> [--rows N] [--runs R] [--profile] [--no-write]");
            foreach (var scenario in Scenarios)
            {
                Console.WriteLine($"  {scenario.Name,-20} {scenario.Summary}");
            }

            return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
        }

        // As test runners do: WebApplicationFactory finds the hosted services' content roots through the
        // MvcTestingAppManifest.json beside the binaries, looked up in the current folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var chosen = Scenarios.Single(scenario => scenario.Name == args[0]);
        var options = new BenchOptions(
            Rows: IntOption(args, "--rows", 10_000),
            Runs: IntOption(args, "--runs", 3),
            Profile: args.Contains("--profile"),
            Write: !args.Contains("--no-write"));
        var command = $"dotnet run -c Release --project bench/Benchmarks -- {string.Join(' ', args)}";
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var machine = await Machine.DescribeAsync(cancellation.Token);
        Console.WriteLine($"{chosen.Name}: {chosen.Summary}");
        Console.WriteLine($"machine: {machine}");
        Console.WriteLine($"command: {command}");
        var result = await chosen.RunAsync(options, cancellation.Token);

        Console.WriteLine();
        Console.Write(Report.Table(chosen.Name, result));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {result.Measured.Contender} / {result.Baseline.Contender}: {result.Ratio:0.00} ({result.Ratio:P0})"));
        foreach (var note in result.Notes)
        {
            Console.WriteLine($"- {note}");
        }

        if (options.Write)
        {
            var path = Repository.File(Report.FileName);
            var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellation.Token) : null;
            var section = Report.Section(chosen.Name, chosen.Summary, result, machine, command, DateTimeOffset.UtcNow);
            await File.WriteAllTextAsync(path, Report.Merge(existing, chosen.Name, section), cancellation.Token);
            Console.WriteLine($"written to {path}");
        }

        return 0;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return fallback;
        }

        return index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} takes a positive whole number.");
    }
}
