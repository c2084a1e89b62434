using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Releases.Tests.Api;

/// <summary>Bulk import of the bundled reference file and of deliberately broken files.</summary>
public sealed class ImportTests(ReleasesService service) : IClassFixture<ReleasesService>
{
    private const string Header = "release_id,model,organization,org_country,release_date,date_basis,open_weights,licence,consumer_free_access,consumer_access_note,epoch_feb2025_accessibility,epoch_feb2025_date,notes,source,confidence";

    private static string ReferenceFile() => File.ReadAllText(RepositoryFiles.PathOf("data/releases.csv"));

    private async Task<JsonElement> Import(string csv)
    {
        var response = await service.Client.PostAsync("/imports", Json.Csv(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Body();
    }

    [Fact]
    public async Task The_reference_file_imports_every_row_with_messy_values_normalised_and_a_second_import_stores_nothing()
    {
        var first = await Import(ReferenceFile());
        var second = await Import(ReferenceFile());

        Assert.Equal(36, first.GetProperty("rows").GetInt32());
        Assert.Equal(36, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, first.GetProperty("rejected").GetArrayLength());
        var normalised = first.GetProperty("normalised").EnumerateArray().Select(n => (n.GetProperty("line").GetInt32(), n.GetProperty("reason").GetString()!)).ToList();
        Assert.Contains(normalised, n => n.Item1 == 9 && n.Item2.Contains("'US/UK' read as US/GB", StringComparison.Ordinal));
        Assert.Contains(normalised, n => n.Item1 == 36 && n.Item2.Contains("open_weights 'no (4.5 weights opened 2025-06-30)' read as no", StringComparison.Ordinal));
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
        Assert.Equal(36, second.GetProperty("unchanged").GetInt32());

        var gemini = await service.Client.GetFromJsonAsync<JsonElement>("/models/gemini-1-0-pro-ultra");
        Assert.Equal(["US", "GB"], gemini.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("google-deepmind", gemini.GetProperty("organization").GetProperty("id").GetString());
        var r1 = await service.Client.GetFromJsonAsync<JsonElement>("/models/deepseek-r1");
        Assert.Equal("MIT", r1.GetProperty("licence").GetString());
        Assert.Equal("weights-release", r1.GetProperty("dateBasis").GetString());
        Assert.Equal("China", r1.GetProperty("bloc").GetString());
        await service.CaughtUpAsync();
        var chinese = await service.Client.GetFromJsonAsync<JsonElement>("/models?bloc=China&pageSize=1");
        Assert.Equal(15, chinese.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Bad_rows_are_rejected_with_line_and_reason_while_the_rest_of_the_file_imports()
    {
        var csv = string.Join('\n',
            Header,
            "X1,Good Model One,Lab,US,2024-01-01,weights release,yes,MIT,yes,,,,,https://example.org/1,high",
            "X2,Bad Date,Lab,US,2024-13-01,announcement,no,proprietary,no,,,,,https://example.org/2,high",
            "X3,Bad Country,Lab,Atlantis,2024-01-01,announcement,no,proprietary,no,,,,,https://example.org/3,high",
            "X4,Bad Weights,Lab,US,2024-01-01,announcement,maybe,proprietary,no,,,,,https://example.org/4,high",
            "X5,\"Broken \"quote,Lab,US,2024-01-01,announcement,no,proprietary,no,,,,,https://example.org/5,high",
            "X6,Too Few,Lab,US",
            "X7,\"Good, Model Two\",Lab,US (California),2024-02-01,API release,no,proprietary,limited,\"a note\nover two lines\",,,,https://example.org/7,medium",
            "X8,No Source,Lab,US,2024-01-01,announcement,no,proprietary,no,,,,,,high");

        var report = await Import(csv);

        Assert.Equal(4, report.GetProperty("accepted").GetInt32()); // X3's country and X4's weights are kept as other
        var rejected = report.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal([3, 6, 7, 10], rejected.Select(r => r.Item1));
        Assert.Contains("release_date", rejected[0].Item2, StringComparison.Ordinal);
        Assert.Contains("quote", rejected[1].Item2, StringComparison.Ordinal);
        Assert.Contains("expected 15 fields", rejected[2].Item2, StringComparison.Ordinal);
        Assert.Contains("source", rejected[3].Item2, StringComparison.Ordinal);
        var normalised = report.GetProperty("normalised").EnumerateArray().Select(n => n.GetProperty("reason").GetString()).ToList();
        Assert.Contains("org_country 'Atlantis' normalised: kept as other", normalised);
        Assert.Contains("open_weights 'maybe' normalised: kept as other", normalised);
        var two = await service.Client.GetFromJsonAsync<JsonElement>("/models/good-model-two");
        Assert.Equal(["US"], two.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("api-release", two.GetProperty("dateBasis").GetString());
    }

    [Fact]
    public async Task A_file_whose_every_row_is_rejected_answers_422_with_the_report_and_stores_nothing()
    {
        var csv = string.Join('\n',
            Header,
            "Y1,All Bad Date,Lab,US,2024-02-30,announcement,no,proprietary,no,,,,,https://example.org/1,high",
            "Y2,All No Source,Lab,Atlantis,2024-01-01,announcement,no,proprietary,no,,,,,,high");

        var response = await service.Client.PostAsync("/imports", Json.Csv(csv));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Body();
        Assert.Equal("import-rows", problem.GetProperty("rule").GetString());
        var report = problem.GetProperty("report");
        Assert.Equal(2, report.GetProperty("rows").GetInt32());
        Assert.Equal(0, report.GetProperty("accepted").GetInt32());
        Assert.Equal([2, 3], report.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/models/all-bad-date")).StatusCode);
    }

    [Fact]
    public async Task A_file_of_many_tiny_bad_rows_counts_every_one_and_lists_only_the_first_thousand()
    {
        const int Rows = 300_000;
        var csv = new System.Text.StringBuilder(Header.Length + (Rows * 2)).Append(Header);
        for (var i = 0; i < Rows; i++)
        {
            csv.Append("\nx");
        }

        var response = await service.Client.PostAsync("/imports", Json.Csv(csv.ToString()));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var report = JsonDocument.Parse(body).RootElement.GetProperty("report");
        Assert.Equal(Rows, report.GetProperty("rows").GetInt32());
        Assert.Equal(Rows, report.GetProperty("totals").GetProperty("rejected").GetInt32());
        Assert.Equal(1_000, report.GetProperty("totals").GetProperty("listedEach").GetInt32());
        var lines = report.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(2, 1_000), lines); // the first rows of the file, in order
        Assert.InRange(body.Length, 1, 200_000); // 300,000 notes would be about 20 MB of answer
    }

    [Fact]
    public async Task A_header_without_rows_answers_422()
    {
        var response = await service.Client.PostAsync("/imports", Json.Csv(Header + "\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("import-rows", (await response.Body()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_changed_row_on_re_import_is_a_correction()
    {
        await Import($"{Header}\nY1,Reimported,Lab,FR,2024-03-01,announcement,no,proprietary,no,,,,,https://example.org/y,high");

        var report = await Import($"{Header}\nY1,Reimported,Lab,FR,2024-03-01,announcement,yes,Apache-2.0,no,,,,,https://example.org/y,high");

        Assert.Equal(1, report.GetProperty("corrected").GetInt32());
        var history = await service.Client.GetFromJsonAsync<JsonElement>("/models/reimported/history");
        Assert.Equal("details-corrected", history[1].GetProperty("type").GetString());
        Assert.Equal(["access"], history[1].GetProperty("data").GetProperty("correctedFields").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_400_naming_them()
    {
        var response = await service.Client.PostAsync("/imports", Json.Csv("model,organization\nA,B"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("org_country", (await response.Body()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_csv_is_415()
    {
        var response = await service.Client.PostAsJsonAsync("/imports", new { model = "x" });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
