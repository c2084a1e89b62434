using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Integration;
using Intelligence.Platform.EventStore;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// Keeps the read models of the observation queries in step with the series' events, inline with each write: a
/// <see cref="StandingObservation"/> per standing observation, a <see cref="MilestoneRecord"/> per milestone reached,
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
            if (changedFrom is { } day && !(staleFrom <= day))
            {
                staleFrom = day;
            }

            switch (e.Data)
            {
                case ObservationRecorded recorded:
                    operations.Store(new StandingObservation(recorded.Observation.Id, recorded.SeriesId, recorded.Observation));
                    if (e.Version == 1)
                    {
                        started.Add(recorded);
                    }

                    break;
                case ObservationCorrected corrected:
                    operations.Store(new StandingObservation(corrected.Observation.Id, corrected.SeriesId, corrected.Observation));
                    break;
                case ObservationRetracted retracted:
                    operations.Delete<StandingObservation>(retracted.ObservationId);
                    break;
                case MilestoneReached reached:
                    operations.Store(MilestoneRecord.Of(reached));
                    break;
                default:
                    break;
            }
        }

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
}
