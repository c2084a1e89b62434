using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Integration;
using Intelligence.Platform.EventStore;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// Keeps the read models of the observation queries in step with the series' events, inline with each write: a
/// <see cref="StandingObservation"/> per standing observation (with the date the next in its unit takes over), a
/// <see cref="MilestoneRecord"/> per milestone reached,
/// and a series' <see cref="SeriesLink"/> when the series starts (a series' subject never changes after). The link is computed against the replica as committed;
/// the write that starts a series shares the catalog-links lock (<see cref="CatalogLinks"/>), so a model committed
/// meanwhile is either read here or relinks the series. The headlines' day cells are marked stale from the earliest
/// day the events change.
/// </summary>
public sealed class ObservationReadsProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var started = new List<ObservationRecorded>();
        var changed = new Dictionary<string, StandingObservation?>(StringComparer.Ordinal);
        var seriesChangedFrom = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        DateOnly? staleFrom = null;
        foreach (var e in events)
        {
            DateOnly? changedFrom = e.Data switch
            {
                ObservationRecorded recorded => recorded.Observation.ObservedOn,

                // A correction may have moved the observation from a date the event no longer names.
                ObservationCorrected corrected => corrected.CorrectedFields.Contains("observedOn") ? DateOnly.MinValue : corrected.Observation.ObservedOn,
                ObservationRetracted retracted => retracted.ObservedOn,
                _ => null,
            };
            if (changedFrom is { } day)
            {
                if (!(staleFrom <= day))
                {
                    staleFrom = day;
                }

                var series = ((ISeriesEvent)e.Data).SeriesId;
                seriesChangedFrom[series] = seriesChangedFrom.TryGetValue(series, out var earlier) && earlier < day ? earlier : day;
            }

            switch (e.Data)
            {
                case ObservationRecorded recorded:
                    changed[recorded.Observation.Id] = new StandingObservation(recorded.Observation.Id, recorded.SeriesId, recorded.Key, recorded.Observation, null);
                    if (e.Version == 1)
                    {
                        started.Add(recorded);
                    }

                    break;
                case ObservationCorrected corrected:
                    changed[corrected.Observation.Id] = new StandingObservation(corrected.Observation.Id, corrected.SeriesId, corrected.Key, corrected.Observation, null);
                    break;
                case ObservationRetracted retracted:
                    changed[retracted.ObservationId] = null;
                    break;
                case MilestoneReached reached:
                    operations.Store(MilestoneRecord.Of(reached));
                    break;
                default:
                    break;
            }
        }

        await StoreStandingAsync(operations, changed, seriesChangedFrom, cancellation);
        if (staleFrom is { } from)
        {
            operations.MarkStale(StandingObservation.HeadlinesRead, from);
        }

        if (started.Count == 0)
        {
            return;
        }

        var catalog = await CatalogLinks.CandidatesAsync(operations, [.. started.Select(recorded => recorded.Key.Subject)], cancellation);
        foreach (var recorded in started)
        {
            operations.Store(new SeriesLink(recorded.SeriesId, recorded.Key, SubjectLinks.Link(recorded.Key.Subject, catalog)));
        }
    }

    /// <summary>
    /// Stores the changed observations and deletes the retracted, with the spells they touch worked out again: each
    /// series' standing observations as committed that still stand on the earliest day the batch changes it (those
    /// before ended earlier and keep their end), with the batch's changes over them. A committed one is written again
    /// only when its end moved. A series is one stream, so no other writer changes its observations meanwhile; an
    /// import that adds each series' latest reads one row a series and unit.
    /// </summary>
    private static async Task StoreStandingAsync(
        IDocumentOperations operations, Dictionary<string, StandingObservation?> changed, Dictionary<string, DateOnly> seriesChangedFrom, CancellationToken cancellation)
    {
        if (changed.Count == 0)
        {
            return;
        }

        var points = operations.DocumentStore.Options.Schema.For<StandingObservation>();
        var committed = await operations.QueryAsync<StandingObservation>(
            $"""
            select p.data from {points} p join unnest(?::text[], ?::date[]) as t(series_id, changed_from) on p.series_id = t.series_id
            where p.data ->> 'standsUntil' is null or cast(p.data ->> 'standsUntil' as date) >= t.changed_from
            """,
            cancellation,
            seriesChangedFrom.Keys.ToArray(),
            seriesChangedFrom.Values.ToArray());
        var standing = committed.ToDictionary(point => point.Id, StringComparer.Ordinal);
        foreach (var (id, point) in changed)
        {
            if (point is null)
            {
                standing.Remove(id);
                operations.Delete<StandingObservation>(id);
            }
            else
            {
                standing[id] = point;
            }
        }

        var stored = committed.ToDictionary(point => point.Id, point => point.StandsUntil, StringComparer.Ordinal);
        foreach (var spell in standing.Values.GroupBy(point => (point.SeriesId, Unit: point.Observation.UnitKey())))
        {
            var ordered = spell.OrderBy(point => point.ObservedOn).ThenBy(point => point.Id, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var until = i + 1 < ordered.Count ? ordered[i + 1].ObservedOn : (DateOnly?)null;
                var point = ordered[i];
                if (changed.ContainsKey(point.Id) || !stored.TryGetValue(point.Id, out var was) || was != until)
                {
                    operations.Store(point with { StandsUntil = until });
                }
            }
        }
    }
}
