using Intelligence.Platform.Metrics;

namespace Intelligence.Platform.Import;

/// <summary>A row the importer refused or had to normalise, by its line in the file.</summary>
public sealed record RowNote(int Line, string Reason);

/// <summary>
/// What a bulk import did, row by row: new facts accepted, facts corrected, rows that changed nothing (a
/// re-import of the same file is all unchanged), and the rows rejected with their reasons.
/// </summary>
public sealed record ImportReport(
    int Rows, int Accepted, int Corrected, int Unchanged, IReadOnlyList<RowNote> Rejected, IReadOnlyList<RowNote> Normalised);

/// <summary>Counts an import as it goes; batches are counted only once they commit.</summary>
public sealed class ImportTally(string service)
{
    private readonly List<RowNote> _rejected = [];
    private readonly List<RowNote> _normalised = [];
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
        return new ImportReport(_rows, _accepted, _corrected, _unchanged, [.. _rejected.OrderBy(r => r.Line)], [.. _normalised.OrderBy(r => r.Line)]);
    }
}
