using Intelligence.Adoption.Domain;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Adoption.Projections;

/// <summary>Which series holds an observation: commands and reads address observations by their own id.</summary>
public sealed record ObservationLocator(string Id, string SeriesId);

/// <summary>Writes a locator for every recorded observation, inline with the event.</summary>
public sealed class ObservationLocatorProjection : IProjection
{
    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            if (e.Data is ObservationRecorded recorded)
            {
                operations.Store(new ObservationLocator(recorded.Observation.Id, recorded.SeriesId));
            }
        }

        return Task.CompletedTask;
    }
}
