using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>A benchmark as the quality answers show it: its key, kind (a known key, or other) and scale.</summary>
/// <param name="Unit">rating (Elo-style) or percent; null for an other benchmark, whose scale is not known.</param>
public sealed record BenchmarkResponse(string Key, string Kind, string Name, string? Label, string? Unit, decimal? Min, decimal? Max)
{
    public static BenchmarkResponse Of(ModelScore score) =>
        new(score.Benchmark, score.BenchmarkKind, score.BenchmarkName, score.BenchmarkLabel, score.Unit, score.ScaleMin, score.ScaleMax);
}

/// <summary>A dated score as the quality answers show it, with its source.</summary>
public sealed record ScoreResponse(decimal Value, DateOnly MeasuredOn, string Source, string Confidence, string? ConfidenceLabel, string? Note)
{
    public static ScoreResponse Of(Domain.ScorePoint point) => new(point.Score, point.MeasuredOn, point.Source, point.Confidence, point.ConfidenceLabel, point.Note);
}

/// <summary>
/// What the two quality reads share: the benchmark parameter, found by one indexed probe, and the benchmark's score
/// histories, loaded only when an answer is counted. Answers are kept per day (<see cref="DayCells"/>), so a read of
/// unchanged scores, prices and models reads its cell, however many models a benchmark scores.
/// </summary>
internal static class QualityQueries
{
    public const string DefaultBenchmark = "lmarena-text";

    public const string BenchmarkDescription =
        "A benchmark's key (lmarena-text, mmlu, mmlu-pro, gpqa-diamond, swe-bench-verified, aime-2024, aime-2025, humaneval, math-500) or an other benchmark's key; default lmarena-text.";

    /// <summary>
    /// One score history of the benchmark <paramref name="benchmark"/> names (by its key, case and punctuation ignored:
    /// one indexed probe), which says its key and scale; when it names none that holds a score, the 400 problem to
    /// answer with, naming <c>benchmark</c> and listing the benchmarks that hold scores (also as <c>benchmarks</c>).
    /// </summary>
    public static async Task<(ModelScore? Found, IResult? Problem)> FindAsync(IQuerySession session, string? benchmark, CancellationToken cancellationToken)
    {
        var text = benchmark?.Trim() is { Length: > 0 } given ? given : DefaultBenchmark;
        string[] keys = [text.ToLowerInvariant(), string.Join('-', text.ToLowerInvariant().Split(NotKey, StringSplitOptions.RemoveEmptyEntries))];
        if (await session.Query<ModelScore>().Where(score => score.Benchmark.IsOneOf(keys)).OrderBy(score => score.Benchmark).FirstOrDefaultAsync(cancellationToken) is { } found)
        {
            return (found, null);
        }

        var recorded = (await session.Query<ModelScore>().Select(score => score.Benchmark).Distinct().ToListAsync(cancellationToken)).Order(StringComparer.Ordinal).ToList();
        var validation = new Validation();
        validation.Add("benchmark", recorded.Count == 0
            ? $"names no benchmark with scores: none are recorded yet ('{Shown(text)}')"
            : $"names no benchmark with scores ('{Shown(text)}'): scores are recorded for {string.Join(", ", recorded)}");
        return (null, validation.ToProblem(new Dictionary<string, object?> { ["benchmarks"] = recorded }));
    }

    /// <summary>Every score history of the benchmark keyed <paramref name="key"/>: one indexed query, when an answer is counted.</summary>
    public static async Task<IReadOnlyList<ModelScore>> LoadAsync(IQuerySession session, string key, CancellationToken cancellationToken) =>
        await session.Query<ModelScore>().Where(score => score.Benchmark == key).ToListAsync(cancellationToken);

    private static readonly char[] NotKey = [.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !char.IsAsciiLetterOrDigit(c))];

    private static string Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
