using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Releases.Projections;

/// <summary>What a month's and a day's release counter share: the counts a model adds to or takes from.</summary>
public interface IReleaseCounter
{
    string Id { get; }

    int Releases { get; set; }

    int OpenWeights { get; set; }

    int FreeAccess { get; set; }
}

/// <summary>
/// The releases of one month in one group (an origin country or a bloc), counted with what the share statistics
/// need. Statistics queries read these counters (a few per month) instead of every model.
/// </summary>
public sealed class ReleaseCount : IReleaseCounter
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
/// The releases of one day in one group, counted as <see cref="ReleaseCount"/> counts a month. A window that does not
/// start and end on month boundaries reads its edges from these (at most two months of days) and the months between
/// from the month counters, so a trailing year costs the same at a hundred models as at a million.
/// </summary>
public sealed class ReleaseDayCount : IReleaseCounter
{
    /// <summary>yyyy-MM-dd/country:CN or yyyy-MM-dd/bloc:China.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>yyyyMMdd as a number, for range queries.</summary>
    public int DayKey { get; set; }

    public string GroupBy { get; set; } = string.Empty;

    public string Group { get; set; } = string.Empty;

    public int Releases { get; set; }

    public int OpenWeights { get; set; }

    public int FreeAccess { get; set; }

    public static int DayKeyOf(DateOnly date) => (((date.Year * 100) + date.Month) * 100) + date.Day;
}

/// <summary>
/// Keeps <see cref="ReleaseCount"/>s and <see cref="ReleaseDayCount"/>s in step with the models, a page of events at a
/// time in the async daemon: for every model touched, it takes the model's state before the page out of its counters
/// and adds its state after. A model counts once in each of its origin countries and once in each bloc those
/// countries belong to (a US/UK model counts for US and for Other; a French-German model once for EU); a place that
/// is no known country counts by its name, in bloc unknown. States before and after come from
/// <see cref="ModelChanges"/>, so a rebuild counts exactly what the events say. The cost per model is constant,
/// whatever the size of the catalog.
/// </summary>
public sealed class ReleaseStatsProjection(Countries countries) : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var deltas = new Dictionary<string, CounterDelta>();
        foreach (var change in await ModelChanges.OfPageAsync(operations, events, cancellation))
        {
            Count(change.Before, -1, deltas);
            Count(change.After, +1, deltas);
        }

        var changed = deltas.Where(pair => pair.Value is not { Releases: 0, Open: 0, Free: 0 }).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        await AddAsync(operations, [.. changed.Where(pair => pair.Value.DayKey == 0)], (id, delta) => new ReleaseCount { Id = id, MonthKey = delta.MonthKey, GroupBy = delta.GroupBy, Group = delta.Group }, cancellation);
        await AddAsync(operations, [.. changed.Where(pair => pair.Value.DayKey != 0)], (id, delta) => new ReleaseDayCount { Id = id, DayKey = delta.DayKey, GroupBy = delta.GroupBy, Group = delta.Group }, cancellation);
    }

    /// <summary>Adds each delta to its counter, a new one where none is stored yet.</summary>
    private static async Task AddAsync<TCounter>(
        IDocumentOperations operations, IReadOnlyList<KeyValuePair<string, CounterDelta>> deltas, Func<string, CounterDelta, TCounter> create, CancellationToken cancellation)
        where TCounter : class, IReleaseCounter
    {
        var counters = (await operations.LoadManyAsync<TCounter>(cancellation, deltas.Select(pair => pair.Key))).ToDictionary(c => c.Id);
        foreach (var (id, delta) in deltas)
        {
            var counter = counters.GetValueOrDefault(id) ?? create(id, delta);
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
        var dayKey = ReleaseDayCount.DayKeyOf(details.ReleasedOn);
        var open = details.Access.OpenWeights ? sign : 0;
        var free = details.Access.FreeAccess == FreeAccess.Yes ? sign : 0;
        var groups = details.OriginCountries.Select(country => ("country", country))
            .Concat(details.OriginCountries.Select(origin => Origins.BlocOf(countries, origin)).Distinct().Select(bloc => ("bloc", bloc)));
        foreach (var (groupBy, group) in groups)
        {
            foreach (var (id, day) in new[] { ($"{details.ReleasedOn:yyyy-MM}/{groupBy}:{group}", 0), ($"{details.ReleasedOn:yyyy-MM-dd}/{groupBy}:{group}", dayKey) })
            {
                var delta = deltas.GetValueOrDefault(id, new CounterDelta(monthKey, day, groupBy, group, 0, 0, 0));
                deltas[id] = delta with { Releases = delta.Releases + sign, Open = delta.Open + open, Free = delta.Free + free };
            }
        }
    }
}

/// <summary>How one counter changes in a transaction: a month's (<paramref name="DayKey"/> 0) or a day's.</summary>
internal readonly record struct CounterDelta(int MonthKey, int DayKey, string GroupBy, string Group, int Releases, int Open, int Free);
