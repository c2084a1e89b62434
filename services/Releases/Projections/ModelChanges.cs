using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten;

namespace Intelligence.Releases.Projections;

/// <summary>A model a page of events touched: its state before the page (null for a new model) and after it.</summary>
public sealed record ModelChange(string Id, Model? Before, Model? After);

/// <summary>
/// What a page of the daemon's events did to each model, for the projections that count models (release counters,
/// organizations): the state before the page is folded from the model's own earlier events (none for a new model,
/// so a page of announcements reads nothing), never from another projection's documents, which the daemon keeps on
/// a schedule of their own; so a rebuild counts exactly what the events say.
/// </summary>
public static class ModelChanges
{
    public static async Task<IReadOnlyList<ModelChange>> OfPageAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byModel = events.Where(e => e.Data is IModelEvent).GroupBy(e => e.StreamKey!).ToList();
        if (byModel.Count == 0)
        {
            return [];
        }

        var previous = await StatesBeforeAsync(operations, byModel, cancellation);
        return
        [
            .. byModel.Select(group =>
            {
                var before = previous.GetValueOrDefault(group.Key);
                return new ModelChange(group.Key, before, group.Aggregate(before, (state, e) => ModelDecider.Evolve(state, (IModelEvent)e.Data)));
            }),
        ];
    }

    /// <summary>The state of each model that has events before this page, folded from those events in one query.</summary>
    private static async Task<Dictionary<string, Model?>> StatesBeforeAsync(
        IDocumentOperations operations, IReadOnlyList<IGrouping<string, IEvent>> byModel, CancellationToken cancellation)
    {
        var known = byModel.Where(group => group.First().Version > 1).Select(group => group.Key).ToArray();
        if (known.Length == 0)
        {
            return [];
        }

        var pageStarts = byModel.Min(group => group.First().Sequence);
        var earlier = await operations.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.IsOneOf(known) && e.Sequence < pageStarts)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellation);
        return earlier
            .GroupBy(e => e.StreamKey!)
            .ToDictionary(group => group.Key, group => group.Select(e => e.Data).OfType<IModelEvent>().Aggregate((Model?)null, ModelDecider.Evolve));
    }
}
