using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>The bulk import's per-row report, its normalisations, its idempotence and its pace.</summary>
public sealed class ImportTests(RegulationService service, ITestOutputHelper output) : IClassFixture<RegulationService>
{
    private const string Header = "event_id,instrument_id,jurisdiction,title,instrument_type,event_type,event_date,status_as_of_2025_12,target_scope,direction,related_dates,source,confidence";

    private async Task<JsonElement> ImportAsync(string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await service.Client.PostAsync("/imports", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<int, string> Notes(JsonElement report, string list) =>
        report.GetProperty(list).EnumerateArray()
            .GroupBy(n => n.GetProperty("line").GetInt32())
            .ToDictionary(g => g.Key, g => string.Join(" | ", g.Select(n => n.GetProperty("reason").GetString())));

    private async Task<long> StoredEvents()
    {
        await using var session = service.Store.QuerySession();
        return await Marten.QueryableExtensions.CountAsync(session.Events.QueryAllRawEvents());
    }

    [Fact]
    public async Task The_reference_file_imports_every_row_with_its_normalisations_and_again_stores_nothing()
    {
        var csv = await File.ReadAllTextAsync(ReferenceFile.Path);
        var before = await StoredEvents();

        var first = await ImportAsync(csv);
        var afterFirst = await StoredEvents();
        var second = await ImportAsync(csv);

        Assert.Equal((31, 31, 0, 0), (first.GetProperty("rows").GetInt32(), first.GetProperty("accepted").GetInt32(), first.GetProperty("unchanged").GetInt32(), first.GetProperty("rejected").GetArrayLength()));
        var normalised = Notes(first, "normalised");
        Assert.Contains("read as US-CO", normalised[19], StringComparison.Ordinal);
        Assert.Contains("read as INTL", normalised[12], StringComparison.Ordinal);
        Assert.Contains("entry into force on 2023-10-30 inferred", normalised[10], StringComparison.Ordinal);
        Assert.Contains("entry into force on 2023-11-17 read from related_dates", normalised[9], StringComparison.Ordinal);
        Assert.Contains("targeting foreign-ai-apps", normalised[28], StringComparison.Ordinal);
        Assert.Equal(31 + 12, afterFirst - before);
        Assert.Equal((31, 0, 31, 0), (second.GetProperty("rows").GetInt32(), second.GetProperty("accepted").GetInt32(), second.GetProperty("unchanged").GetInt32(), second.GetProperty("rejected").GetArrayLength()));
        Assert.Equal(afterFirst, await StoredEvents());
    }

    [Fact]
    public async Task Rows_out_of_date_order_are_sorted_and_rows_that_still_break_the_rules_are_reported_with_line_and_rule()
    {
        var csv = string.Join('\n',
            Header,
            "X1,IMP-ACT,EU,Import Act in force,law,in_force,2024-08-01,,frontier models,restrictive,,https://example.eu/act,high",
            "X2,IMP-ACT,EU,Import Act adopted,law,adopted,2024-07-12,,,restrictive,,https://example.eu/act,high",
            "X3,IMP-ACT,EU,Import Act vetoed,law,vetoed,2024-09-01,,,restrictive,,https://example.eu/act,high",
            "X4,IMP-BAD,Atlantis,A measure,law,adopted,2024-01-01,,,restrictive,,src,high",
            "X5,IMP-BAD2,US,A measure,law,adopted,01/02/2024,,,restrictive,,src,high",
            "X6,IMP-BAD3,US,A measure,law,debated,2024-01-01,,,restrictive,,src,high",
            "X7,IMP-BAD4,US,A measure,law,adopted,2024-01-01,,,restrictive,,,high",
            "X8,IMP-BAD5,US,A measure,decree,adopted,2024-01-01,,,restrictive,,src,high",
            "X9,IMP-BAD6,US,A measure,law,adopted,2024-01-01,,,sideways,,src,high",
            "X10,IMP-AMEND,US,A measure,law,amended,2024-01-01,,,restrictive,,src,high",
            "X11,IMP-BAD7,US,\"unclosed,law,adopted,2024-01-01,,,restrictive,,src,high") + "\n";

        var report = await ImportAsync(csv);

        // Labels no mapping covers (debated, decree, sideways) are kept as other, never refused (issue 20).
        Assert.Equal((11, 5), (report.GetProperty("rows").GetInt32(), report.GetProperty("accepted").GetInt32()));
        var rejected = Notes(report, "rejected");
        Assert.Equal([4, 5, 6, 8, 11, 12], rejected.Keys.Order());
        Assert.StartsWith("veto-before-adoption", rejected[4], StringComparison.Ordinal);
        Assert.Contains("Atlantis", rejected[5], StringComparison.Ordinal);
        Assert.Contains("event_date", rejected[6], StringComparison.Ordinal);
        Assert.Contains("source is empty", rejected[8], StringComparison.Ordinal);
        Assert.Contains("related_instrument_id", rejected[11], StringComparison.Ordinal);
        var normalised = Notes(report, "normalised");
        Assert.Contains("event_type 'debated' normalised: kept as other", normalised[7], StringComparison.Ordinal);
        Assert.Contains("instrument_type 'decree' normalised: kept as other", normalised[9], StringComparison.Ordinal);
        Assert.Contains("direction 'sideways' normalised: kept as other", normalised[10], StringComparison.Ordinal);
        var measure = await service.Client.GetFromJsonAsync<JsonElement>("/measures/imp-act?asOf=2024-08-15");
        Assert.Equal("in-force", measure.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_400_and_a_file_not_csv_is_415()
    {
        using var noColumns = new StringContent("instrument_id,title\nA,B\n", Encoding.UTF8, "text/csv");
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");

        var missing = await service.Client.PostAsync("/imports", noColumns);
        var notCsv = await service.Client.PostAsync("/imports", json);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("import-format", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notCsv.StatusCode);
    }

    [Fact]
    public async Task Ten_thousand_rows_import_in_batches_and_again_change_nothing()
    {
        const int Measures = 2_000;
        var csv = new StringBuilder(Header).Append('\n');
        string[] steps = ["applies", "in_force", "proposed", "political_agreement", "adopted"]; // out of date order on purpose
        string[] offsets = ["400", "200", "0", "60", "120"];
        for (var m = 0; m < Measures; m++)
        {
            var start = new DateOnly(2020, 1, 1).AddDays(m % 1000);
            for (var s = 0; s < steps.Length; s++)
            {
                var date = start.AddDays(int.Parse(offsets[s], CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                csv.Append(CultureInfo.InvariantCulture, $"B{m}-{s},BULK-{m},{(m % 2 == 0 ? "Germany" : "US (Texas)")},Bulk measure {m},law,{steps[s]},{date},,frontier models; chips,restrictive,,https://example.org/{m},high\n");
            }
        }

        var watch = Stopwatch.StartNew();
        var first = await ImportAsync(csv.ToString());
        var elapsed = watch.Elapsed;
        watch.Restart();
        var second = await ImportAsync(csv.ToString());
        var again = watch.Elapsed;

        output.WriteLine($"10,000 rows: first import {elapsed.TotalSeconds:0.00} s ({10_000 / elapsed.TotalSeconds:0} lifecycle events/s); re-import {again.TotalSeconds:0.00} s ({10_000 / again.TotalSeconds:0} rows/s)");
        Assert.Equal((10_000, 10_000, 0), (first.GetProperty("rows").GetInt32(), first.GetProperty("accepted").GetInt32(), first.GetProperty("rejected").GetArrayLength()));
        Assert.Equal((0, 10_000), (second.GetProperty("accepted").GetInt32(), second.GetProperty("unchanged").GetInt32()));
        var texas = await service.Client.GetFromJsonAsync<JsonElement>("/measures/bulk-1?asOf=2021-12-31");
        Assert.Equal(("US-TX", "in-force", 1), (texas.GetProperty("jurisdiction").GetString(), texas.GetProperty("status").GetString(), texas.GetProperty("stagesStarted").GetArrayLength()));
    }
}
