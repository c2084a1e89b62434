using Intelligence.Platform.Import;

namespace Intelligence.Platform.Tests;

/// <summary>An import's notes: every one counted, the first of each kind by line listed, memory bounded whatever the file holds.</summary>
public sealed class ImportTallyTests
{
    [Fact]
    public void The_first_notes_by_line_are_listed_whatever_order_they_come_in_and_every_note_is_counted()
    {
        var tally = new ImportTally("test", listedNotesPerKind: 3);
        foreach (var line in new[] { 9, 4, 7, 2, 8, 2, 5 })
        {
            tally.Reject(line, $"bad {line}");
        }

        tally.Committed(accepted: 1, corrected: 0, unchanged: 0, [new RowNote(1, "late from a batch"), new RowNote(20, "after")]);
        tally.Normalised(3, "read as x");

        var report = tally.ToReport();

        // A line's notes stay in the order they came (the two notes of line 2).
        Assert.Equal([new RowNote(1, "late from a batch"), new RowNote(2, "bad 2"), new RowNote(2, "bad 2")], report.Rejected);
        Assert.Equal(new NoteTotals(Rejected: 9, Normalised: 1, ListedEach: 3), report.Totals);
        Assert.Equal([new RowNote(3, "read as x")], report.Normalised);
    }

    [Fact]
    public void None_listed_still_counts_every_note()
    {
        var notes = new RowNotes(0);
        notes.AddRange([new RowNote(2, "a"), new RowNote(3, "b")]);

        Assert.Equal(2, notes.Count);
        Assert.Empty(notes.Listed());
    }

    [Fact]
    public void A_catalog_sync_lists_the_first_skipped_entries_by_entry_and_counts_them_all()
    {
        var tally = new Intelligence.Platform.Catalogs.CatalogSyncTally("test", new Intelligence.Contracts.CatalogProvenance("test-catalog", "v1", DateTimeOffset.UnixEpoch, "upload"), listedNotesPerKind: 3);
        foreach (var entry in Enumerable.Range(0, 10_000).Select(i => $"provider/model-{(i * 7_919) % 10_000:00000}"))
        {
            tally.Skip(entry, "no price");
        }

        tally.Note("provider/b", "same as provider/a");
        var report = tally.ToReport();

        Assert.Equal(["provider/model-00000", "provider/model-00001", "provider/model-00002"], report.Skipped.Select(note => note.Entry));
        Assert.Equal(new Intelligence.Platform.Catalogs.CatalogNoteTotals(10_000, 1, 3), report.Totals);
        Assert.Single(report.Notes);
    }
}

/// <summary>
/// Reads the process's heap, so it runs alone: a test allocating beside it on another thread (the CSV property tests
/// build streams of megabytes) would be counted as held by the notes.
/// </summary>
[Collection(HeapMeasurement.Name)]
public sealed class ImportNotesMemoryTests
{
    [Fact]
    public void Five_million_notes_hold_the_memory_of_the_first_thousand()
    {
        // The bound is far below what five million kept notes take (about 400 MB).
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var notes = new RowNotes(1_000);
        for (var line = 2; line < 5_000_002; line++)
        {
            notes.Add(new RowNote(line, $"line {line}: expected 15 fields, found 1"));
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.Equal(5_000_000, notes.Count);
        Assert.Equal(1_000, notes.Listed().Count);
        Assert.InRange(held, long.MinValue, 32L * 1024 * 1024);
        GC.KeepAlive(notes);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurement
{
    public const string Name = "heap measurement, alone";
}
