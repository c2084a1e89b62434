using Intelligence.Platform.Domain;

namespace Intelligence.Releases.Domain;

/// <summary>
/// A model's score on a benchmark was measured on <paramref name="MeasuredOn"/> (a leaderboard's snapshot date, a
/// technical report's publication date). Scores are facts about models, each with its source; one stream per
/// benchmark, model and variant holds the dated history.
/// </summary>
/// <param name="Benchmark">The known benchmark's key, or the key of <paramref name="BenchmarkLabel"/>.</param>
/// <param name="BenchmarkLabel">The source's name of a benchmark of kind other; null for a known one.</param>
/// <param name="Variant">The member of a release that names several models ("Claude 3 Opus" of the Claude 3 family) the score is of; null when the release is one model.</param>
/// <param name="ConfidenceLabel">The source's grade when confidence is of kind other; null otherwise (and when not stated).</param>
public sealed record BenchmarkScoreRecorded(
    string ModelId,
    string Benchmark,
    string? BenchmarkLabel,
    string? Variant,
    decimal Score,
    DateOnly MeasuredOn,
    string Source,
    Confidence Confidence,
    string? ConfidenceLabel,
    string? Note);

/// <summary>Record a model's score on a benchmark, as measured on a date. Built only from validated input.</summary>
public sealed record RecordBenchmarkScore(
    string ModelId,
    BenchmarkName Benchmark,
    string? Variant,
    decimal Score,
    DateOnly MeasuredOn,
    string Source,
    Confidence Confidence,
    string? ConfidenceLabel = null,
    string? Note = null);

/// <summary>One dated score of a history.</summary>
public sealed record ScoreMeasurement(DateOnly MeasuredOn, decimal Score, string Source, Confidence Confidence, string? ConfidenceLabel, string? Note);

/// <summary>A model's scores on one benchmark (for one variant), in date order: the state its events add up to.</summary>
public sealed record ScoreHistory(
    string ModelId, string Benchmark, string? BenchmarkLabel, string? Variant, IReadOnlyList<ScoreMeasurement> Measurements)
{
    /// <summary>
    /// The stream id of a model's scores on a benchmark: <c>score:mmlu:gpt-4</c>, with the variant's key after the
    /// model's when the score is of one member of a release (<c>score:mmlu:claude-3-opus-sonnet-haiku:claude-3-opus</c>).
    /// Model ids and keys hold no colon, so ids never collide, nor with a model's own stream.
    /// </summary>
    public static string StreamIdOf(string benchmark, string modelId, string? variant) =>
        variant is null ? $"score:{benchmark}:{modelId}" : $"score:{benchmark}:{modelId}:{Benchmarks.KeyOf(variant)}";

    public ScoreMeasurement Latest => Measurements[^1];
}

/// <summary>
/// The rules of a score history as pure functions. The same score for a date already measured stores nothing, so
/// recording a table again is idempotent; a new date adds to the history; another score for a measured date replaces
/// it (a correction: the events keep both); a score outside its benchmark's scale is refused.
/// </summary>
public static class BenchmarkScoreDecider
{
    public static Decision<BenchmarkScoreRecorded> Decide(ScoreHistory? state, RecordBenchmarkScore command)
    {
        if (Benchmarks.RangeProblem(command.Benchmark, command.Score) is { } problem)
        {
            return Decision<BenchmarkScoreRecorded>.Reject("score-in-range", $"A score of {command.Score} on {command.Benchmark.Known?.Name ?? command.Benchmark.Label} {problem}.");
        }

        return state?.Measurements.Any(measurement => measurement.MeasuredOn == command.MeasuredOn && measurement.Score == command.Score) == true
            ? Decision<BenchmarkScoreRecorded>.Unchanged
            : Decision<BenchmarkScoreRecorded>.Accept(new BenchmarkScoreRecorded(
                command.ModelId, command.Benchmark.Key, command.Benchmark.Label, command.Variant, command.Score, command.MeasuredOn, command.Source,
                command.Confidence, command.ConfidenceLabel, command.Note));
    }

    public static ScoreHistory Evolve(ScoreHistory? state, BenchmarkScoreRecorded recorded) => new(
        recorded.ModelId,
        recorded.Benchmark,
        recorded.BenchmarkLabel,
        recorded.Variant,
        [.. (state?.Measurements ?? []).Where(measurement => measurement.MeasuredOn != recorded.MeasuredOn)
            .Append(new ScoreMeasurement(recorded.MeasuredOn, recorded.Score, recorded.Source, recorded.Confidence, recorded.ConfidenceLabel, recorded.Note))
            .OrderBy(measurement => measurement.MeasuredOn)]);
}
