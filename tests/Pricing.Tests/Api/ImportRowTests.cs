using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// Rows an import cannot take (no usable number, date or source) are reported with their line and reason; the rest
/// of the file goes in, labels no vocabulary knows included (kept as stated, and said so).
/// </summary>
public sealed class ImportRowTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    private const string Header = "price_id,model,provider,provider_country,price_kind,currency,input_per_1M,output_per_1M,input_usd_per_1M,output_usd_per_1M,monthly_fee,effective_date,end_date,change_note,source,confidence";

    [Fact]
    public async Task Each_bad_row_is_rejected_with_its_reason_and_the_good_rows_are_imported()
    {
        var future = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var csv = string.Join('\n',
            Header,
            "X1,Row Model A,Row Cloud,US,api_list,USD,1,2,1,2,,2024-01-01,,,https://example.org/a,high",
            "X2,Row Model B,Row Cloud,US,api_list,USD,-1,2,,,,2024-01-01,,,https://example.org/b,high",
            "X3,Row Model C,Row Cloud,US,api_list,XYZ,1,2,,,,2024-01-01,,,https://example.org/c,high",
            "X4,Row Model D,Row Cloud,US,api_list,EUR,1,2,,,,2024-01-01,,,https://example.org/d,high",
            $"X5,Row Model E,Row Cloud,US,api_list,USD,1,2,,,,{future},,,https://example.org/e,high",
            "X6,Row Model F,Row Cloud,US,api_barter,USD,1,2,,,,2024-01-01,,,https://example.org/f,high",
            "X7,Row Model G,Row Cloud,Atlantis,api_list,USD,1,2,,,,2024-01-01,,,https://example.org/g,high",
            "X8,Row Model H,Row Cloud,US,api_promo,USD,1,2,,,,2024-01-01,,,https://example.org/h,high",
            "X9,Row Model I,Row Cloud,US,api_list,USD,1,2,,,,2024-01-01,,,,high",
            "X10,Row Model A,Row Cloud,US,api_list,USD,0.5,1,,,,2024-06-01,,,https://example.org/a2,high");
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");

        var response = await system.Client.PostAsync("/imports", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10, report.GetProperty("rows").GetInt32());
        Assert.Equal(5, report.GetProperty("listed").GetInt32());
        Assert.Equal(1, report.GetProperty("changed").GetInt32());
        var rejected = report.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([3, 6, 9, 10], rejected.Keys.Order());
        Assert.Contains("input_per_1M must not be negative", rejected[3], StringComparison.Ordinal);
        Assert.Contains("effective_date must not be in the future", rejected[6], StringComparison.Ordinal);
        var normalised = report.GetProperty("normalised").EnumerateArray().ToLookup(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Contains(normalised[4], note => note.Contains("'XYZ' is not in ISO 4217: kept as stated", StringComparison.Ordinal));
        Assert.Contains(normalised[7], note => note == "price_kind 'api_barter' normalised: kept as other, read as api from its amounts");
        Assert.Contains(normalised[8], note => note == "provider_country 'Atlantis' normalised: kept as other");
        var atlantis = await system.GetJsonAsync("/offerings/row-cloud.row-model-g");
        Assert.Equal("Atlantis", atlantis.GetProperty("providerCountry").GetString());
        Assert.Equal("unknown", atlantis.GetProperty("bloc").GetString());
        Assert.Contains("end_date is required for a promotion", rejected[9], StringComparison.Ordinal);
        Assert.Contains("source is empty", rejected[10], StringComparison.Ordinal);
        var cuts = await system.GetJsonAsync("/price-cuts?since=2024-06-01");
        Assert.Contains(cuts.EnumerateArray(), cut => cut.GetProperty("offeringId").GetString() == "row-cloud.row-model-a" && cut.GetProperty("percent").GetDecimal() == -50m);
    }

    [Fact]
    public async Task An_import_that_is_not_csv_is_415_and_a_file_without_the_columns_is_400()
    {
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        using var headerless = new StringContent("model,provider\nA,B", Encoding.UTF8, "text/csv");

        var notCsv = await system.Client.PostAsync("/imports", json);
        var noColumns = await system.Client.PostAsync("/imports", headerless);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notCsv.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noColumns.StatusCode);
        Assert.Equal("import-format", (await noColumns.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
    }
}
