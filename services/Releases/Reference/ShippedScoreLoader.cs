using Intelligence.Platform.EventStore;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Reference;

/// <summary>
/// On start, records the shipped benchmark scores (<c>benchmark-scores.csv</c>) as <see cref="BenchmarkScoreRecorded"/>
/// events where the store lacks them, every stream in one transaction; a score already recorded stores nothing, so
/// every start after the first is one query. A score may name a model the catalog has not heard of yet (the reference
/// releases are imported after the services start): it is a fact about that id, and readers join it to the model when
/// both are there. <c>Releases:ShippedScores</c> false turns it off, for stores whose every score is recorded with
/// <c>POST /scores</c>.
/// </summary>
internal sealed class ShippedScoreLoader(IDocumentStore store, IConfiguration configuration) : IHostedService
{
    // If another instance starting at the same time records them first, they are looked up again.
    public Task StartAsync(CancellationToken cancellationToken) =>
        configuration.GetValue("Releases:ShippedScores", true) ? LostRace.RetryAsync(() => RecordAsync(cancellationToken)) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var stored = (await session.Query<ScoreSeries>().ToListAsync(cancellationToken)).ToDictionary(series => series.Id, StringComparer.Ordinal);
        foreach (var scores in ShippedScores.All.GroupBy(score => ScoreHistory.StreamIdOf(score.Benchmark.Key, score.ModelId, score.Variant), StringComparer.Ordinal))
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
}
