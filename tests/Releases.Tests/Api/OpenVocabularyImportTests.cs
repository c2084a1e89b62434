using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// A file in the shape of the reference releases.csv with places that are no known country and date bases, open
/// weights, free access and confidence nobody mapped: every row is kept, each label said in the report and shown in
/// the model read beside its kind, a place's bloc unknown; lists, statistics and organizations count them so.
/// </summary>
public sealed class OpenVocabularyImportTests(OpenVocabularyImportTests.Imported imported) : IClassFixture<OpenVocabularyImportTests.Imported>
{
    private const string Header = "release_id,model,organization,org_country,release_date,date_basis,open_weights,licence,consumer_free_access,consumer_access_note,epoch_feb2025_accessibility,epoch_feb2025_date,notes,source,confidence";

    private static readonly string File = string.Join('\n',
        Header,
        "N01,Atlas-1,Atlantis AI,Atlantis,2025-02-01,technical report,on request,custom research licence,waitlist,,,,,https://example.org/n01,very high",
        "N02,Kosmos-2,Kosovo Labs,Kosovo,2025-02-10,weights release,yes,Apache-2.0,freemium,,,,,https://example.org/n02,high",
        "N03,Bridge-1,Bridge Lab,US/Atlantis,2025-02-20,announcement,partially,proprietary,yes,,,,,https://example.org/n03,medium",
        "N04,Frontier-X,Frontier Lab,US,2025-03-01,leak,no,proprietary,free tier,,,,,https://example.org/n04,") + "\n";

    /// <summary>The service with the file imported once, and the report of that import.</summary>
    public sealed class Imported : IAsyncLifetime
    {
        public ReleasesService Service { get; } = new();

        public JsonElement Report { get; private set; }

        public async Task InitializeAsync()
        {
            await Service.InitializeAsync();
            Report = await ImportAsync(Service.Client);
            await Service.CaughtUpAsync();
        }

        public Task DisposeAsync() => Service.DisposeAsync();
    }

    private HttpClient Client => imported.Service.Client;

    private static async Task<JsonElement> ImportAsync(HttpClient client) => await (await client.PostAsync("/imports", Json.Csv(File))).Body();

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Every_row_is_kept_each_label_said_in_the_report_and_shown_beside_its_kind_and_a_reimport_stores_nothing()
    {
        var report = imported.Report;
        var again = await ImportAsync(Client);

        Assert.Equal(4, report.GetProperty("accepted").GetInt32());
        Assert.Equal(0, report.GetProperty("rejected").GetArrayLength());
        var normalised = report.GetProperty("normalised").EnumerateArray()
            .Select(n => (Line: n.GetProperty("line").GetInt32(), Reason: n.GetProperty("reason").GetString()!))
            .ToList();
        Assert.Contains((2, "org_country 'Atlantis' normalised: kept as other"), normalised);
        Assert.Contains((2, "date_basis 'technical report' normalised: kept as other"), normalised);
        Assert.Contains((2, "open_weights 'on request' normalised: kept as other"), normalised);
        Assert.Contains((2, "consumer_free_access 'waitlist' normalised: kept as other"), normalised);
        Assert.Contains((2, "confidence 'very high' normalised: kept as other"), normalised);
        Assert.Contains((3, "org_country 'Kosovo' normalised: kept as other"), normalised);
        Assert.Contains((4, "open_weights 'partially' normalised: kept as other"), normalised);
        Assert.Contains((4, "org_country 'US/Atlantis' read as US/Atlantis"), normalised);
        Assert.Contains((5, "date_basis 'leak' normalised: kept as other"), normalised);
        Assert.Contains((5, "confidence is empty: kept as other"), normalised);
        Assert.Equal(4, again.GetProperty("unchanged").GetInt32());

        var atlas = await Client.GetFromJsonAsync<JsonElement>("/models/atlas-1");
        Assert.Equal(["Atlantis"], atlas.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("unknown", atlas.GetProperty("bloc").GetString());
        Assert.Equal(("Atlantis", "unknown"), (atlas.GetProperty("organization").GetProperty("homeCountry").GetString(), atlas.GetProperty("organization").GetProperty("bloc").GetString()));
        Assert.Equal(("other", "technical report"), (atlas.GetProperty("dateBasis").GetString(), atlas.GetProperty("dateBasisLabel").GetString()));
        Assert.False(atlas.GetProperty("openWeights").GetBoolean());
        Assert.Equal("on request", atlas.GetProperty("openWeightsLabel").GetString());
        Assert.Equal(("other", "waitlist"), (atlas.GetProperty("freeAccess").GetString(), atlas.GetProperty("freeAccessLabel").GetString()));
        Assert.Equal(("other", "very high"), (atlas.GetProperty("confidence").GetString(), atlas.GetProperty("confidenceLabel").GetString()));
        var kosmos = await Client.GetFromJsonAsync<JsonElement>("/models/kosmos-2");
        Assert.Equal("limited", kosmos.GetProperty("freeAccess").GetString());
        Assert.Equal(JsonValueKind.Null, kosmos.GetProperty("freeAccessLabel").ValueKind);
    }

    [Fact]
    public async Task Lists_statistics_and_organizations_count_a_place_that_is_no_known_country_by_its_name_in_bloc_unknown()
    {
        var byPlace = await Client.GetFromJsonAsync<JsonElement>("/models?country=Atlantis");
        var unknown = await Client.GetFromJsonAsync<JsonElement>("/models?bloc=unknown");
        var waitlist = await Client.GetFromJsonAsync<JsonElement>("/models?freeAccess=waitlist");
        var anyOther = await Client.GetFromJsonAsync<JsonElement>("/models?freeAccess=other");
        var stats = await Client.GetFromJsonAsync<JsonElement>("/stats?period=month&groupBy=bloc&from=2025-02-01&to=2025-02-28");
        var organization = await Client.GetFromJsonAsync<JsonElement>("/organizations/atlantis-ai");

        Assert.Equal(["atlas-1", "bridge-1"], Ids(byPlace));
        Assert.Equal(["atlas-1", "bridge-1", "kosmos-2"], Ids(unknown));
        Assert.Equal(["atlas-1"], Ids(waitlist));
        Assert.Equal(["atlas-1"], Ids(anyOther));
        var row = stats.EnumerateArray().Single(r => r.GetProperty("group").GetString() == "unknown");
        Assert.Equal(3, row.GetProperty("releases").GetInt32());
        Assert.Equal(1, row.GetProperty("openWeights").GetInt32()); // Kosmos-2; "on request" and "partially" are not counted as open
        Assert.Equal("unknown", organization.GetProperty("bloc").GetString());
    }

    [Fact]
    public void An_event_stored_before_labels_existed_still_reads_with_every_label_absent()
    {
        var serializer = imported.Service.Store.Options.Serializer();
        var announced = new ModelAnnounced("deepseek-r1", new ModelDetails(
            "DeepSeek-R1", new Organization("deepseek", "DeepSeek", "CN"), ["CN"], new DateOnly(2025, 1, 20), DateBasis.WeightsRelease,
            new Access(true, "MIT", FreeAccess.Yes, true), ["text"], null, Confidence.High), "https://api-docs.deepseek.com/news/news250120");
        var stored = JsonNode.Parse(serializer.ToJson(announced))!.AsObject();
        var details = stored["details"]!.AsObject();
        details.Remove("dateBasisLabel");
        details.Remove("confidenceLabel");
        details["access"]!.AsObject().Remove("openWeightsLabel");
        details["access"]!.AsObject().Remove("freeAccessLabel");

        using var old = new MemoryStream(Encoding.UTF8.GetBytes(stored.ToJsonString()));
        var read = serializer.FromJson<ModelAnnounced>(old);
        Assert.Empty(announced.Details.DifferencesFrom(read.Details));
        Assert.Equal(announced.Details.Access, read.Details.Access);
    }
}
