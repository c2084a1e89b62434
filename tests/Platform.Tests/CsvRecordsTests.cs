using Intelligence.Platform.Import;

namespace Intelligence.Platform.Tests;

public sealed class CsvRecordsTests
{
    private static async Task<List<CsvRecord>> Read(string text, params string[] required)
    {
        var records = new List<CsvRecord>();
        await foreach (var record in CsvRecords.ReadAsync(new StringReader(text), required))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Quoted_fields_hold_commas_doubled_quotes_and_line_breaks_and_lines_count_from_the_header()
    {
        var records = await Read("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n3,p,q", "a", "c");

        Assert.Equal([2, 3, 5], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
        Assert.Equal("x, y", records[0]["b"]);
        Assert.Equal("say \"hi\"", records[0]["c"]);
        Assert.Equal("two\nlines", records[1]["b"]);
        Assert.Equal("q", records[2]["C"]);
    }

    [Fact]
    public async Task A_broken_record_is_reported_and_reading_goes_on()
    {
        var records = await Read("a,b\n\"x\"y,1\nstray \"quote,2\nonly-one\nfine,3");

        Assert.Equal(["text after the closing quote of a quoted field", "a quote inside an unquoted field (quote the whole field and double the quote)", "expected 2 fields as in the header, found 1", null], records.Select(r => r.Error));
        Assert.Equal([2, 3, 4, 5], records.Select(r => r.Line));
        Assert.Equal("3", records[3]["b"]);
    }

    [Fact]
    public async Task An_unclosed_quote_at_the_end_of_the_file_is_an_error_not_a_hang()
    {
        var records = await Read("a,b\n1,\"never closed\n2,3");

        var record = Assert.Single(records);
        Assert.Equal("a quoted field is not closed", record.Error);
    }

    [Fact]
    public async Task An_unclosed_quote_early_in_a_large_file_costs_a_bounded_read_not_the_file()
    {
        // 32 MiB after the quote, all of it inside the quoted field: RFC 4180 gives the rest of the file to the field.
        var text = "a,b,c\n1,2,3\n4,\"never closed,6\n" + string.Concat(Enumerable.Repeat("x,y,z\n", 32 * 1024 * 1024 / 6));
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

        var records = new List<CsvRecord>();
        await foreach (var record in CsvRecords.ReadAsync(body, ["a"]))
        {
            records.Add(record);
        }

        Assert.Equal([2, 3], records.Select(r => r.Line));
        Assert.Null(records[0].Error);
        Assert.Contains("quote that is not closed", records[1].Error, StringComparison.Ordinal);
        Assert.InRange(body.Position, 0, 8 * CsvRecords.MaxRecordBytes);
    }

    [Fact]
    public async Task Missing_required_columns_reject_the_whole_file()
    {
        var error = await Assert.ThrowsAsync<CsvFormatException>(() => Read("a,b\n1,2", "a", "model", "source"));

        Assert.Contains("model, source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_is_rejected()
    {
        await Assert.ThrowsAsync<CsvFormatException>(() => Read(string.Empty));
    }

    [Fact]
    public async Task Random_garbage_never_throws_past_the_header_and_every_record_has_a_line()
    {
        var random = new Random(20261130);
        const string Alphabet = "ab,\"\n\r é中";
        for (var round = 0; round < 300; round++)
        {
            var body = new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());

            var records = await Read("a,b,c\n" + body);

            Assert.All(records, r => Assert.True(r.Line >= 2));
            Assert.True(records.Select(r => r.Line).SequenceEqual(records.Select(r => r.Line).Order()));
        }
    }
}
