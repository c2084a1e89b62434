using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>A model's score history on a benchmark: given past scores, when a score is recorded, then an event, none, or a rejection.</summary>
public sealed class BenchmarkScoreDeciderTests
{
    private const string Snapshot = "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard";
    private static readonly BenchmarkName Arena = Benchmarks.Read("lmarena-text")!;
    private static readonly BenchmarkName Mmlu = Benchmarks.Read("MMLU")!;

    private static RecordBenchmarkScore Score(decimal score, string date, BenchmarkName? benchmark = null, string? variant = null) =>
        new("deepseek-r1", benchmark ?? Arena, variant, score, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Snapshot, Confidence.High);

    private static ScoreHistory Given(params RecordBenchmarkScore[] scores) => scores
        .SelectMany(score => BenchmarkScoreDecider.Decide(null, score).Events)
        .Aggregate((ScoreHistory?)null, BenchmarkScoreDecider.Evolve)!;

    [Fact]
    public void Given_no_score_when_one_is_recorded_then_it_is_recorded_with_its_facts()
    {
        var decision = BenchmarkScoreDecider.Decide(null, Score(1361, "2025-02-04"));

        Assert.Null(decision.Rejection);
        Assert.Equal(
            new BenchmarkScoreRecorded("deepseek-r1", "lmarena-text", null, null, 1361, new DateOnly(2025, 2, 4), Snapshot, Confidence.High, null, null),
            Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_a_score_when_the_same_score_for_the_same_date_is_recorded_again_then_nothing_is_stored()
    {
        var decision = BenchmarkScoreDecider.Decide(Given(Score(1361, "2025-02-04")), Score(1361, "2025-02-04") with { Source = "https://example.org/copy" });

        Assert.Empty(decision.Events);
        Assert.Null(decision.Rejection);
    }

    [Fact]
    public void Given_a_score_when_a_later_snapshot_is_recorded_then_the_history_holds_both_in_date_order()
    {
        var history = Given(Score(1360, "2025-03-28"));

        var decision = BenchmarkScoreDecider.Decide(history, Score(1361, "2025-02-04"));
        var after = decision.Events.Aggregate(history, BenchmarkScoreDecider.Evolve);

        Assert.Single(decision.Events);
        Assert.Equal([new DateOnly(2025, 2, 4), new DateOnly(2025, 3, 28)], after.Measurements.Select(m => m.MeasuredOn));
        Assert.Equal(1360, after.Latest.Score);
    }

    [Fact]
    public void Given_a_score_when_another_score_for_the_same_date_is_recorded_then_it_replaces_that_dates_score()
    {
        var history = Given(Score(1316, "2025-02-04"));

        var decision = BenchmarkScoreDecider.Decide(history, Score(1361, "2025-02-04"));
        var after = decision.Events.Aggregate(history, BenchmarkScoreDecider.Evolve);

        Assert.Single(decision.Events);
        Assert.Equal(1361, Assert.Single(after.Measurements).Score);
    }

    [Theory]
    [InlineData(100.5, "mmlu")]
    [InlineData(-0.1, "gpqa-diamond")]
    [InlineData(3000.5, "lmarena-text")]
    [InlineData(-1, "lmarena-text")]
    public void A_score_outside_its_benchmarks_scale_is_refused_with_score_in_range(double score, string benchmark)
    {
        var decision = BenchmarkScoreDecider.Decide(null, Score((decimal)score, "2024-06-01", Benchmarks.Read(benchmark)));

        Assert.Empty(decision.Events);
        Assert.Equal("score-in-range", decision.Rejection?.Rule);
    }

    [Fact]
    public void An_other_benchmark_takes_any_score_within_its_limit_and_refuses_one_beyond_it()
    {
        var other = Benchmarks.Read("Arena-Hard")!;

        Assert.Single(BenchmarkScoreDecider.Decide(null, Score(-85.2m, "2024-06-01", other)).Events);
        Assert.Equal("score-in-range", BenchmarkScoreDecider.Decide(null, Score(Benchmarks.OtherLimit + 1, "2024-06-01", other)).Rejection?.Rule);
    }

    [Fact]
    public void The_scores_of_a_benchmark_a_model_and_a_variant_are_one_stream()
    {
        Assert.Equal("score:mmlu:gpt-4", ScoreHistory.StreamIdOf(Mmlu.Key, "gpt-4", null));
        Assert.Equal("score:lmarena-text:claude-3-opus-sonnet-haiku:claude-3-opus", ScoreHistory.StreamIdOf(Arena.Key, "claude-3-opus-sonnet-haiku", "Claude 3 Opus"));
        Assert.NotEqual(ScoreHistory.StreamIdOf(Arena.Key, "claude-3-opus-sonnet-haiku", "Claude 3 Opus"), ScoreHistory.StreamIdOf(Arena.Key, "claude-3-opus-sonnet-haiku", "Claude 3 Haiku"));
    }
}
