using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>The service with the file of 2025 facts imported twice, the reports of both imports kept.</summary>
public sealed class OpenVocabularyFacts : RegulationService
{
    public const string Header = "event_id,instrument_id,jurisdiction,title,instrument_type,event_type,event_date,status_as_of_2025_12,target_scope,direction,related_dates,source,confidence,related_instrument_id";

    /// <summary>Line 2 onwards: the rows the as-of answers are checked against.</summary>
    private static readonly string Facts = string.Join(
        '\n',
        Header,
        "N01,US-AI-ACTION-PLAN,US,America's AI Action Plan,strategy + executive orders,published,2025-07-23,active,\"frontier models; data centers; open-source and open-weight models\",promotional,three executive orders signed 2025-07-23,https://www.whitehouse.gov/wp-content/uploads/2025/07/Americas-AI-Action-Plan.pdf,high,",
        "N02,CN-GLOBAL-AI-GOVERNANCE,China,Global AI Governance Action Plan,international initiative,released,2025-07-26,active,international cooperation on AI governance; open source,governance,announced at WAIC 2025,\"Ministry of Foreign Affairs of the PRC, Global AI Governance Action Plan\",high,",
        "N03,EU-AIACT-V,EU,Artificial Intelligence Act,law (regulation),published,2024-07-12,in force,general-purpose AI; high-risk AI,restrictive,,https://eur-lex.europa.eu/eli/reg/2024/1689/oj,high,",
        "N04,EU-AIACT-V,EU,Artificial Intelligence Act,law (regulation),in_force,2024-08-01,in force,,restrictive,,https://eur-lex.europa.eu/eli/reg/2024/1689/oj,high,",
        "N05,EU-DIGITAL-OMNIBUS-AI,EU,Digital Omnibus on AI,proposal (amending regulation),proposed,2025-11-19,proposed,high-risk AI timelines,deregulatory,,\"European Commission, Digital Omnibus on AI, COM(2025) 836\",high,EU-AIACT-V",
        "N06,GB-DATA-AMENDMENT,UK,Proposed amendment on AI training and copyright,amending proposal,introduced,2025-05-07,proposed,AI training data,governance,,https://example.org/gb-data-amendment,low,",
        "N07,IN-AI-GUIDELINES,India,India AI Governance Guidelines,guidelines,released,2025-11-05,active,all AI developers/deployers,pro-innovation,,https://example.org/in-ai-governance-guidelines,medium,",
        "N08,SG-SANDBOX-CHARTER,Singapore,AI assurance sandbox charter,sandbox charter,launched,2025-07-07,active,generative AI testing,governance,,https://example.org/sg-sandbox-charter,low,",
        "N09,US-AI-ACTION-PLAN,US,America's AI Action Plan: request for information,strategy,RFI opened,2025-09-26,,federal regulations hindering AI,promotional,,https://example.org/ostp-rfi,medium,") + "\n";

    public JsonElement FirstReport { get; private set; }

    public JsonElement SecondReport { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        FirstReport = await ImportAsync(Facts);
        SecondReport = await ImportAsync(Facts);
        await CaughtUpAsync();
    }

    public async Task<JsonElement> ImportAsync(string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await Client.PostAsync("/imports", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }
}

/// <summary>
/// Issue 20: a file of 2025 facts in the reference columns whose labels the closed lists did not know (a national AI
/// action plan, an international governance plan, an amending proposal, invented labels) imports with no row
/// refused, says how each label was read, and every read answer shows the source's label beside the kind.
/// </summary>
public sealed class OpenVocabularyImportTests(OpenVocabularyFacts service) : IClassFixture<OpenVocabularyFacts>
{
    private static string NotesOf(JsonElement report, int line) => string.Join(
        " | ",
        report.GetProperty("normalised").EnumerateArray().Where(n => n.GetProperty("line").GetInt32() == line).Select(n => n.GetProperty("reason").GetString()));

    private async Task<JsonElement> Get(string path) => await service.Client.GetFromJsonAsync<JsonElement>(path);

    /// <summary>A measure of a list answer, whether the list holds measures or in-force items (measure and via).</summary>
    private static JsonElement ById(JsonElement measures, string id) => measures.EnumerateArray()
        .Select(m => m.TryGetProperty("measure", out var inner) ? inner : m)
        .Single(m => m.GetProperty("id").GetString() == id);

    private static (string? Kind, string? Label, string? Status) TypeAndStatus(JsonElement measure) =>
        (measure.GetProperty("type").GetString(), measure.GetProperty("typeLabel").GetString(), measure.GetProperty("status").GetString());

    [Fact]
    public async Task A_file_of_2025_facts_with_open_labels_imports_every_row_says_how_each_label_was_read_and_again_stores_nothing()
    {
        var (first, second) = (service.FirstReport, service.SecondReport);

        Assert.Equal((9, 9, 0), (first.GetProperty("rows").GetInt32(), first.GetProperty("accepted").GetInt32(), first.GetProperty("rejected").GetArrayLength()));
        Assert.Contains("instrument_type 'strategy + executive orders' read as strategy: 'strategy' is the first recognised part of the compound label", NotesOf(first, 2), StringComparison.Ordinal);
        Assert.Contains("instrument_type 'international initiative' read as international-declaration", NotesOf(first, 3), StringComparison.Ordinal);
        Assert.Contains("'eu-digital-omnibus-ai' proposes to amend 'eu-aiact-v': recorded on 'eu-aiact-v' as a pending amendment", NotesOf(first, 6), StringComparison.Ordinal);
        Assert.Contains("instrument_type 'amending proposal' normalised: kept as other", NotesOf(first, 7), StringComparison.Ordinal);
        Assert.Contains("without related_instrument_id naming the measure it amends: kept as its own measure, proposed", NotesOf(first, 7), StringComparison.Ordinal);
        Assert.Contains("direction 'pro-innovation' normalised: kept as other", NotesOf(first, 8), StringComparison.Ordinal);
        Assert.Contains("instrument_type 'sandbox charter' normalised: kept as other", NotesOf(first, 9), StringComparison.Ordinal);
        Assert.Contains("event_type 'RFI opened' normalised: kept as other", NotesOf(first, 10), StringComparison.Ordinal);
        Assert.Equal((9, 0, 9, 0), (second.GetProperty("rows").GetInt32(), second.GetProperty("accepted").GetInt32(), second.GetProperty("unchanged").GetInt32(), second.GetProperty("rejected").GetArrayLength()));
    }

    [Fact]
    public async Task The_measure_read_shows_labels_beside_kinds_the_unmapped_event_in_its_timeline_and_the_pending_amendment_as_of_a_date()
    {
        var plan = await Get("/measures/us-ai-action-plan?asOf=2025-12-31");
        var before = await Get("/measures/eu-aiact-v?asOf=2025-11-18");
        var after = await Get("/measures/eu-aiact-v?asOf=2025-12-31");
        var omnibus = await service.Client.GetAsync("/measures/eu-digital-omnibus-ai");

        Assert.Equal(("strategy", "strategy + executive orders", "in-force"), TypeAndStatus(plan));
        var rfi = plan.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("step").GetString() == "other");
        Assert.Equal(("RFI opened", "2025-09-26"), (rfi.GetProperty("stepLabel").GetString(), rfi.GetProperty("on").GetString()));
        Assert.Equal(("in-force", 0), (before.GetProperty("status").GetString(), before.GetProperty("pendingAmendments").GetArrayLength()));
        Assert.Equal("in-force", after.GetProperty("status").GetString());
        var pending = Assert.Single(after.GetProperty("pendingAmendments").EnumerateArray());
        Assert.Equal(
            ("amendment-proposed", "eu-digital-omnibus-ai", "Digital Omnibus on AI", "2025-11-19", "proposed"),
            (pending.GetProperty("step").GetString(), pending.GetProperty("linkedMeasureId").GetString(), pending.GetProperty("linkedTitle").GetString(), pending.GetProperty("on").GetString(), pending.GetProperty("stepLabel").GetString()));
        Assert.Contains("COM(2025) 836", pending.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, omnibus.StatusCode);
    }

    [Fact]
    public async Task Status_as_of_and_in_force_answers_include_the_kept_measures_with_their_labels_and_pending_amendments()
    {
        var status = (await Get("/status?asOf=2025-12-31")).GetProperty("measures");
        var china = (await Get("/jurisdictions/CN/in-force?asOf=2025-08-01")).GetProperty("measures");
        var eu = (await Get("/jurisdictions/EU/in-force?asOf=2025-12-31")).GetProperty("measures");
        var others = await Get("/measures?type=other&jurisdiction=SG");

        Assert.Equal(("international-declaration", "international initiative", "in-force"), TypeAndStatus(ById(china, "cn-global-ai-governance")));
        Assert.Equal(("guidance", "guidelines", "in-force"), TypeAndStatus(ById(status, "in-ai-guidelines")));
        Assert.Equal(("other", "pro-innovation"), (ById(status, "in-ai-guidelines").GetProperty("direction").GetString(), ById(status, "in-ai-guidelines").GetProperty("directionLabel").GetString()));

        // An instrument of an unknown kind is not assumed to take effect on adoption, as guidance or a strategy does.
        Assert.Equal(("other", "sandbox charter", "adopted"), TypeAndStatus(ById(status, "sg-sandbox-charter")));
        Assert.Equal(("other", "amending proposal", "proposed"), TypeAndStatus(ById(status, "gb-data-amendment")));
        Assert.Equal("eu-digital-omnibus-ai", Assert.Single(ById(status, "eu-aiact-v").GetProperty("pendingAmendments").EnumerateArray()).GetProperty("linkedMeasureId").GetString());
        Assert.Equal("Digital Omnibus on AI", Assert.Single(ById(eu, "eu-aiact-v").GetProperty("pendingAmendments").EnumerateArray()).GetProperty("linkedTitle").GetString());
        Assert.Equal(["sg-sandbox-charter"], others.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task An_amending_proposal_attaches_to_a_stored_measure_and_one_naming_no_recorded_measure_stays_its_own_proposed_measure()
    {
        var later = string.Join(
            '\n',
            OpenVocabularyFacts.Header,
            "L01,EU-AIACT-FIX,EU,Corrigendum proposal to the AI Act,proposal (amending regulation),published,2026-01-15,,high-risk AI,governance,,https://example.org/eu-aiact-fix,low,EU-AIACT-V",
            "L02,XX-LONE-PROPOSAL,Japan,Amendment to an unrecorded act,proposal (amending law),proposed,2026-01-20,,AI systems,governance,,https://example.org/lone,low,JP-NO-SUCH-ACT") + "\n";

        var report = await service.ImportAsync(later);

        Assert.Equal((2, 2, 0), (report.GetProperty("rows").GetInt32(), report.GetProperty("accepted").GetInt32(), report.GetProperty("rejected").GetArrayLength()));
        Assert.Contains("recorded on 'eu-aiact-v' as a pending amendment", NotesOf(report, 2), StringComparison.Ordinal);
        Assert.Contains("related_instrument_id 'jp-no-such-act' names no recorded measure", NotesOf(report, 3), StringComparison.Ordinal);
        var aiAct = await Get("/measures/eu-aiact-v?asOf=2026-02-01");
        Assert.Equal(["eu-digital-omnibus-ai", "eu-aiact-fix"], aiAct.GetProperty("pendingAmendments").EnumerateArray().Select(p => p.GetProperty("linkedMeasureId").GetString()));
        var lone = await Get("/measures/xx-lone-proposal?asOf=2026-02-01");
        Assert.Equal(("proposed", "JP"), (lone.GetProperty("status").GetString(), lone.GetProperty("jurisdiction").GetString()));
    }
}
