using System.Globalization;
using System.Text;

namespace Intelligence.Benchmarks.Harness;

/// <summary>A scenario's result as text: the table printed on the console, and its section of BENCHMARKS.md.</summary>
public static class Report
{
    public const string FileName = "BENCHMARKS.md";

    private const string Intro = """
        # Benchmarks

        Throughput of the platform's hot paths, each measured beside a raw baseline doing the same work with the
        same tools (for instance a plain Marten append of the same events). The machine these run on is shared and
        noisy, so absolute figures move from run to run; the **ratio** is what to read, and it is only meaningful
        because both sides are measured side by side in one run, alternating, on the same servers. Each section is
        rewritten by its scenario; run one with

            dotnet run -c Release --project bench/Benchmarks -- <scenario> [--rows N] [--runs R] [--profile]

        and `dotnet run -c Release --project bench/Benchmarks -- --help` lists the scenarios. Benchmarks are not
        tests: nothing here passes or fails the build.

        """;

    public static string Table(string scenario, ScenarioResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"| scenario | contender | {result.Unit} | seconds (median) | {result.Unit}/s (median) | ratio | runs (s) |"));
        text.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var (measurement, ratio) in new[] { (result.Measured, result.Ratio), (result.Baseline, 1.0) })
        {
            text.AppendLine(Invariant(
                $"| {scenario} | {measurement.Contender} | {measurement.Events:N0} | {measurement.Median.TotalSeconds:0.00} | {measurement.EventsPerSecond:N0} | {ratio:0.00} | {string.Join(", ", measurement.Runs.Select(run => run.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} |"));
        }

        return text.ToString();
    }

    public static string Section(string scenario, string summary, ScenarioResult result, string machine, string command, DateTimeOffset when)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"## {scenario}"));
        text.AppendLine();
        text.AppendLine(summary);
        text.AppendLine();
        text.AppendLine(Invariant($"- Measured: {when:yyyy-MM-dd HH:mm} UTC"));
        text.AppendLine(Invariant($"- Machine: {machine}"));
        text.AppendLine(Invariant($"- Command: `{command}`"));
        text.AppendLine();
        text.Append(Table(scenario, result));
        text.AppendLine();
        text.AppendLine(Invariant($"**Ratio: {result.Measured.Contender} runs at {result.Ratio:P0} of {result.Baseline.Contender} ({result.Measured.EventsPerSecond:N0} vs {result.Baseline.EventsPerSecond:N0} {result.Unit}/s, medians).**"));
        if (result.Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in result.Notes)
            {
                text.AppendLine(Invariant($"- {note}"));
            }
        }

        return text.ToString();
    }

    /// <summary>Replaces the scenario's section between its markers, or appends it; other sections stay as they are.</summary>
    public static string Merge(string? existing, string scenario, string section)
    {
        var begin = $"<!-- bench:{scenario} -->";
        var end = $"<!-- /bench:{scenario} -->";
        var block = $"{begin}\n{section.TrimEnd()}\n{end}";
        var document = string.IsNullOrWhiteSpace(existing) ? Intro : existing.ReplaceLineEndings("\n");
        var start = document.IndexOf(begin, StringComparison.Ordinal);
        var stop = start < 0 ? -1 : document.IndexOf(end, start, StringComparison.Ordinal);
        return start >= 0 && stop >= 0
            ? string.Concat(document.AsSpan(0, start), block, document.AsSpan(stop + end.Length))
            : $"{document.TrimEnd()}\n\n{block}\n";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
