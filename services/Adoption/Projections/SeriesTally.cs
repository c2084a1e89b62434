using Intelligence.Adoption.Domain;
using Intelligence.Platform.EventStore;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// What the lists show of a series besides its subject: its latest standing point, its counts and which of its
/// milestones still stand. A series' own document (<see cref="SeriesEntry"/>) holds every point it ever had, so a page
/// of series read whole would cost the length of its series; a tally costs the same however long they are.
/// </summary>
/// <param name="Latest">The latest standing point (on one date, the later id); null when none stands.</param>
/// <param name="Observations">How many observations stand (retracted ones not counted).</param>
/// <param name="Milestones">How many milestones the series reached (a milestone stays in the history).</param>
/// <param name="StandingThresholds">The thresholds of those milestones that standing observations still reach.</param>
public sealed record SeriesTally(string Id, SeriesPoint? Latest, int Observations, int Milestones, IReadOnlyList<decimal> StandingThresholds)
{
    public long Version { get; init; }

    public static SeriesTally Of(Series series, long version)
    {
        var live = series.Live().ToList();
        return new SeriesTally(
            series.Id,
            live.Count > 0 ? series.Points[live[^1].Id] : null,
            live.Count,
            series.Milestones.Count,
            [.. series.Milestones.Select(m => m.Threshold).Where(threshold => live.Any(o => MilestoneThresholds.Reaches(series.Key.Metric, o, threshold)))])
        {
            Version = version,
        };
    }
}

/// <summary>
/// Keeps each series' <see cref="SeriesTally"/> in step with its events, inline with each write: the series as
/// stored before the write, with the batch's events folded on. In a rebuild the stored series is already past the
/// batch, and its tally is taken as it stands.
/// </summary>
public sealed class SeriesTallyProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var bySeries = events.Where(e => e.Data is ISeriesEvent).GroupBy(e => e.StreamKey!, StringComparer.Ordinal).ToList();
        if (bySeries.Count == 0)
        {
            return;
        }

        var stored = (await operations.LoadManyAsync<SeriesEntry>(cancellation, bySeries.Select(group => group.Key)))
            .ToDictionary(entry => entry.Id, StringComparer.Ordinal);
        foreach (var group in bySeries)
        {
            var entry = stored.GetValueOrDefault(group.Key);
            var (state, version) = await StreamCatchUp.LatestAsync<Series, ISeriesEvent>(
                operations, entry?.State, entry?.Version ?? 0, [.. group], SeriesDecider.Evolve, cancellation);
            if (state is not null)
            {
                operations.Store(SeriesTally.Of(state, version));
            }
        }
    }
}
