using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Intelligence.Releases.Projections;

/// <summary>
/// A model's score history on one benchmark (one variant), as commands load it for writing and queries read it; kept
/// inline, in the transaction of its events. <see cref="ModelId"/> is indexed: a model's scores are one query.
/// </summary>
/// <remarks>The stream version is named <c>StreamVersion</c> for the reason <see cref="CatalogEntry"/> gives.</remarks>
public sealed record ScoreSeries(string Id, string ModelId, ScoreHistory State)
{
    public long StreamVersion { get; init; }
}

/// <summary>Folds a score stream's events with the domain's <see cref="BenchmarkScoreDecider.Evolve"/>.</summary>
public sealed class ScoreSeriesProjection : SingleStreamProjection<ScoreSeries, string>
{
    public override ScoreSeries? Evolve(ScoreSeries? snapshot, string id, IEvent e) =>
        e.Data is BenchmarkScoreRecorded recorded
            ? new ScoreSeries(id, recorded.ModelId, BenchmarkScoreDecider.Evolve(snapshot?.State, recorded)) { StreamVersion = e.Version }
            : snapshot;
}
