using Intelligence.Gateway.Observability;
using Microsoft.Extensions.Caching.Memory;

namespace Intelligence.Gateway.Composition;

/// <summary>
/// A service's answer as the gateway last read it, under the tag the service gave it, and as it was read
/// (a path is always read as one type; the value is shared by the answers composed from it and never changed).
/// </summary>
public sealed record CachedPart(string ETag, byte[] Body, object Value);

/// <summary>A composed answer as the gateway wrote it, its tag, and the service answers it was built from (each under its tag).</summary>
public sealed record KeptAnswer(string ETag, byte[] Body, IReadOnlyList<PartRead> Parts);

/// <summary>
/// The parts of composed answers, by service and path, each under the tag the service gave it (the services tag the
/// reads the gateway composes with the version of their data, <c>Platform.Http.DataVersion</c>; releases tags a model
/// card with its stream's version). A part asked again is asked conditionally; the service answers 304 without running
/// the read when its data has not changed, and the part comes from here. Bounded in bytes (<c>Composition:PartCacheMegabytes</c>, default 64); a part unused for ten
/// minutes leaves. Any instance of a service may answer: they share one database, so one tag. The composed answers
/// built from tagged parts are kept here too, in the same budget (<see cref="KeptAnswers"/>).
/// </summary>
public sealed class PartCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _parts;

    public PartCache(CompositionSettings settings) =>
        _parts = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.PartCacheBytes, CompactionPercentage = 0.25 });

    public CachedPart? Find(string service, string pathAndQuery) =>
        _parts.TryGetValue(Key(service, pathAndQuery), out CachedPart? part) ? part : null;

    public void Keep(string service, string pathAndQuery, CachedPart part)
    {
        using var entry = _parts.CreateEntry(Key(service, pathAndQuery));
        entry.Value = part;
        entry.Size = (2L * part.Body.Length) + pathAndQuery.Length; // the value read takes about as much again
        Expire(entry, [part.ETag]);
    }

    /// <summary>A composed answer kept under <paramref name="key"/> (its path, query and day), with the parts it was built from.</summary>
    public KeptAnswer? FindAnswer(string key) =>
        _parts.TryGetValue(AnswerKey(key), out KeptAnswer? answer) ? answer : null;

    public void KeepAnswer(string key, KeptAnswer answer)
    {
        using var entry = _parts.CreateEntry(AnswerKey(key));
        entry.Value = answer;
        entry.Size = answer.Body.Length + key.Length + answer.Parts.Sum(part => part.PathAndQuery.Length + (part.ETag?.Length ?? 0));
        Expire(entry, answer.Parts.Select(part => part.ETag));
    }

    /// <summary>
    /// Unused for ten minutes, an entry leaves. A strong tag (a stream's version: the dossier's model card) says nothing
    /// of the service's build, unlike a data-version tag, so what rests on one leaves ten minutes after it was read
    /// however often it is used: a deploy that changes how the service writes it shows within that time.
    /// </summary>
    private static void Expire(ICacheEntry entry, IEnumerable<string?> tags)
    {
        entry.SlidingExpiration = Lifetime;
        if (tags.Any(tag => tag is not null && !tag.StartsWith("W/", StringComparison.Ordinal)))
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
        }
    }

    /// <summary>Counts how a part was read: <c>revalidated</c> (304, from here), <c>changed</c> (tagged and read again), <c>untagged</c>.</summary>
    public static void Count(string service, string outcome) => GatewayMetrics.PartCache.WithLabels(service, outcome).Inc();

    public void Dispose() => _parts.Dispose();

    private static string Key(string service, string pathAndQuery) => $"{service} {pathAndQuery}";

    private static string AnswerKey(string key) => $"answer {key}";
}
