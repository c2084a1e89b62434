using System.Text;
using CsCheck;
using Intelligence.Platform.Import;

namespace Intelligence.Platform.Tests;

/// <summary>
/// Properties of the streaming CSV reader: whatever the bytes, only the documented file-level error escapes (and
/// only for the header); every record after a good header is returned, in line order, fine or with its error;
/// and any records written as RFC 4180 CSV read back as the same fields (or, holding a NUL, as a rejected record).
/// </summary>
public sealed class CsvRecordsProperties
{
    private const string Header = "a,b,c";

    /// <summary>Characters that break CSV: separators, quotes, every line ending, a BOM, NUL, a lone surrogate, letters.</summary>
    private static readonly Gen<char> Troublesome = Gen.Frequency(
        (6, Gen.Char[",\"\r\n"]),
        (2, Gen.Char["\uFEFF\0\uD800\uDC00 \té中"]),
        (4, Gen.Char["abz019"]),
        (1, Gen.Char));

    private static readonly Gen<string> Garbage = Gen.Frequency(
        (8, Troublesome.Array[0, 300].Select(chars => new string(chars))),
        (1, Gen.Int[CsvRecords.MaxRecordBytes - 10, CsvRecords.MaxRecordBytes + 10].Select(length => "\"" + new string('x', length))));

    private static async Task<List<CsvRecord>> ReadAsync(Stream bytes, params string[] required)
    {
        var records = new List<CsvRecord>();
        // The bytes as a request body holds them: the services read the stream, not decoded text.
        await foreach (var record in CsvRecords.ReadAsync(bytes, required))
        {
            records.Add(record);
        }

        return records;
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task After_a_good_header_any_text_reads_into_records_in_line_order_without_throwing()
    {
        await Garbage.SampleAsync(
            async body =>
            {
                var records = await ReadAsync(Utf8(Header + "\n" + body), "a", "c");

                var lines = records.Select(record => record.Line).ToList();
                Assert.All(lines, line => Assert.InRange(line, 2, 2 + body.Count(c => c is '\n' or '\r')));
                Assert.Equal(lines.Distinct().Order(), lines);
                Assert.All(records.Where(record => record.Error is not null), record => Assert.NotEmpty(record.Error!));
            },
            iter: 2000,
            threads: 1);
    }

    [Fact]
    public async Task Any_bytes_at_all_either_read_or_fail_with_the_documented_format_error()
    {
        // Raw bytes, invalid UTF-8 and UTF-16 byte order marks included, header and all.
        var bytes = Gen.Frequency(
            (3, Gen.Byte.Array[0, 200]),
            (1, Gen.Select(Gen.OneOf<byte[]>([0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xC3], [0xED, 0xA0, 0x80]), Garbage, (prefix, text) => (byte[])[.. prefix, .. Encoding.UTF8.GetBytes(text)])));

        await bytes.SampleAsync(
            async input =>
            {
                var exception = await Record.ExceptionAsync(() => ReadAsync(new MemoryStream(input), "a"));

                Assert.True(exception is null or CsvFormatException, exception?.ToString());
            },
            iter: 2000,
            threads: 1);
    }

    /// <summary>Field text that needs quoting (commas, quotes, line breaks) as often as not, odd characters included.</summary>
    private static readonly Gen<string> FieldText = Gen.Frequency(
        (6, Gen.Char["ab ,\"\r\n\té中\0"].Array[0, 12].Select(chars => new string(chars))),
        (1, Gen.OneOf("🤖", "e\u0301", "\uFEFFx", "\"\"\"")),
        (1, Gen.Int[0, 3_000].Select(length => new string('y', length))));

    [Fact]
    public async Task Records_written_as_rfc_4180_csv_read_back_as_the_same_fields()
    {
        var files = Gen.Int[2, 6].SelectMany(columns => Gen.Select(
            FieldText.Array[columns].Array[0, 15], Gen.Bool, Gen.OneOf("\n", "\r\n"), (rows, quoteAll, newline) => (Columns: columns, Rows: rows, QuoteAll: quoteAll, NewLine: newline)));

        await files.SampleAsync(
            async file =>
            {
                var names = Enumerable.Range(0, file.Columns).Select(i => $"c{i}").ToArray();
                var text = string.Join(file.NewLine, [string.Join(',', names), .. file.Rows.Select(row => Csv(row, file.QuoteAll))]);

                var records = await ReadAsync(Utf8(text), names);

                // The reader hands back trimmed values, line breaks inside quoted fields as they were written.
                static string AsRead(string field) => field.Trim();
                var expected = file.Rows.Where(row => !string.IsNullOrWhiteSpace(Csv(row, file.QuoteAll))).ToList();
                Assert.Equal(expected.Count, records.Count);
                foreach (var (row, record) in expected.Zip(records))
                {
                    // A NUL cannot be stored (PostgreSQL refuses it in text): the reader rejects its record, naming why.
                    if (row.Any(field => field.Contains('\0', StringComparison.Ordinal)))
                    {
                        Assert.Contains("NUL", record.Error, StringComparison.Ordinal);
                        continue;
                    }

                    Assert.Null(record.Error);
                    Assert.Equal(row.Select(AsRead), names.Select(name => record[name]));
                }
            },
            iter: 2000,
            threads: 1);
    }

    private static string Csv(IEnumerable<string> fields, bool quoteAll) => string.Join(',', fields.Select(field =>
        quoteAll || field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field));
}
