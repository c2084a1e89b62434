using System.Diagnostics;
using Intelligence.Contracts;
using Intelligence.Platform.Metrics;
using Prometheus;

namespace Intelligence.Platform.Catalogs;

/// <summary>Counts a sync as it goes (batches only once they commit) and gives its report and metrics.</summary>
public sealed class CatalogSyncTally(string service, CatalogProvenance provenance)
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly List<CatalogNote> _skipped = [];
    private readonly List<CatalogNote> _notes = [];
    private readonly SortedSet<string> _unmapped = new(StringComparer.Ordinal);
    private int _added;
    private int _changed;
    private int _unchanged;
    private int _delisted;
    private int _sideBySide;
    private int _sameAsAnother;
    private int _events;

    public int Providers { get; set; }

    public int Entries { get; set; }

    public void Skip(string entry, string reason) => _skipped.Add(new CatalogNote(entry, reason));

    public void Note(string entry, string note) => _notes.Add(new CatalogNote(entry, note));

    public void Unmapped(string provider) => _unmapped.Add(provider);

    /// <summary>An entry that states the same fact as an earlier one (a model another provider lists too), with a note naming it.</summary>
    public void SameAsAnother(string entry, string note)
    {
        _sameAsAnother++;
        _notes.Add(new CatalogNote(entry, note));
    }

    /// <summary>Adds a committed batch's outcomes.</summary>
    public void Committed(int added, int changed, int unchanged, int delisted, int sideBySide, int events)
    {
        _added += added;
        _changed += changed;
        _unchanged += unchanged;
        _delisted += delisted;
        _sideBySide += sideBySide;
        _events += events;
    }

    public CatalogSyncReport ToReport()
    {
        var catalog = provenance.Catalog;
        PlatformMetrics.CatalogSyncs.WithLabels(service, catalog, "synced").Inc();
        foreach (var (outcome, count) in new[] { ("added", _added), ("changed", _changed), ("unchanged", _unchanged), ("delisted", _delisted), ("side-by-side", _sideBySide), ("same-as-another", _sameAsAnother), ("skipped", _skipped.Count) })
        {
            PlatformMetrics.CatalogSyncEntries.WithLabels(service, catalog, outcome).Inc(count);
        }

        PlatformMetrics.CatalogLastSync.WithLabels(service, catalog).SetToCurrentTimeUtc();
        PlatformMetrics.CatalogUnmappedProviders.WithLabels(service, catalog).Set(_unmapped.Count);
        PlatformMetrics.CatalogSyncDuration.WithLabels(service, catalog).Observe(_elapsed.Elapsed.TotalSeconds);
        return new CatalogSyncReport(
            catalog, provenance.Version, provenance.ReadAt, Providers, Entries, _added, _changed, _unchanged, _delisted, _sideBySide, _sameAsAnother, _events,
            [.. _skipped.OrderBy(note => note.Entry, StringComparer.Ordinal)], [.. _notes.OrderBy(note => note.Entry, StringComparer.Ordinal)], [.. _unmapped],
            Math.Round(_elapsed.Elapsed.TotalSeconds, 3));
    }
}
