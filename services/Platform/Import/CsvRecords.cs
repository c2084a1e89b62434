using System.Runtime.CompilerServices;
using System.Text;

namespace Intelligence.Platform.Import;

/// <summary>One record of a CSV file: its fields by column, or why it could not be read.</summary>
public sealed class CsvRecord
{
    private readonly IReadOnlyDictionary<string, int> _columns;
    private readonly IReadOnlyList<string> _fields;

    internal CsvRecord(int line, IReadOnlyDictionary<string, int> columns, IReadOnlyList<string> fields, string? error)
    {
        Line = line;
        _columns = columns;
        _fields = fields;
        Error = error;
    }

    /// <summary>The file line the record starts on (the header is line 1).</summary>
    public int Line { get; }

    /// <summary>Why the record is unreadable (broken quoting, wrong number of fields); null when it is fine.</summary>
    public string? Error { get; }

    /// <summary>The trimmed value of a column, or an empty string where the column is absent.</summary>
    public string this[string column] =>
        _columns.TryGetValue(column, out var index) && index < _fields.Count ? _fields[index].Trim() : string.Empty;
}

/// <summary>
/// A streaming RFC 4180 reader for the bulk-import files: a header line, comma-separated fields, double quotes
/// around fields that hold commas, quotes (doubled) or line breaks. One bad record never stops the file: it is
/// returned with an <see cref="CsvRecord.Error"/> and reading goes on with the next line.
/// </summary>
public static class CsvRecords
{
    /// <summary>A record longer than this is taken for an unterminated quote, not for data.</summary>
    public const int MaxRecordLength = 64 * 1024;

    public static async IAsyncEnumerable<CsvRecord> ReadAsync(
        TextReader reader, IReadOnlyCollection<string> requiredColumns, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var headerLine = await reader.ReadLineAsync(cancellationToken)
            ?? throw new CsvFormatException("The file is empty: it needs a header line.");
        var (header, headerError) = Split(headerLine.TrimStart('\uFEFF'));
        if (headerError is not null)
        {
            throw new CsvFormatException($"The header line cannot be read: {headerError}.");
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            columns.TryAdd(header[i].Trim(), i);
        }

        var missing = requiredColumns.Where(column => !columns.ContainsKey(column)).ToList();
        if (missing.Count > 0)
        {
            throw new CsvFormatException($"The header lacks the column(s) {string.Join(", ", missing)}.");
        }

        var line = 1;
        var record = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            var startLine = line;
            record.Clear().Append(text);
            string? tooLong = null;
            while (QuotesOpen(record) && tooLong is null)
            {
                if (record.Length > MaxRecordLength)
                {
                    tooLong = $"the record is longer than {MaxRecordLength} characters; a quote is probably not closed";
                    break;
                }

                var next = await reader.ReadLineAsync(cancellationToken);
                if (next is null)
                {
                    break;
                }

                line++;
                record.Append('\n').Append(next);
            }

            if (record.Length == 0 || string.IsNullOrWhiteSpace(record.ToString()))
            {
                continue;
            }

            var (fields, error) = tooLong is null ? Split(record.ToString()) : ([], tooLong);
            if (error is null && fields.Count != header.Count)
            {
                error = $"expected {header.Count} fields as in the header, found {fields.Count}";
            }

            // PostgreSQL cannot store a NUL in the jsonb of an event, and no column means one.
            if (error is null && fields.Exists(field => field.Contains('\0', StringComparison.Ordinal)))
            {
                error = "a field holds a NUL character (U+0000)";
            }

            yield return new CsvRecord(startLine, columns, fields, error);
        }
    }

    /// <summary>
    /// Whether the record ends inside a quoted field, so the next line belongs to it. Only a quote that opens a
    /// field counts: a stray quote inside an unquoted field must not swallow the lines after it.
    /// </summary>
    private static bool QuotesOpen(StringBuilder record)
    {
        var inQuotes = false;
        var atFieldStart = true;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < record.Length && record[i + 1] == '"')
                    {
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }

                continue;
            }

            inQuotes = c == '"' && atFieldStart;
            atFieldStart = c == ',';
        }

        return inQuotes;
    }

    /// <summary>Splits one logical record into fields, or says why its quoting is broken.</summary>
    internal static (List<string> Fields, string? Error) Split(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < record.Length && record[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= record.Length)
                    {
                        return (fields, "a quoted field is not closed");
                    }

                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(record[i++]);
                }

                if (i < record.Length && record[i] != ',')
                {
                    return (fields, $"unexpected text after a closing quote in field {fields.Count + 1}");
                }
            }
            else
            {
                while (i < record.Length && record[i] != ',')
                {
                    if (record[i] == '"')
                    {
                        return (fields, $"a quote inside the unquoted field {fields.Count + 1}");
                    }

                    field.Append(record[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= record.Length)
            {
                return (fields, null);
            }

            i++; // the comma
        }
    }
}

/// <summary>The file as a whole cannot be imported (no header, missing columns).</summary>
public sealed class CsvFormatException(string message) : Exception(message);
