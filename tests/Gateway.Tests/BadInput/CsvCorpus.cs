using System.Text;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.BadInput;

/// <summary>
/// The bad files for one CSV import endpoint, made from the header and first row of the service's bundled reference
/// file: files that cannot be imported at all (<c>400</c>), files whose every row is refused (<c>422</c> with the
/// report), files sent as something other than CSV (<c>415</c>) or beyond the import limit (<c>413</c>).
/// </summary>
internal static class CsvCorpus
{
    /// <summary>The import limit is 64 MiB (<c>CsvImports.MaxBodyBytes</c>).</summary>
    public const int HugeFileBytes = (64 * 1024 * 1024) + 4096;

    private const string Csv = "text/csv";

    /// <summary>A file of rows too short to read, each a rejection: its report must count them all and list only the first.</summary>
    private const int TinyRows = 200_000;

    /// <summary>One file beyond the limit, shared by every import endpoint: it is large enough to allocate once.</summary>
    public static readonly Lazy<byte[]> HugeFile = new(() =>
    {
        var file = new byte[HugeFileBytes];
        Array.Fill(file, (byte)'a');
        for (var i = 80; i < file.Length; i += 81)
        {
            file[i] = (byte)'\n';
        }

        return file;
    });

    /// <summary>The reference file each service imports (data/*.csv), whose header is the import's columns.</summary>
    public static string ReferenceFileOf(string service) => service switch
    {
        "releases" => "releases.csv",
        "pricing" => "prices.csv",
        "regulation" => "regulations.csv",
        "adoption" => "adoption.csv",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "no reference file"),
    };

    public static IEnumerable<CorpusItem> For(string service, string path)
    {
        using var reference = new StreamReader(RepositoryFiles.PathOf("data/" + ReferenceFileOf(service)));
        var header = reference.ReadLine() ?? throw new InvalidOperationException("the reference file is empty");
        var row = reference.ReadLine() ?? throw new InvalidOperationException("the reference file has no rows");
        var columns = header.Split(',').Length;

        CorpusItem File(string kind, string detail, string text, int status, string? contentType = Csv) =>
            new(service, kind, detail, "POST", path, Encoding.UTF8.GetBytes(text), contentType, Status: status);

        // Files that cannot be imported at all.
        yield return File("csv-empty", "an empty file", string.Empty, 400);
        yield return File("csv-wrong-delimiter", "semicolons for commas", header.Replace(',', ';') + "\n" + row.Replace(',', ';') + "\n", 400);
        yield return File("csv-missing-columns", "only the first column", header.Split(',')[0] + "\n" + row.Split(',')[0] + "\n", 400);
        yield return File("csv-broken-quoting", "an unclosed quote in the header", "\"" + header + "\n" + row + "\n", 400);
        yield return new CorpusItem(service, "csv-binary-garbage", "4 KiB of random bytes", "POST", path, Garbage(4096, seed: 1), Csv, Status: 400);

        // Files with rows, every one of them refused: nothing stored, a 422 with the report.
        yield return File("csv-header-only", "a header and no rows", header + "\n", 422);
        yield return File("csv-extra-columns", "a column more in the header than in the rows", header + ",unexpected_column\n" + row + "\n", 422);
        yield return File(
            "csv-wrong-columns",
            "rows with too few and too many fields",
            $"{header}\n{string.Join(',', row.Split(',').Take(3))}\n{row},extra,extra\n",
            422);
        yield return File(
            "csv-broken-quoting",
            "a quote inside a field, text after a closing quote, a quote never closed",
            $"{header}\n{row[..2]}\"{row[2..]}\n\"{row[..row.IndexOf(',', StringComparison.Ordinal)]}\"x{row[row.IndexOf(',', StringComparison.Ordinal)..]}\n\"{row}\n",
            422);
        yield return File("csv-huge-row", "a 100,000-character quoted field never closed", $"{header}\n\"{new string('x', 100_000)},{row}\n", 422);
        yield return File(
            "csv-invalid-values",
            "rows whose every field is a traversal, injection or Unicode string",
            header + "\n" + string.Join('\n', HostileValues.Strings.Select(hostile => string.Join(',', Enumerable.Repeat(hostile.Value, columns)))) + "\n",
            422);
        yield return File(
            "csv-invalid-dates",
            "the reference row with each date 2024-02-30, then 24-1-1",
            $"{header}\n{ReplaceDates(row, "2024-02-30")}\n{ReplaceDates(row, "24-1-1")}\n",
            422);
        yield return File("csv-many-tiny-rows", $"{TinyRows} rows of one character", header + string.Concat(Enumerable.Repeat("\nx", TinyRows)) + "\n", 422);
        yield return File("csv-control-character", "the reference row with a NUL ending each field", $"{header}\n{row.Replace(",", "\0,", StringComparison.Ordinal)}\n", 422);
        yield return new CorpusItem(
            service, "csv-binary-garbage", "a header, then 2 KiB of random bytes", "POST", path, [.. Encoding.UTF8.GetBytes(header + "\n"), .. Garbage(2048, seed: 2)], Csv, Status: 422);

        // A valid-looking file sent as something else, or beyond the limit.
        var file = header + "\n" + row + "\n";
        yield return File("wrong-content-type", "application/json", file, 415, "application/json");
        yield return File("wrong-content-type", "text/plain", file, 415, "text/plain");
        yield return File("wrong-content-type", "no Content-Type", file, 415, contentType: null);
        yield return new CorpusItem(service, "huge-body", $"{HugeFileBytes} bytes of CSV", "POST", path, HugeFile.Value, Csv, Status: 413);
    }

    /// <summary>Bytes that are neither text nor CSV, the same every run.</summary>
    private static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string ReplaceDates(string row, string date) =>
        System.Text.RegularExpressions.Regex.Replace(row, @"\b\d{4}-\d{2}-\d{2}\b", date);
}
