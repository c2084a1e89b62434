using System.Diagnostics;
using Intelligence.Contracts;
using Intelligence.Platform.Import;
using Intelligence.Platform.Metrics;
using Prometheus;

namespace Intelligence.Platform.Catalogs;

/// <summary>Counts a sync as it goes (batches only once they commit) and gives its report and metrics.</summary>
/// <param name="listedNotesPerKind">How many skipped entries and notes the report lists (<see cref="ImportOptions.ListedNotesPerKind"/>).</param>
public sealed class CatalogSyncTally(string service, CatalogProvenance provenance, int listedNotesPerKind)
{
    private static readonly IComparer<CatalogNote> ByEntry = Comparer<CatalogNote>.Create((a, b) => string.CompareOrdinal(a.Entry, b.Entry));

    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly FirstNotes<CatalogNote> _skipped = new(listedNotesPerKind, ByEntry);
    private readonly FirstNotes<CatalogNote> _notes = new(listedNotesPerKind, ByEntry);
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
            _skipped.Listed(), _notes.Listed(), [.. _unmapped], Math.Round(_elapsed.Elapsed.TotalSeconds, 3),
            new CatalogNoteTotals(_skipped.Count, _notes.Count, listedNotesPerKind));
    }
}
