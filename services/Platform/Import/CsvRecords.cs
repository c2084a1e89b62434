using System.Reflection;
using System.Runtime.CompilerServices;
using CsvHelper;
using LibraryFormatException = CsvHelper.CsvFormatException;

namespace Intelligence.Platform.Import;

/// <summary>One record of a CSV file: its fields by column, or why it could not be read.</summary>
public sealed class CsvRecord
{
    private readonly IReadOnlyDictionary<string, int> _columns;

    internal CsvRecord(int line, IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields, string? error)
    {
        Line = line;
        _columns = columns;
        Fields = fields;
        Error = error;
    }

    /// <summary>The file line the record starts on (the header is line 1).</summary>
    public int Line { get; }

    /// <summary>Why the record is unreadable (broken quoting, wrong number of fields); null when it is fine.</summary>
    public string? Error { get; }

    /// <summary>The fields in file order, untrimmed; empty for a record whose quoting is broken.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The trimmed value of a column, or an empty string where the column is absent.</summary>
    public string this[string column] =>
        _columns.TryGetValue(column, out var index) && index < Fields.Count ? Fields[index].Trim() : string.Empty;
}

/// <summary>
/// The bulk-import files as records, read by CsvHelper (RFC 4180: a header line, comma-separated fields, double
/// quotes around fields that hold commas, doubled quotes or line breaks). What this adds is the import's contract:
/// one bad record never stops the file, it comes back with an <see cref="CsvRecord.Error"/> and the line it starts
/// on, in file order among the good ones; only a file without a usable header is refused whole.
/// </summary>
public static class CsvRecords
{
    /// <summary>
    /// A record longer than this is taken for an unclosed quote, not for data: reading stops there (the record is
    /// reported), so one stray quote costs a bounded buffer, not the whole file in memory.
    /// </summary>
    public const int MaxRecordBytes = 64 * 1024;

    /// <summary>Reads UTF-8 (or BOM-marked UTF-16) bytes, such as a request body, without decoding them to text first.</summary>
    public static IAsyncEnumerable<CsvRecord> ReadAsync(Stream utf8, IReadOnlyCollection<string> requiredColumns, CancellationToken cancellationToken = default) =>
        ReadAsync(options => CsvReader.Create(utf8, options, leaveOpen: true), requiredColumns, cancellationToken);

    public static IAsyncEnumerable<CsvRecord> ReadAsync(TextReader text, IReadOnlyCollection<string> requiredColumns, CancellationToken cancellationToken = default) =>
        ReadAsync(options => CsvReader.Create(text, options, leaveOpen: true), requiredColumns, cancellationToken);

    /// <summary>Reads a table shipped inside an assembly; a broken shipped table is a build defect, so it throws.</summary>
    public static IReadOnlyList<CsvRecord> ReadEmbedded(Assembly assembly, string name, IReadOnlyCollection<string> requiredColumns)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in {assembly.GetName().Name}.");
        var records = ReadAsync(stream, requiredColumns).ToBlockingEnumerable().ToList();
        return records.Find(record => record.Error is not null) is { } broken
            ? throw new InvalidOperationException($"{name}, line {broken.Line}: {broken.Error}")
            : records;
    }

    private static async IAsyncEnumerable<CsvRecord> ReadAsync(
        Func<CsvReaderOptions, CsvReader> open, IReadOnlyCollection<string> requiredColumns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The records the reader skips for their quoting are reported through this queue, as it reads.
        var malformed = new Queue<CsvMalformedRecord>();
        using var reader = open(new CsvReaderOptions
        {
            Separator = ',',
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = malformed.Enqueue,
        });
        var columns = await ReadHeaderAsync(reader, malformed, requiredColumns, cancellationToken);
        while (true)
        {
            bool more;
            LibraryFormatException? unreadable = null;
            try
            {
                more = await reader.ReadAsync(cancellationToken);
            }
            catch (LibraryFormatException exception)
            {
                more = false;
                unreadable = exception;
            }

            // The records the reader skipped came before the one it returns: they are yielded first, in file order.
            while (malformed.TryDequeue(out var broken))
            {
                yield return new CsvRecord(Line(broken.LineNumber), columns, [], Describe(broken.Reason));
            }

            if (unreadable is not null)
            {
                yield return new CsvRecord(
                    Line(unreadable.LineNumber),
                    columns,
                    [],
                    $"the record cannot be read ({unreadable.Message.TrimEnd('.')}); a record over {MaxRecordBytes / 1024} KiB is most likely a quote that is not closed, and the lines after it were not read");
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            var fields = reader.Current.ToArray();
            if (fields is [var only] && string.IsNullOrWhiteSpace(only) && reader.Headers.Count > 1)
            {
                continue; // a line of spaces is a blank line, not a record of one field
            }

            var error = fields.Length != reader.Headers.Count
                ? $"expected {reader.Headers.Count} fields as in the header, found {fields.Length}"
                : Array.Exists(fields, field => field.Contains('\0', StringComparison.Ordinal))
                    // PostgreSQL cannot store a NUL in the jsonb of an event, and no column means one.
                    ? "a field holds a NUL character (U+0000)"
                    : null;
            yield return new CsvRecord(Line(reader.LineNumber), columns, fields, error);
        }
    }

    private static async Task<Dictionary<string, int>> ReadHeaderAsync(
        CsvReader reader, Queue<CsvMalformedRecord> malformed, IReadOnlyCollection<string> requiredColumns, CancellationToken cancellationToken)
    {
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
        }
        catch (LibraryFormatException exception)
        {
            throw new CsvFormatException($"The header line cannot be read: {exception.Message}");
        }

        if (malformed.TryDequeue(out var broken))
        {
            throw new CsvFormatException($"The header line cannot be read: {Describe(broken.Reason)}.");
        }

        if (reader.Headers.Count == 0)
        {
            throw new CsvFormatException("The file is empty: it needs a header line.");
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.Headers.Count; i++)
        {
            columns.TryAdd(reader.Headers[i].Trim().TrimStart('\uFEFF'), i);
        }

        var missing = requiredColumns.Where(column => !columns.ContainsKey(column)).ToList();
        return missing.Count > 0
            ? throw new CsvFormatException($"The header lacks the column(s) {string.Join(", ", missing)}.")
            : columns;
    }

    private static int Line(long line) => checked((int)line);

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field (quote the whole field and double the quote)",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a quoted field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field is not closed",
        _ => $"the record is malformed ({reason})",
    };
}

/// <summary>The file as a whole cannot be imported (no header, missing columns).</summary>
public sealed class CsvFormatException(string message) : Exception(message);
