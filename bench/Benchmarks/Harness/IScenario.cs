namespace Intelligence.Benchmarks.Harness;

/// <summary>One benchmark: it measures the platform doing something, and a raw baseline doing the same, in one run.</summary>
public interface IScenario
{
    /// <summary>The command-line name, also the marker of its section in BENCHMARKS.md.</summary>
    string Name { get; }

    string Summary { get; }

    /// <summary>What <see cref="BenchOptions.Rows"/> is when the command line does not say (events, messages, requests).</summary>
    int DefaultRows => 10_000;

    /// <summary>What <see cref="BenchOptions.Runs"/> is when the command line does not say.</summary>
    int DefaultRuns => 3;

    /// <summary>The marker of the section a run with <paramref name="options"/> writes: one section a scenario, unless it keeps several sizes side by side.</summary>
    string SectionFor(BenchOptions options) => Name;

    Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken);
}

/// <summary>What the command line asked for.</summary>
/// <param name="Rows">Events (rows, messages, requests: the scenario says) per measured run.</param>
/// <param name="Runs">Measured runs of each contender, alternated.</param>
/// <param name="Profile">Also measure where the time goes (extra runs, printed and written below the table).</param>
/// <param name="Write">Write the section into BENCHMARKS.md.</param>
/// <param name="Seconds">How long a timed load runs (the end-to-end scenario's offered rates), in seconds.</param>
/// <param name="Measures">The measures <c>scale</c> seeds instead of a hundredth of the models (<c>--measures</c>).</param>
/// <param name="ReadsMatching">Only the reads whose name holds one of these comma-separated texts (<c>--reads</c>), for a focused before/after.</param>
public sealed record BenchOptions(int Rows, int Runs, bool Profile, bool Write, int Seconds = 15, int? Measures = null, string? ReadsMatching = null);

/// <summary>Measured runs of one contender: how many events each run handled, and how long each took.</summary>
public sealed record Measurement(string Contender, int Events, IReadOnlyList<TimeSpan> Runs)
{
    public TimeSpan Median
    {
        get
        {
            var sorted = Runs.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary>Events per second of the median run.</summary>
    public double EventsPerSecond => Events / Median.TotalSeconds;
}

/// <summary>A contender beside the one it is compared with: the ratio is of their events/s.</summary>
public sealed record Comparison(Measurement Measured, Measurement Baseline)
{
    public double Ratio => Measured.EventsPerSecond / Baseline.EventsPerSecond;
}

/// <summary>
/// One line of the full run's table: a measure of the system, the raw limit (or other side) it is compared with,
/// their ratio where there is one, and the target for it, met or not (null: no target, or none to judge).
/// </summary>
public sealed record Finding(string Measure, string Figure, string ComparedWith, double? Ratio, string Target, bool? Met);

/// <summary>
/// A scenario's outcome: the measured contender and its baseline (the ratio is theirs), and notes in plain
/// words (what was compared, what the profile found), and what the measurements count ("events", "observations").
/// </summary>
public sealed record ScenarioResult(Measurement Measured, Measurement Baseline, IReadOnlyList<string> Notes, string Unit = "events")
{
    public double Ratio => Measured.EventsPerSecond / Baseline.EventsPerSecond;

    /// <summary>Further pairs measured in the same run, shown as rows under the first pair, each with its own ratio.</summary>
    public IReadOnlyList<Comparison> Others { get; init; } = [];

    /// <summary>Tables of their own (latency percentiles by contender or offered rate), in Markdown, below the main one.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>What the full run's table takes from this scenario: each measure against its raw limit and target.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Every pair, the first one first.</summary>
    public IReadOnlyList<Comparison> Comparisons => [new(Measured, Baseline), .. Others];
}
