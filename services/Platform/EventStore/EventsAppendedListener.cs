using Intelligence.Platform.Metrics;
using Marten;
using Marten.Services;

namespace Intelligence.Platform.EventStore;

/// <summary>Counts events only after their transaction committed, so the metric never shows rolled-back work.</summary>
internal sealed class EventsAppendedListener(string serviceName) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var appended in commit.GetEvents())
        {
            PlatformMetrics.EventsAppended.WithLabels(serviceName, appended.EventTypeName).Inc();
        }

        return Task.CompletedTask;
    }
}
