using System.Collections.Concurrent;

namespace Intelligence.Gateway.Composition;

/// <summary>A service answer one composed answer was built from: where it was read, and the data-version tag it came under (null when untagged).</summary>
public sealed record PartRead(string Service, string PathAndQuery, string? ETag);

/// <summary>
/// The service answers read while one composed answer is built, as its parts run in parallel. The
/// <see cref="ServiceClient"/> notes each one here; <see cref="KeptAnswers"/> keeps the answer under them when every
/// one was tagged.
/// </summary>
public sealed class PartReads
{
    private static readonly AsyncLocal<PartReads?> Current = new();

    private readonly ConcurrentQueue<PartRead> _reads = new();

    /// <summary>Starts noting the reads of the answer being built in this async flow (and the parts it starts).</summary>
    public static PartReads Begin() => Current.Value = new PartReads();

    /// <summary>Notes a read, when an answer is being built.</summary>
    public static void Note(string service, string pathAndQuery, string? etag) => Current.Value?._reads.Enqueue(new PartRead(service, pathAndQuery, etag));

    /// <summary>The reads noted, each path once; empty when one of them was untagged (the answer cannot be revalidated).</summary>
    public IReadOnlyList<PartRead> Tagged()
    {
        var reads = _reads.ToArray();
        return reads.Length == 0 || reads.Any(read => read.ETag is null)
            ? []
            : [.. reads.DistinctBy(read => (read.Service, read.PathAndQuery)).OrderBy(read => read.Service, StringComparer.Ordinal).ThenBy(read => read.PathAndQuery, StringComparer.Ordinal)];
    }
}
