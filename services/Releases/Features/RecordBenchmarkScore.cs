using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary>
/// <c>POST /scores</c>: a model's score on a benchmark, measured on a date. The same score for a measured date
/// stores nothing; a new date adds to the model's history on that benchmark; another score for a measured date
/// replaces it (the events keep both). A benchmark no documented name covers is kept as other with its label.
/// </summary>
public static class RecordBenchmarkScore
{
    public const int MaxNoteLength = 1000;

    /// <param name="Variant">The member of the release the score is of ("Claude 3 Opus" of claude-3-opus-sonnet-haiku), when the release names several models.</param>
    /// <param name="Confidence">high, medium, low, or the source's own grade (kept as other); absent: not stated.</param>
    public sealed record ScoreBody(
        string? ModelId, string? Benchmark, decimal? Score, DateOnly? MeasuredOn, string? SourceUrl, string? Confidence = null, string? Variant = null, string? Note = null);

    /// <param name="Outcome">recorded or unchanged.</param>
    public sealed record ScoreResult(string Outcome, ScoreSeriesView Series);

    public static IEndpointRouteBuilder MapRecordBenchmarkScore(this IEndpointRouteBuilder app)
    {
        app.MapPost("/scores", Handle)
            .WithName("RecordBenchmarkScore")
            .WithSummary("Record a model's score on a benchmark as measured on a date: 201 when recorded, 200 when the same score for that date was recorded before. "
                + "Known benchmarks (lmarena-text, mmlu, mmlu-pro, gpqa-diamond, swe-bench-verified, aime-2024, aime-2025, humaneval, math-500) have a scale: "
                + "a score outside it is 400 naming score. Any other benchmark is kept as other with its label. 404 for a model the catalog does not hold.")
            .Produces<ScoreResult>(StatusCodes.Status201Created)
            .Produces<ScoreResult>()
            .ProducesCommandProblems()
            .WithIdempotency();
        return app;
    }

    private static async Task<IResult> Handle(ScoreBody body, HttpContext http, IDocumentSession session, TimeProvider clock)
    {
        var validation = new Validation();
        var command = Validate(body, clock.UtcDate(), validation);
        if (command is null)
        {
            return validation.ToProblem();
        }

        if (await session.Events.FetchStreamStateAsync(command.ModelId, http.RequestAborted) is null)
        {
            return Problems.NotFound("model", command.ModelId);
        }

        var streamId = ScoreHistory.StreamIdOf(command.Benchmark.Key, command.ModelId, command.Variant);
        var scores = await StreamCommand.OpenAsync<ScoreSeries>(http, session, streamId);
        if (scores.Refusal is { } refusal)
        {
            return refusal;
        }

        return await scores.CommitAsync(
            BenchmarkScoreDecider.Decide(scores.Current?.State, command),
            scores.Current?.State,
            BenchmarkScoreDecider.Evolve,
            decided => decided.Events.Count > 0
                ? new CommandAnswer(StatusCodes.Status201Created, $"/models/{command.ModelId}/scores", new ScoreResult("recorded", ScoreSeriesView.From(streamId, decided.After, decided.Version)))
                : new CommandAnswer(StatusCodes.Status200OK, null, new ScoreResult("unchanged", ScoreSeriesView.From(streamId, decided.After, decided.Version))));
    }

    internal static Domain.RecordBenchmarkScore? Validate(ScoreBody body, DateOnly today, Validation validation)
    {
        var modelId = body.ModelId?.Trim() ?? string.Empty;
        validation.Check(modelId.Length > 0, "modelId", "is required")
            .Check(modelId.Length == 0 || Slugs.IsValid(modelId), "modelId", $"must be a catalog id: lower-case letters and digits joined by single hyphens, at most {Slugs.MaxLength} characters");
        var benchmark = body.Benchmark is null ? null : ModelDetailsRules.Read("benchmark", body.Benchmark, Benchmarks.Read, validation);
        validation.Check(body.Benchmark is not null, "benchmark", $"is required: one of {string.Join(", ", Benchmarks.Known.Select(known => known.Key))}, or another benchmark's name (kept as other)")
            .Check(body.Score is not null, "score", "is required");
        if (benchmark is not null && body.Score is { } score && Benchmarks.RangeProblem(benchmark, score) is { } outOfRange)
        {
            validation.Add("score", outOfRange);
        }

        validation.Check(body.MeasuredOn is not null, "measuredOn", "is required (yyyy-MM-dd): the leaderboard's snapshot date or the report's publication date")
            .Check(body.MeasuredOn is null || body.MeasuredOn <= today, "measuredOn", $"must not be in the future (today is {today:yyyy-MM-dd})");
        var variant = body.Variant is null ? null : ModelDetailsRules.Read("variant", body.Variant, text => text.Trim(), validation);
        var confidence = ModelDetailsRules.Read("confidence", body.Confidence, Terms.ReadConfidence, validation);
        var note = body.Note?.Trim();
        validation.Check(note is null || note.Length <= MaxNoteLength, "note", $"must be at most {MaxNoteLength} characters");
        var source = ModelDetailsRules.Source(body.SourceUrl, validation);
        return validation.IsValid
            ? new Domain.RecordBenchmarkScore(
                modelId, benchmark!, variant, body.Score!.Value, body.MeasuredOn!.Value, source!, confidence?.Kind ?? Confidence.Other, confidence?.Label, note is { Length: > 0 } ? note : null)
            : null;
    }
}
