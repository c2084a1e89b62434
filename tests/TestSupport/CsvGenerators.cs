using CsCheck;

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
}
