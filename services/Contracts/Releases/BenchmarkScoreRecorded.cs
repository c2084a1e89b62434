namespace Intelligence.Contracts.Releases;

/// <summary>
/// A model's score on a benchmark, as measured on a date: a leaderboard snapshot (LMArena) or a figure its vendor or
/// a report published (MMLU, GPQA Diamond, SWE-bench Verified ...). One stream per benchmark, model and variant holds
/// the dated history; a later event for a date already measured corrects that date's score.
/// </summary>
/// <param name="ScoreId">The score stream: <c>score:{benchmarkKey}:{modelId}</c>, with <c>:{variant key}</c> for a member of a release.</param>
/// <param name="MeasuredOn">The domain date: the leaderboard's snapshot date, or the day the figure was published.</param>
/// <param name="ModelId">The catalog model the score is of (it may reach a consumer before the model's <see cref="ModelReleased"/>).</param>
/// <param name="Benchmark">lmarena-text, mmlu, mmlu-pro, gpqa-diamond, swe-bench-verified, aime-2024, aime-2025, humaneval, math-500; or other, named by <see cref="BenchmarkLabel"/>.</param>
/// <param name="BenchmarkKey">The key a consumer groups scores by: the known benchmark's, or the key of the other benchmark's label.</param>
/// <param name="Unit">rating (an Elo-style rating) or percent; null for an other benchmark. Every known benchmark is higher-is-better.</param>
/// <param name="ScaleMin">The lowest score the known benchmark's scale allows; null for other.</param>
/// <param name="ScaleMax">The highest score the known benchmark's scale allows; null for other.</param>
/// <param name="Confidence">high, medium or low; or other, named by <see cref="ConfidenceLabel"/> (none when not stated).</param>
public sealed record BenchmarkScoreRecorded(
    Guid EventId,
    string ScoreId,
    long StreamVersion,
    DateOnly MeasuredOn,
    DateTimeOffset RecordedAt,
    string Source,
    string ModelId,
    string Benchmark,
    string BenchmarkKey,
    string BenchmarkName,
    decimal Score,
    string? Unit,
    decimal? ScaleMin,
    decimal? ScaleMax,
    string Confidence) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => ScoreId;

    /// <summary>The source's name of a benchmark of kind other ("Arena-Hard"); absent for a known one.</summary>
    public string? BenchmarkLabel { get; init; }

    /// <summary>The member of the release the score is of ("Claude 3 Opus" of claude-3-opus-sonnet-haiku); absent when the release is one model.</summary>
    public string? Variant { get; init; }

    /// <summary>The source's grade when confidence is other ("very high"); absent otherwise.</summary>
    public string? ConfidenceLabel { get; init; }

    /// <summary>How the figure was measured or chosen (shots, the leaderboard entry, the version); absent when nothing needs saying.</summary>
    public string? Note { get; init; }
}
