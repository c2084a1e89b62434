using System.ComponentModel.DataAnnotations;
using Intelligence.Platform.Metrics;

namespace Intelligence.Platform.Import;

/// <summary>A row the importer refused or had to normalise, by its line in the file.</summary>
public sealed record RowNote(int Line, string Reason);

/// <summary>How many notes of each kind an import made, every one counted, and how many of each its report lists.</summary>
/// <param name="ListedEach">The report lists the first this many notes of each kind, by line.</param>
public sealed record NoteTotals(int Rejected, int Normalised, int ListedEach);

/// <summary>
/// What a bulk import did, row by row: new facts accepted, facts corrected, rows that changed nothing (a
/// re-import of the same file is all unchanged), and the rows rejected with their reasons. A file of millions of bad
/// rows must not cost a note each in memory or in the answer: the lists hold the first notes by line, the totals
/// count them all.
/// </summary>
public sealed record ImportReport(
    int Rows, int Accepted, int Corrected, int Unchanged, IReadOnlyList<RowNote> Rejected, IReadOnlyList<RowNote> Normalised, NoteTotals Totals);

/// <summary>Settings of every service's bulk imports (section <c>Import</c>), validated at start.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>How many notes of each kind (rejected, normalised, …) a report lists, the first by line; every note is still counted.</summary>
    [Range(0, 100_000)]
    public int ListedNotesPerKind { get; init; } = 1_000;
}

/// <summary>
/// The notes of one kind a report makes: every one counted, the first <paramref name="listed"/> in the report's
/// order kept (notes that tie keep the order they came in). Memory stays bounded whatever the input holds.
/// </summary>
public class FirstNotes<TNote>(int listed, IComparer<TNote> order)
{
    // The kept note that comes last on top, so that an earlier one can take its place.
    private readonly PriorityQueue<TNote, (TNote Note, int Arrival)> _first = new(Comparer<(TNote Note, int Arrival)>.Create((a, b) => Compare(order, b, a)));

    public int Count { get; private set; }

    public void Add(TNote note)
    {
        var position = (note, Count++);
        if (_first.Count < listed)
        {
            _first.Enqueue(note, position);
        }
        else if (listed > 0 && _first.TryPeek(out _, out var last) && Compare(order, position, last) < 0)
        {
            _first.DequeueEnqueue(note, position);
        }
    }

    public void AddRange(IEnumerable<TNote> notes)
    {
        foreach (var note in notes)
        {
            Add(note);
        }
    }

    /// <summary>The notes kept, in the report's order.</summary>
    public IReadOnlyList<TNote> Listed() =>
        [.. _first.UnorderedItems.OrderBy(kept => kept.Priority, Comparer<(TNote Note, int Arrival)>.Create((a, b) => Compare(order, a, b))).Select(kept => kept.Element)];

    private static int Compare(IComparer<TNote> order, (TNote Note, int Arrival) a, (TNote Note, int Arrival) b) =>
        order.Compare(a.Note, b.Note) is var byOrder and not 0 ? byOrder : a.Arrival.CompareTo(b.Arrival);
}

/// <summary>An import's notes of one kind, the first by line listed (a line's notes in the order they came).</summary>
public sealed class RowNotes(int listed) : FirstNotes<RowNote>(listed, Comparer<RowNote>.Create((a, b) => a.Line.CompareTo(b.Line)));

/// <summary>Counts an import as it goes; batches are counted only once they commit.</summary>
public sealed class ImportTally(string service, int listedNotesPerKind)
{
    private readonly RowNotes _rejected = new(listedNotesPerKind);
    private readonly RowNotes _normalised = new(listedNotesPerKind);
    private int _rows;
    private int _accepted;
    private int _corrected;
    private int _unchanged;

    public void Row() => _rows++;

    public void Reject(int line, string reason) => _rejected.Add(new RowNote(line, reason));

    public void Normalised(int line, string note) => _normalised.Add(new RowNote(line, note));

    /// <summary>Adds a committed batch's outcomes.</summary>
    public void Committed(int accepted, int corrected, int unchanged, IEnumerable<RowNote> rejected)
    {
        _accepted += accepted;
        _corrected += corrected;
        _unchanged += unchanged;
        _rejected.AddRange(rejected);
    }

    public ImportReport ToReport()
    {
        PlatformMetrics.ImportRows.WithLabels(service, "accepted").Inc(_accepted);
        PlatformMetrics.ImportRows.WithLabels(service, "corrected").Inc(_corrected);
        PlatformMetrics.ImportRows.WithLabels(service, "unchanged").Inc(_unchanged);
        PlatformMetrics.ImportRows.WithLabels(service, "rejected").Inc(_rejected.Count);
        return new ImportReport(
            _rows, _accepted, _corrected, _unchanged, _rejected.Listed(), _normalised.Listed(), new NoteTotals(_rejected.Count, _normalised.Count, listedNotesPerKind));
    }
}
