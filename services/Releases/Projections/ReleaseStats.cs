using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Releases.Projections;

/// <summary>
/// The releases of one month in one group (an origin country or a bloc), counted with what the share statistics
/// need. Statistics queries read these counters (a few per month) instead of every model.
/// </summary>
public sealed class ReleaseCount
{
    /// <summary>yyyy-MM/country:CN or yyyy-MM/bloc:China.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>yyyyMM as a number, for range queries.</summary>
    public int MonthKey { get; set; }

    /// <summary>country or bloc.</summary>
    public string GroupBy { get; set; } = string.Empty;

    public string Group { get; set; } = string.Empty;

    public int Releases { get; set; }

    public int OpenWeights { get; set; }

    /// <summary>Releases free for consumers (free access "yes").</summary>
    public int FreeAccess { get; set; }

    public static int MonthKeyOf(DateOnly date) => (date.Year * 100) + date.Month;
}

/// <summary>
/// The state of a model as the statistics last counted it. The projection keeps its own copy rather than reading
/// <see cref="CatalogEntry"/>, whose inline update may already be visible in the same transaction.
/// </summary>
public sealed record CountedModelState(string Id, Model State);

/// <summary>
/// Keeps <see cref="ReleaseCount"/>s in step with the models, inline with each write: for every model touched, it
/// takes the model's previous state out of its counters and adds its new state. A model counts once in each of its
/// origin countries and once in each bloc those countries belong to (a US/UK model counts for US and for Other;
/// a French-German model once for EU); a place that is no known country counts by its name, in bloc unknown. The cost per model is constant, whatever the size of the catalog.
/// </summary>
public sealed class ReleaseStatsProjection(Countries countries) : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byModel = events.Where(e => e.Data is IModelEvent).GroupBy(e => e.StreamKey!).ToList();
        if (byModel.Count == 0)
        {
            return;
        }

        var previous = (await operations.LoadManyAsync<CountedModelState>(cancellation, byModel.Select(group => group.Key)))
            .ToDictionary(counted => counted.Id, counted => counted.State);

        var deltas = new Dictionary<string, CounterDelta>();
        foreach (var group in byModel)
        {
            var before = previous.GetValueOrDefault(group.Key);
            var after = group.Aggregate(before, (state, e) => ModelDecider.Evolve(state, (IModelEvent)e.Data));
            Count(before, -1, deltas);
            Count(after, +1, deltas);
            if (after is not null)
            {
                operations.Store(new CountedModelState(group.Key, after));
            }
        }

        var changed = deltas.Where(pair => pair.Value is not { Releases: 0, Open: 0, Free: 0 }).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var counters = (await operations.LoadManyAsync<ReleaseCount>(cancellation, changed.Select(pair => pair.Key))).ToDictionary(c => c.Id);
        foreach (var (id, delta) in changed)
        {
            if (!counters.TryGetValue(id, out var counter))
            {
                counter = new ReleaseCount { Id = id, MonthKey = delta.MonthKey, GroupBy = delta.GroupBy, Group = delta.Group };
            }

            counter.Releases += delta.Releases;
            counter.OpenWeights += delta.Open;
            counter.FreeAccess += delta.Free;
            operations.Store(counter);
        }
    }

    private void Count(Model? model, int sign, Dictionary<string, CounterDelta> deltas)
    {
        if (model is null)
        {
            return;
        }

        var details = model.Details;
        var monthKey = ReleaseCount.MonthKeyOf(details.ReleasedOn);
        var open = details.Access.OpenWeights ? sign : 0;
        var free = details.Access.FreeAccess == FreeAccess.Yes ? sign : 0;
        var groups = details.OriginCountries.Select(country => ("country", country))
            .Concat(details.OriginCountries.Select(origin => Origins.BlocOf(countries, origin)).Distinct().Select(bloc => ("bloc", bloc)));
        foreach (var (groupBy, group) in groups)
        {
            var id = $"{details.ReleasedOn:yyyy-MM}/{groupBy}:{group}";
            var delta = deltas.GetValueOrDefault(id, new CounterDelta(monthKey, groupBy, group, 0, 0, 0));
            deltas[id] = delta with { Releases = delta.Releases + sign, Open = delta.Open + open, Free = delta.Free + free };
        }
    }
}

/// <summary>How one counter changes in a transaction.</summary>
internal readonly record struct CounterDelta(int MonthKey, string GroupBy, string Group, int Releases, int Open, int Free);
