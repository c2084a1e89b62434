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

            dotnet run -c Release --project bench/Benchmarks -- <scenario> [--rows N] [--runs R] [--seconds S] [--profile]

        or every one in a single run, which also writes the full run's table first, with

            dotnet run -c Release --project bench/Benchmarks -- all [--all-imports]

        and `dotnet run -c Release --project bench/Benchmarks -- --help` lists the scenarios. Benchmarks are not
        tests: nothing here passes or fails the build.

        """;

    public static string Table(string scenario, ScenarioResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"| scenario | contender | {result.Unit} | seconds (median) | {result.Unit}/s (median) | ratio | runs (s) |"));
        text.AppendLine("|---|---|---:|---:|---:|---:|---|");
        var shown = new HashSet<Measurement>(ReferenceEqualityComparer.Instance);
        foreach (var comparison in result.Comparisons)
        {
            foreach (var (measurement, ratio) in new[] { (comparison.Measured, comparison.Ratio), (comparison.Baseline, 1.0) })
            {
                if (!shown.Add(measurement))
                {
                    continue;
                }

                text.AppendLine(Invariant(
                    $"| {scenario} | {measurement.Contender} | {measurement.Events:N0} | {measurement.Median.TotalSeconds:0.00} | {measurement.EventsPerSecond:N0} | {ratio:0.00} | {string.Join(", ", measurement.Runs.Select(run => run.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} |"));
            }
        }

        return text.ToString();
    }

    /// <summary>The bold line under the table: each pair's ratio in words.</summary>
    public static IEnumerable<string> Ratios(ScenarioResult result) =>
        result.Comparisons.Select(comparison => Invariant(
            $"{comparison.Measured.Contender} runs at {comparison.Ratio:P0} of {comparison.Baseline.Contender} ({comparison.Measured.EventsPerSecond:N0} vs {comparison.Baseline.EventsPerSecond:N0} {result.Unit}/s, medians)"));

    /// <summary>The scenario's measures against the issue's targets, one line each.</summary>
    public static IEnumerable<string> Targets(ScenarioResult result) =>
        result.Findings.Select(finding => Invariant(
            $"{finding.Measure}: {finding.Figure}{(finding.Ratio is { } ratio ? $", {ratio:P0} of {finding.ComparedWith}" : $" ({finding.ComparedWith})")}; {(finding.Met is null ? "no target" : $"target {finding.Target}: {Verdict(finding.Met)}")}."));

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
        foreach (var ratio in Ratios(result))
        {
            text.AppendLine();
            text.AppendLine(Invariant($"**Ratio: {ratio}.**"));
        }

        foreach (var table in result.Tables)
        {
            text.AppendLine();
            text.Append(table);
        }

        foreach (var lines in new[] { Targets(result).ToList(), result.Notes })
        {
            if (lines.Count > 0)
            {
                text.AppendLine();
                foreach (var line in lines)
                {
                    text.AppendLine(Invariant($"- {line}"));
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The name of the full run's section, which goes first.</summary>
    public const string FullRun = "full-run";

    /// <summary>
    /// The full run's section: every scenario's measures in one table, each against its raw limit and its target,
    /// with the machine and the command; each scenario's own section holds its runs and notes.
    /// </summary>
    public static string FullRunSection(
        IReadOnlyList<(string Scenario, ScenarioResult Result, TimeSpan Took)> results, string machine, string command, DateTimeOffset when, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine("## Full run");
        text.AppendLine();
        text.AppendLine(
            "Every scenario in one process run, one after another on the same servers. Each measure is set against the raw limit of the part "
            + "doing the work (a plain Marten append, RabbitMQ.Client publishing with confirms) or against the same work done straight to the "
            + "service, measured side by side in the same scenario, alternating, and against the target of issue 11.");
        text.AppendLine();
        text.AppendLine(Invariant($"- Measured: {when:yyyy-MM-dd HH:mm} UTC, {took.TotalMinutes:0.0} minutes ({string.Join(", ", results.Select(result => $"{result.Scenario} {result.Took.TotalSeconds:0} s"))})"));
        text.AppendLine(Invariant($"- Machine: {machine}"));
        text.AppendLine(Invariant($"- Command: `{command}`"));
        text.AppendLine();
        text.AppendLine("| scenario | measure | figure | compared with | ratio | target | met |");
        text.AppendLine("|---|---|---:|---|---:|---|---|");
        foreach (var (scenario, result, _) in results)
        {
            foreach (var finding in result.Findings)
            {
                text.AppendLine(Invariant(
                    $"| {scenario} | {finding.Measure} | {finding.Figure} | {finding.ComparedWith} | {(finding.Ratio is { } ratio ? ratio.ToString("P0", CultureInfo.InvariantCulture) : "—")} | {finding.Target} | {Verdict(finding.Met)} |"));
            }
        }

        var met = results.SelectMany(result => result.Result.Findings).Count(finding => finding.Met == true);
        var judged = results.SelectMany(result => result.Result.Findings).Count(finding => finding.Met is not null);
        text.AppendLine();
        text.AppendLine(Invariant($"**Targets met: {met} of {judged}.** Each scenario's section below holds its runs, its notes and what was checked."));
        return text.ToString();
    }

    /// <summary>
    /// Replaces the scenario's section between its markers, or adds it (at the end, or first, before every other
    /// section, when <paramref name="first"/>); other sections stay as they are.
    /// </summary>
    public static string Merge(string? existing, string scenario, string section, bool first = false)
    {
        var begin = $"<!-- bench:{scenario} -->";
        var end = $"<!-- /bench:{scenario} -->";
        var block = $"{begin}\n{section.TrimEnd()}\n{end}";
        var document = string.IsNullOrWhiteSpace(existing) ? Intro : existing.ReplaceLineEndings("\n");
        var start = document.IndexOf(begin, StringComparison.Ordinal);
        var stop = start < 0 ? -1 : document.IndexOf(end, start, StringComparison.Ordinal);
        if (start >= 0 && stop >= 0)
        {
            return string.Concat(document.AsSpan(0, start), block, document.AsSpan(stop + end.Length));
        }

        var firstSection = first ? document.IndexOf("<!-- bench:", StringComparison.Ordinal) : -1;
        return firstSection >= 0
            ? string.Concat(document.AsSpan(0, firstSection), block, "\n\n", document.AsSpan(firstSection))
            : $"{document.TrimEnd()}\n\n{block}\n";
    }

    private static string Verdict(bool? met) => met switch
    {
        true => "met",
        false => "not met",
        null => "—",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
