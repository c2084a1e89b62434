using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>The lifecycle commands over HTTP, against the real store.</summary>
public sealed class LifecycleCommandTests(RegulationService service) : IClassFixture<RegulationService>
{
    private static readonly object Eo14110 = new
    {
        title = "Executive Order 14110 on Safe, Secure, and Trustworthy AI",
        jurisdiction = "us",
        type = "executive-order",
        targets = new[] { "frontier-models" },
        direction = "governance",
    };

    private static object Step(string date, object? measure = null, string source = "88 FR 75191") => new { date, source, measure };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? ifMatch = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    private async Task<long> EventCount(string id)
    {
        await using var session = service.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Count;
    }

    [Fact]
    public async Task The_first_step_creates_the_measure_201_with_location_etag_and_normalised_facts()
    {
        var response = await PostAsync(service.Client, "/measures/eo-create/adoption", new { date = "2023-10-30", source = "88 FR 75191", form = "signed", measure = Eo14110 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/measures/eo-create", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var measure = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("US", measure.GetProperty("jurisdiction").GetString());
        Assert.Equal("US", measure.GetProperty("bloc").GetString());
        Assert.Equal("adopted", measure.GetProperty("status").GetString());
        Assert.Equal("signed", measure.GetProperty("timeline")[0].GetProperty("form").GetString());
    }

    [Fact]
    public async Task Later_steps_build_the_timeline_and_the_read_model_answers_as_of_any_date()
    {
        (await PostAsync(service.Client, "/measures/eo-life/adoption", new { date = "2023-10-30", source = "88 FR 75191", measure = Eo14110 })).EnsureSuccessStatusCode();
        (await PostAsync(service.Client, "/measures/eo-life/entry-into-force", Step("2023-10-30"), ifMatch: "\"1\"")).EnsureSuccessStatusCode();
        var revoked = await PostAsync(service.Client, "/measures/eo-life/revocation", new { date = "2025-01-20", source = "EO 14148, 90 FR 8237", kind = "revoked", revokedBy = "us-eo14148" }, ifMatch: "\"2\"");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("\"3\"", revoked.Headers.ETag?.Tag);
        var inForce = await service.Client.GetFromJsonAsync<JsonElement>("/measures/eo-life?asOf=2024-06-01");
        var after = await service.Client.GetFromJsonAsync<JsonElement>("/measures/eo-life?asOf=2025-02-01");
        Assert.Equal("in-force", inForce.GetProperty("status").GetString());
        Assert.Equal("revoked", after.GetProperty("status").GetString());
        Assert.Equal("us-eo14148", after.GetProperty("timeline")[2].GetProperty("linkedMeasureId").GetString());
    }

    [Fact]
    public async Task A_step_the_state_machine_refuses_is_409_naming_the_rule_and_stores_nothing()
    {
        (await PostAsync(service.Client, "/measures/eo-early/adoption", new { date = "2023-10-30", source = "88 FR 75191", measure = Eo14110 })).EnsureSuccessStatusCode();

        var early = await PostAsync(service.Client, "/measures/eo-early/entry-into-force", Step("2023-10-01"));
        var suspended = await PostAsync(service.Client, "/measures/eo-early/suspension", Step("2024-01-01"));

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.Equal("entered-into-force-before-adopted", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal("suspension-requires-entry-into-force", (await suspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(1, await EventCount("eo-early"));
    }

    [Fact]
    public async Task The_same_step_on_the_same_date_again_is_200_and_stores_nothing()
    {
        (await PostAsync(service.Client, "/measures/eo-again/adoption", new { date = "2023-10-30", source = "88 FR 75191", measure = Eo14110 })).EnsureSuccessStatusCode();

        var again = await PostAsync(service.Client, "/measures/eo-again/adoption", Step("2023-10-30", source: "a second copy"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("\"1\"", again.Headers.ETag?.Tag);
        Assert.Equal(1, await EventCount("eo-again"));
    }

    [Fact]
    public async Task If_match_on_another_version_is_412_and_stores_nothing()
    {
        (await PostAsync(service.Client, "/measures/eo-stale/adoption", new { date = "2023-10-30", source = "88 FR 75191", measure = Eo14110 })).EnsureSuccessStatusCode();

        var response = await PostAsync(service.Client, "/measures/eo-stale/entry-into-force", Step("2023-10-30"), ifMatch: "\"5\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("if-match-version", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(1, await EventCount("eo-stale"));
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_answer_and_another_request_with_it_is_422()
    {
        var body = new { date = "2023-10-30", source = "88 FR 75191", measure = Eo14110 };
        var first = await PostAsync(service.Client, "/measures/eo-key/adoption", body, key: "eo-key-1");
        var retry = await PostAsync(service.Client, "/measures/eo-key/adoption", body, key: "eo-key-1");
        var reuse = await PostAsync(service.Client, "/measures/eo-key/entry-into-force", Step("2023-10-30"), key: "eo-key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reuse.StatusCode);
        Assert.Equal(1, await EventCount("eo-key"));
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "/measures/bad-nomeasure/adoption", """{"date":"2023-10-30","source":"88 FR 75191"}""", "measure" },
        { "/measures/bad-date/adoption", """{"source":"88 FR 75191","measure":{"title":"T","jurisdiction":"US","type":"law","targets":["chips-and-hardware"],"direction":"restrictive"}}""", "date" },
        { "/measures/bad-date-format/adoption", """{"date":"30/10/2023","source":"x"}""", "date" },
        { "/measures/bad-source/adoption", """{"date":"2023-10-30","measure":{"title":"T","jurisdiction":"US","type":"law","targets":["chips-and-hardware"],"direction":"restrictive"}}""", "source" },
        { "/measures/bad-jurisdiction/adoption", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"Atlantis","type":"law","targets":["chips-and-hardware"],"direction":"restrictive"}}""", "measure.jurisdiction" },
        { "/measures/bad-target/adoption", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"US","type":"law","targets":["Chips & Hardware"],"direction":"restrictive"}}""", "measure.targets[0]" },
        { "/measures/bad-type/adoption", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"US","type":"decree","targets":["chips"],"direction":"restrictive"}}""", "measure.type" },
        { "/measures/bad-amendment/amendment", """{"date":"2023-10-30","source":"x"}""", "amendedBy" },
        { "/measures/bad-form/entry-into-force", """{"date":"2023-10-30","source":"x","form":"signed"}""", "form" },
        { "/measures/Bad%20Id/adoption", """{"date":"2023-10-30","source":"x"}""", "id" },
        { "/measures/bad-far/adoption", """{"date":"2099-01-01","source":"x"}""", "date" },
        { "/measures/bad-no-type/adoption", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"US","targets":["chips"],"direction":"restrictive"}}""", "measure.type" },
        { "/measures/bad-other-type/adoption", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"US","type":"other","targets":["chips"],"direction":"restrictive"}}""", "measure.typeLabel" },
        { "/measures/bad-other-direction/adoption", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"US","type":"law","targets":["chips"],"direction":"other"}}""", "measure.directionLabel" },
        { "/measures/bad-long-label/adoption", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"US","typeLabel":""" + $"\"{new string('x', 201)}\"" + ""","targets":["chips"],"direction":"restrictive"}}""", "measure.typeLabel" },
        { "/measures/bad-other-step/other-step", """{"date":"2023-10-30","source":"x","measure":{"title":"T","jurisdiction":"US","type":"law","targets":["chips"],"direction":"restrictive"}}""", "stepLabel" },
        { "/measures/bad-proposal/amendment-proposal", """{"date":"2023-10-30","source":"x"}""", "proposalId" },
        { "/measures/bad-self-proposal/amendment-proposal", """{"date":"2023-10-30","source":"x","proposalId":"bad-self-proposal"}""", "proposalId" },
        { "/measures/bad-proposal-title/adoption", """{"date":"2023-10-30","source":"x","proposalTitle":"T"}""", "proposalTitle" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_400_problem_naming_the_field_and_nothing_is_stored(string path, string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await service.Client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"Expected the problem to name '{field}', got: {problem}");
        await using var session = service.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(path.Split('/')[2]));
    }

    [Fact]
    public async Task A_type_and_direction_given_only_as_the_source_words_them_are_read_through_the_vocabulary_and_kept_beside_the_kind()
    {
        var unknown = await PostAsync(service.Client, "/measures/sg-sandbox-api/adoption", new
        {
            date = "2025-07-07",
            source = "https://example.org/sg-sandbox-charter",
            measure = new { title = "AI assurance sandbox charter", jurisdiction = "SG", typeLabel = "sandbox charter", targets = new[] { "generative-ai-services" }, directionLabel = "pro-innovation" },
        });
        var mapped = await PostAsync(service.Client, "/measures/cn-plan-api/adoption", new
        {
            date = "2025-07-26",
            source = "Ministry of Foreign Affairs of the PRC",
            measure = new { title = "Global AI Governance Action Plan", jurisdiction = "CN", typeLabel = "international initiative", targets = new[] { "open-source" }, direction = "governance" },
        });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (unknown.StatusCode, mapped.StatusCode));
        var sandbox = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        var plan = await mapped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ("other", "sandbox charter", "other", "pro-innovation", "adopted"),
            (sandbox.GetProperty("type").GetString(), sandbox.GetProperty("typeLabel").GetString(), sandbox.GetProperty("direction").GetString(), sandbox.GetProperty("directionLabel").GetString(), sandbox.GetProperty("status").GetString()));
        Assert.Equal(("international-declaration", "international initiative"), (plan.GetProperty("type").GetString(), plan.GetProperty("typeLabel").GetString()));
        var listed = await service.Client.GetFromJsonAsync<JsonElement>("/measures?type=other&jurisdiction=SG");
        Assert.Equal("sandbox charter", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("typeLabel").GetString());
    }

    [Fact]
    public async Task An_event_no_step_names_and_a_proposed_amendment_keep_the_status_and_the_amendment_is_pending_until_made()
    {
        (await PostAsync(service.Client, "/measures/eo-open/adoption", new { date = "2023-10-30", source = "88 FR 75191", form = "signed", measure = Eo14110 })).EnsureSuccessStatusCode();
        (await PostAsync(service.Client, "/measures/eo-open/entry-into-force", Step("2023-10-30"))).EnsureSuccessStatusCode();

        var challenged = await PostAsync(service.Client, "/measures/eo-open/other-step", new { date = "2024-02-01", source = "https://example.org/court", stepLabel = "court challenge filed" });
        var proposed = await PostAsync(service.Client, "/measures/eo-open/amendment-proposal", new { date = "2024-03-01", source = "https://example.org/draft", proposalId = "eo-open-amending", proposalTitle = "Draft order amending EO 14110" });
        (await PostAsync(service.Client, "/measures/eo-open/amendment", new { date = "2024-06-01", source = "https://example.org/amended", amendedBy = "eo-open-amending" })).EnsureSuccessStatusCode();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (challenged.StatusCode, proposed.StatusCode));
        var afterChallenge = await challenged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in-force", afterChallenge.GetProperty("status").GetString());
        Assert.Contains(afterChallenge.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("step").GetString() == "other" && e.GetProperty("stepLabel").GetString() == "court challenge filed");
        var pending = await service.Client.GetFromJsonAsync<JsonElement>("/measures/eo-open?asOf=2024-04-01");
        var made = await service.Client.GetFromJsonAsync<JsonElement>("/measures/eo-open?asOf=2024-07-01");
        Assert.Equal(("in-force", "2023-10-30"), (pending.GetProperty("status").GetString(), pending.GetProperty("statusSince").GetString()));
        var proposal = Assert.Single(pending.GetProperty("pendingAmendments").EnumerateArray());
        Assert.Equal(("eo-open-amending", "Draft order amending EO 14110"), (proposal.GetProperty("linkedMeasureId").GetString(), proposal.GetProperty("linkedTitle").GetString()));
        Assert.Equal(("in-force", 0), (made.GetProperty("status").GetString(), made.GetProperty("pendingAmendments").GetArrayLength()));
    }

    [Fact]
    public async Task An_unknown_measure_is_404_problem()
    {
        var response = await service.Client.GetAsync("/measures/no-such-measure");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_lifecycle_command_and_query()
    {
        var document = await service.Client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "proposal", "political-agreement", "adoption", "entry-into-force", "application", "amendment", "suspension", "lifting", "revocation", "amendment-proposal", "other-step" })
        {
            Assert.Contains($"/measures/{{id}}/{path}", document, StringComparison.Ordinal);
        }

        Assert.Contains("/jurisdictions/{code}/in-force", document, StringComparison.Ordinal);
        Assert.Contains("/divergence", document, StringComparison.Ordinal);
        Assert.Contains("/responses", document, StringComparison.Ordinal);
    }
}
