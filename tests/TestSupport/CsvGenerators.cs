using System.Diagnostics;
using System.Text;
using CsCheck;
using Intelligence.Platform.Import;

namespace Intelligence.TestSupport;

/// <summary>Generated CSV for the importers' properties: rows from one generator per column, written as RFC 4180.</summary>
public static class CsvGenerators
{
    /// <summary>A row with one value from each column's generator.</summary>
    public static Gen<string[]> Fields(Gen<string>[] columns) =>
        columns.Aggregate(Gen.Const(Array.Empty<string>()), (row, column) => Gen.Select(row, column, (fields, field) => (string[])[.. fields, field]));

    /// <summary>RFC 4180: a field is quoted when it must be (or always, when asked), its quotes doubled.</summary>
    public static string Csv(IEnumerable<string> fields, bool quoteAll) => string.Join(',', fields.Select(field =>
        quoteAll || field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field));

    /// <summary>Files of a header and 1 to 12 of <paramref name="rows"/>, with either line ending.</summary>
    public static Gen<string> Files(IEnumerable<string> header, Gen<string> rows) =>
        Gen.Select(rows.Array[1, 12], Gen.OneOf("\n", "\r\n"), (lines, newline) => string.Join(newline, [Csv(header, quoteAll: false), .. lines]));

    /// <summary>
    /// Reads <paramref name="count"/> generated files as the import endpoint reads its body (UTF-8 bytes through a
    /// StreamReader, so a lone surrogate arrives as U+FFFD) and hands every record to <paramref name="read"/>: each row
    /// is either a rejection with a reason, or a row that <paramref name="check"/> holds to the importer's rules. Both
    /// outcomes must occur; the tally goes to <see cref="PropertyLedger"/> under <paramref name="service"/>.
    /// </summary>
    public static async Task CheckRowsAsync<TRow>(
        string service,
        Gen<string> files,
        long count,
        IReadOnlyCollection<string> requiredColumns,
        Func<CsvRecord, (TRow? Row, string? Rejection)> read,
        Action<CsvRecord, TRow> check)
        where TRow : class
    {
        long rows = 0, rejected = 0;
        var clock = Stopwatch.StartNew();
        await files.SampleAsync(
            async file =>
            {
                using var reader = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(file)));
                await foreach (var record in CsvRecords.ReadAsync(reader, requiredColumns))
                {
                    rows++;
                    var (row, rejection) = read(record);
                    if (row is null)
                    {
                        rejected++;
                        Xunit.Assert.False(string.IsNullOrWhiteSpace(rejection));
                        continue;
                    }

                    Xunit.Assert.Null(rejection);
                    check(record, row);
                }
            },
            iter: count,
            threads: 1);

        // Both outcomes were exercised: the generators make readable rows as well as broken ones.
        Xunit.Assert.InRange(rejected, 1, rows - 1);
        PropertyLedger.Add(service, rows, rejected, clock.Elapsed);
    }
}
