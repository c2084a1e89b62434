namespace Intelligence.Benchmarks.Harness;

/// <summary>One benchmark: it measures the platform doing something, and a raw baseline doing the same, in one run.</summary>
public interface IScenario
{
    /// <summary>The command-line name, also the marker of its section in BENCHMARKS.md.</summary>
    string Name { get; }

    string Summary { get; }

    Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken);
}

/// <summary>What the command line asked for.</summary>
/// <param name="Rows">Events (rows, messages, requests: the scenario says) per measured run.</param>
/// <param name="Runs">Measured runs of each contender, alternated.</param>
/// <param name="Profile">Also measure where the time goes (extra runs, printed and written below the table).</param>
/// <param name="Write">Write the section into BENCHMARKS.md.</param>
public sealed record BenchOptions(int Rows, int Runs, bool Profile, bool Write);

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

/// <summary>
/// A scenario's outcome: the measured contender and its baseline (the ratio is theirs), and notes in plain
/// words (what was compared, what the profile found), and what the measurements count ("events", "observations").
/// </summary>
public sealed record ScenarioResult(Measurement Measured, Measurement Baseline, IReadOnlyList<string> Notes, string Unit = "events")
{
    public double Ratio => Measured.EventsPerSecond / Baseline.EventsPerSecond;
}
