using System.ComponentModel.DataAnnotations;
using Intelligence.Platform.EventStore;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;
using Microsoft.Extensions.Options;

namespace Intelligence.Releases.Reference;

/// <summary>
/// Records the shipped benchmark scores (<c>benchmark-scores.csv</c>) as <see cref="BenchmarkScoreRecorded"/> events
/// once their model is in the catalog: on start, then every few seconds until every shipped model is there. Each pass
/// is two queries (the shipped models the catalog holds, their score streams) and one transaction for whatever is
/// new; a score already recorded stores nothing, and the pass stops once all is recorded.
/// </summary>
/// <remarks>
/// Why not all at once on start, as pricing records its FX table: a score is a fact about a catalog model, and
/// consumers hear of it through queues they declare when they start. On a first run the reference releases are
/// imported only after every service is up, so scores that follow their model are never published to an exchange
/// before the consumers' queues are bound to it (the broker would drop them). <c>Releases:ShippedScores</c> false turns
/// it off, for stores whose every score is recorded with <c>POST /scores</c>; <c>Releases:ShippedScoreSweepSeconds</c>
/// (default 5) sets the pause between passes.
/// </remarks>
internal sealed partial class ShippedScoreLoader(IDocumentStore store, IOptions<ShippedScoreOptions> options, ILogger<ShippedScoreLoader> logger) : BackgroundService
{
    private static readonly IReadOnlyList<string> ShippedModels = [.. ShippedScores.All.Select(score => score.ModelId).Distinct(StringComparer.Ordinal)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ShippedScores)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ShippedScoreSweepSeconds));
        do
        {
            try
            {
                if (await RecordAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRecordFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Records the shipped scores of the models the catalog holds that are not recorded yet; true when every shipped
    /// model is in the catalog with its scores recorded. Another instance recording them at the same time makes it
    /// decide again on what is stored.
    /// </summary>
    public async Task<bool> RecordAsync(CancellationToken cancellationToken)
    {
        var complete = false;
        await LostRace.RetryAsync(async () => complete = await RecordOnceAsync(cancellationToken));
        return complete;
    }

    private async Task<bool> RecordOnceAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var inCatalog = (await session.LoadManyAsync<CatalogEntry>(cancellationToken, ShippedModels)).Select(entry => entry.Id).ToHashSet(StringComparer.Ordinal);
        if (inCatalog.Count == 0)
        {
            return false;
        }

        var streams = ShippedScores.All
            .Where(score => inCatalog.Contains(score.ModelId))
            .GroupBy(score => ScoreHistory.StreamIdOf(score.Benchmark.Key, score.ModelId, score.Variant), StringComparer.Ordinal)
            .ToList();
        var stored = (await session.LoadManyAsync<ScoreSeries>(cancellationToken, streams.Select(stream => stream.Key)))
            .ToDictionary(series => series.Id, StringComparer.Ordinal);
        foreach (var scores in streams)
        {
            var events = Decide(stored.GetValueOrDefault(scores.Key)?.State, scores);
            if (events.Count == 0)
            {
                continue;
            }

            if (!stored.ContainsKey(scores.Key))
            {
                // A new stream: another instance starting it too makes this a lost race, decided again.
                session.Events.StartStream<ScoreSeries>(scores.Key, [.. events]);
            }
            else
            {
                // Rare (the shipped table grew): decided again on the stream as loaded for writing.
                var stream = await session.Events.FetchForWriting<ScoreSeries>(scores.Key, cancellationToken);
                stream.AppendMany(Decide(stream.Aggregate?.State, scores));
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        return inCatalog.Count == ShippedModels.Count;
    }

    private static List<BenchmarkScoreRecorded> Decide(ScoreHistory? state, IEnumerable<RecordBenchmarkScore> scores)
    {
        var events = new List<BenchmarkScoreRecorded>();
        foreach (var score in scores.OrderBy(score => score.MeasuredOn))
        {
            var decision = BenchmarkScoreDecider.Decide(state, score);
            if (decision.Rejection is { } rejection)
            {
                throw new InvalidOperationException($"benchmark-scores.csv: {score.ModelId} on {score.Benchmark.Key}: {rejection.Detail}");
            }

            events.AddRange(decision.Events);
            state = decision.Events.Aggregate(state, BenchmarkScoreDecider.Evolve);
        }

        return events;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the shipped benchmark scores failed; the next pass retries")]
    private partial void LogRecordFailed(Exception exception);
}

/// <summary>The shipped scores' settings under <c>Releases</c>, checked at start.</summary>
public sealed class ShippedScoreOptions
{
    public bool ShippedScores { get; init; } = true;

    [Range(1, 3600)]
    public int ShippedScoreSweepSeconds { get; init; } = 5;
}
