using Intelligence.Releases.Domain;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Releases.Projections;

/// <summary>How one model counts in the statistics.</summary>
public sealed record CountedModel(bool OpenWeights, bool FreeAccess);

/// <summary>
/// The models released in one month from one origin country, with what the share statistics need. Statistics
/// queries read these buckets (a few per month) instead of every model. Models are held by id, so applying the
/// same change twice, or moving a model between buckets on a correction, keeps the counts exact.
/// </summary>
public sealed class ReleaseBucket
{
    public string Id { get; set; } = string.Empty;

    /// <summary>yyyy-MM.</summary>
    public string Month { get; set; } = string.Empty;

    /// <summary>yyyyMM as a number, for range queries.</summary>
    public int MonthKey { get; set; }

    public string Country { get; set; } = string.Empty;

    public Dictionary<string, CountedModel> Models { get; set; } = [];

    public static string IdFor(string month, string country) => $"{month}/{country}";

    public static string MonthOf(DateOnly date) => date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static int MonthKeyOf(DateOnly date) => (date.Year * 100) + date.Month;
}

/// <summary>
/// The state of a model as the statistics last counted it. The projection keeps its own copy rather than reading
/// <see cref="CatalogEntry"/>, whose inline update may already be visible in the same transaction.
/// </summary>
public sealed record CountedModelState(string Id, Model State);

/// <summary>
/// Keeps <see cref="ReleaseBucket"/>s in step with the models, inline with each write: for every model touched,
/// it takes the model out of the buckets its previous state counted it in, and puts it into those of its new state.
/// </summary>
public sealed class ReleaseStatsProjection : IProjection
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

        var changes = new List<(string ModelId, Model? Before, Model? After)>();
        foreach (var group in byModel)
        {
            var before = previous.GetValueOrDefault(group.Key);
            var after = group.Aggregate(before, (state, e) => ModelDecider.Evolve(state, (IModelEvent)e.Data));
            changes.Add((group.Key, before, after));
            if (after is not null)
            {
                operations.Store(new CountedModelState(group.Key, after));
            }
        }

        var touched = changes
            .SelectMany(change => BucketsOf(change.Before).Concat(BucketsOf(change.After)))
            .Distinct()
            .ToList();
        var buckets = (await operations.LoadManyAsync<ReleaseBucket>(cancellation, touched)).ToDictionary(bucket => bucket.Id);

        foreach (var (modelId, before, after) in changes)
        {
            foreach (var id in BucketsOf(before))
            {
                if (buckets.TryGetValue(id, out var counted))
                {
                    counted.Models.Remove(modelId);
                }
            }

            if (after is null)
            {
                continue;
            }

            var counts = new CountedModel(after.Details.Access.OpenWeights, after.Details.Access.FreeAccess == FreeAccess.Yes);
            var month = ReleaseBucket.MonthOf(after.Details.ReleasedOn);
            foreach (var country in after.Details.OriginCountries)
            {
                var id = ReleaseBucket.IdFor(month, country);
                if (!buckets.TryGetValue(id, out var bucket))
                {
                    buckets[id] = bucket = new ReleaseBucket { Id = id, Month = month, MonthKey = ReleaseBucket.MonthKeyOf(after.Details.ReleasedOn), Country = country };
                }

                bucket.Models[modelId] = counts;
            }
        }

        foreach (var bucket in buckets.Values)
        {
            operations.Store(bucket);
        }
    }

    private static IEnumerable<string> BucketsOf(Model? model) =>
        model is null
            ? []
            : model.Details.OriginCountries.Select(country => ReleaseBucket.IdFor(ReleaseBucket.MonthOf(model.Details.ReleasedOn), country));
}
