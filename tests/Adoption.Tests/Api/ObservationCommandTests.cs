using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>Recording, correcting and retracting observations against the real store and broker.</summary>
public sealed class ObservationCommandTests(AdoptionService service) : IClassFixture<AdoptionService>
{
    private const string MilestoneExchange = "intelligence.adoption.adoption-milestone-reached";
    private const string ObservedExchange = "intelligence.adoption.adoption-observed";
    private const string Source = "https://openai.com/index/march-funding-updates/";

    private static Dictionary<string, object?> Observation(string id, string subject, string metric = "weekly-active-users", object? value = null, string region = "global") => new()
    {
        ["id"] = id,
        ["subject"] = new { name = subject, organization = new { name = "OpenAI" } },
        ["metric"] = metric,
        ["region"] = region,
        ["value"] = value ?? 500_000_000,
        ["observedOn"] = "2025-03-31",
        ["period"] = "week",
        ["measurementType"] = "company-disclosure",
        ["confidence"] = "high",
        ["source"] = Source,
    };

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 10)];

    [Fact]
    public async Task Recording_answers_201_with_location_series_version_and_the_metric_unit()
    {
        var subject = Unique("Chat");
        var response = await service.Client.PostAsJsonAsync("/observations", Observation("rec-1", subject));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/observations/rec-1", response.Headers.Location?.OriginalString);
        Assert.Equal("\"6\"", response.Headers.ETag?.Tag); // the observation and five milestones, 100M to 500M
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{subject.ToLowerInvariant()}.weekly-active-users.global", body.GetProperty("seriesId").GetString());
        Assert.Equal("users", body.GetProperty("unit").GetString());
        Assert.Equal("exact", body.GetProperty("bound").GetString());

        var read = await service.Client.GetAsync("/observations/rec-1");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"6\"", read.Headers.ETag?.Tag);
    }

    public static TheoryData<string, string, object?, string> BadFigures() => new()
    {
        { "bad-percent", "share-of-users", 101, "value" },
        { "bad-negative-percent", "share-of-tokens", -1, "value" },
        { "bad-rank-zero", "app-store-rank", 0, "value" },
        { "bad-rank-fraction", "app-store-rank", 1.5, "value" },
        { "bad-users", "monthly-active-users", -5, "value" },
        { "bad-users-fraction", "monthly-active-users", 10.5, "value" },
    };

    [Theory]
    [MemberData(nameof(BadFigures))]
    public async Task A_value_that_does_not_fit_its_metric_unit_is_400_naming_value_and_nothing_is_stored(string id, string metric, object? value, string field)
    {
        var response = await service.Client.PostAsJsonAsync("/observations", Observation(id, Unique("Bad"), metric, value));

        await AssertProblemNamesAsync(response, field);
        await AssertNotStoredAsync(id);
    }

    [Fact]
    public async Task A_unit_that_does_not_fit_the_metric_is_400_naming_unit()
    {
        var body = Observation("bad-unit", Unique("Bad"), "share-of-users", 40);
        body["unit"] = "users";

        await AssertProblemNamesAsync(await service.Client.PostAsJsonAsync("/observations", body), "unit");
        await AssertNotStoredAsync("bad-unit");
    }

    [Fact]
    public async Task A_missing_value_is_400_never_a_zero()
    {
        var body = Observation("no-value", Unique("Bad"));
        body.Remove("value");

        var problem = await AssertProblemNamesAsync(await service.Client.PostAsJsonAsync("/observations", body), "value");

        Assert.Contains("never stored as zero", problem.GetProperty("errors").GetProperty("value")[0].GetString(), StringComparison.Ordinal);
        await AssertNotStoredAsync("no-value");
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { """{"id":"bad-json","subject":""", "subject" },
        { """{"id":"bad-metric","subject":{"name":"X","organization":{"name":"Y"}},"metric":"---","region":"US","value":1,"observedOn":"2025-01-01","measurementType":"survey","source":"s"}""", "metric" },
        { """{"id":"bad-region","subject":{"name":"X","organization":{"name":"Y"}},"metric":"monthly-active-users","region":"\u202EAtlantis","value":1,"observedOn":"2025-01-01","measurementType":"survey","source":"s"}""", "region" },
        { """{"id":"no-region","subject":{"name":"X","organization":{"name":"Y"}},"metric":"monthly-active-users","value":1,"observedOn":"2025-01-01","measurementType":"survey","source":"s"}""", "region" },
        { """{"id":"bad-unit","subject":{"name":"X","organization":{"name":"Y"}},"metric":"daily active users","unit":"","region":"US","value":1,"observedOn":"2025-01-01","measurementType":"survey","source":"s"}""", "unit" },
        { """{"id":"bad-date","subject":{"name":"X","organization":{"name":"Y"}},"metric":"monthly-active-users","region":"US","value":1,"observedOn":"2999-01-01","measurementType":"survey","source":"s"}""", "observedOn" },
        { """{"id":"no-source","subject":{"name":"X","organization":{"name":"Y"}},"metric":"monthly-active-users","region":"US","value":1,"observedOn":"2025-01-01","measurementType":"survey"}""", "source" },
        { """{"id":"no-subject","metric":"monthly-active-users","region":"US","value":1,"observedOn":"2025-01-01","measurementType":"survey","source":"s"}""", "subject.name" },
        { """{"id":"no org","subject":{"name":"X","kind":"product"},"metric":"monthly-active-users","region":"US","value":1,"observedOn":"2025-01-01","measurementType":"survey","source":"s"}""", "subject.organization" },
        { """{"id":"no org","subject":{"name":"X","organization":{"name":"Y"}},"metric":"monthly-active-users","region":"US","value":1,"observedOn":"2025-01-01","measurementType":"survey","source":"s"}""", "id" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_400_problem_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        await AssertProblemNamesAsync(await service.Client.PostAsync("/observations", content), field);
    }

    [Fact]
    public async Task An_observation_id_is_unique_across_series_409_naming_the_rule()
    {
        (await service.Client.PostAsJsonAsync("/observations", Observation("twice", Unique("One")))).EnsureSuccessStatusCode();

        var again = await service.Client.PostAsJsonAsync("/observations", Observation("twice", Unique("Other")));
        var same = await service.Client.PostAsJsonAsync("/observations", Observation("twice", "ignored"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("observation-id-unique", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
    }

    [Fact]
    public async Task A_correction_under_a_stale_if_match_is_412_and_under_the_current_one_is_applied()
    {
        var created = await service.Client.PostAsJsonAsync("/observations", Observation("fix-me", Unique("Fix"), value: 50_000_000));
        var etag = created.Headers.ETag!.Tag;
        var correction = new { reason = "a zero was dropped", source = "https://example.org/erratum", value = 500_000_000 };

        using var stale = new HttpRequestMessage(HttpMethod.Post, "/observations/fix-me/corrections") { Content = JsonContent.Create(correction) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var refused = await service.Client.SendAsync(stale);
        using var current = new HttpRequestMessage(HttpMethod.Post, "/observations/fix-me/corrections") { Content = JsonContent.Create(correction) };
        current.Headers.TryAddWithoutValidation("If-Match", etag);
        var applied = await service.Client.SendAsync(current);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var body = await applied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(500_000_000, body.GetProperty("value").GetDecimal());
        Assert.Equal("https://example.org/erratum", body.GetProperty("source").GetString());
        Assert.Equal(1, body.GetProperty("corrections").GetInt32());
        Assert.Equal("\"7\"", applied.Headers.ETag?.Tag); // the correction and five milestones
    }

    [Fact]
    public async Task A_correction_must_fit_the_unit_too()
    {
        (await service.Client.PostAsJsonAsync("/observations", Observation("share-fix", Unique("Share"), "share-of-users", 40))).EnsureSuccessStatusCode();

        var response = await service.Client.PostAsJsonAsync("/observations/share-fix/corrections", new { reason = "typo", source = "s", value = 140 });

        await AssertProblemNamesAsync(response, "value");
    }

    [Fact]
    public async Task A_retraction_takes_the_point_out_of_the_series_and_a_second_one_is_409()
    {
        var subject = Unique("Gone");
        (await service.Client.PostAsJsonAsync("/observations", Observation("keep", subject, "share-of-users", 20))).EnsureSuccessStatusCode();
        var second = Observation("drop", subject, "share-of-users", 30);
        second["observedOn"] = "2025-06-30";
        (await service.Client.PostAsJsonAsync("/observations", second)).EnsureSuccessStatusCode();

        var retracted = await service.Client.PostAsJsonAsync("/observations/drop/retraction", new { reason = "the source withdrew it", source = "https://example.org/retraction" });
        var again = await service.Client.PostAsJsonAsync("/observations/drop/retraction", new { reason = "again", source = "s" });

        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);
        Assert.True((await retracted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retracted").GetBoolean());
        Assert.Equal("observation-already-retracted", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());
        var series = await service.Client.GetFromJsonAsync<JsonElement>($"/series/{subject.ToLowerInvariant()}.share-of-users.global");
        Assert.Equal("keep", series.GetProperty("latest").GetProperty("id").GetString());
        Assert.Single(series.GetProperty("points").EnumerateArray());
        var all = await service.Client.GetFromJsonAsync<JsonElement>($"/series/{subject.ToLowerInvariant()}.share-of-users.global?includeRetracted=true");
        Assert.Equal(2, all.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task Commands_on_unknown_observations_and_reads_of_unknown_series_are_404_problems()
    {
        var correction = await service.Client.PostAsJsonAsync("/observations/nope/corrections", new { reason = "r", source = "s", value = 1 });
        var retraction = await service.Client.PostAsJsonAsync("/observations/nope/retraction", new { reason = "r", source = "s" });
        var series = await service.Client.GetAsync("/series/nope.weekly-active-users.global");

        Assert.All([correction, retraction, series], r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_first_answer_and_refuses_another_request_with_422()
    {
        var subject = Unique("Idem");
        using var first = new HttpRequestMessage(HttpMethod.Post, "/observations") { Content = JsonContent.Create(Observation("idem-1", subject)) };
        first.Headers.Add("Idempotency-Key", $"key-{subject}");
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/observations") { Content = JsonContent.Create(Observation("idem-1", subject)) };
        retry.Headers.Add("Idempotency-Key", $"key-{subject}");
        using var other = new HttpRequestMessage(HttpMethod.Post, "/observations") { Content = JsonContent.Create(Observation("idem-2", subject)) };
        other.Headers.Add("Idempotency-Key", $"key-{subject}");

        var created = await service.Client.SendAsync(first);
        var replayed = await service.Client.SendAsync(retry);
        var refused = await service.Client.SendAsync(other);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        await AssertNotStoredAsync("idem-2");
    }

    [Fact]
    public async Task Crossing_a_threshold_publishes_AdoptionMilestoneReached_with_the_stored_event_id()
    {
        var subject = Unique("Mile");
        var seriesId = $"{subject.ToLowerInvariant()}.monthly-active-users.br";
        await using var probe = await BrokerProbe.BindAsync(MilestoneExchange);
        var below = Observation("mile-1", subject, "monthly-active-users", 90_000_000, "Brazil");
        below["observedOn"] = "2025-01-31";
        (await service.Client.PostAsJsonAsync("/observations", below)).EnsureSuccessStatusCode();

        (await service.Client.PostAsJsonAsync("/observations", Observation("mile-2", subject, "monthly-active-users", 120_000_000, "BR"))).EnsureSuccessStatusCode();

        var delivered = await probe.WaitForAsync(m => m.Message.GetProperty("seriesId").GetString() == seriesId, TimeSpan.FromSeconds(60), $"milestone of {seriesId}");
        // MassTransit's serializer writes decimals as JSON strings; read either.
        var threshold = delivered.Message.GetProperty("threshold");
        Assert.Equal(JsonValueKind.Number, threshold.ValueKind);
        Assert.Equal(100_000_000m, threshold.GetDecimal());
        Assert.Equal("2025-03-31", delivered.Message.GetProperty("reachedOn").GetString());
        Assert.Equal("mile-2", delivered.Message.GetProperty("observationId").GetString());
        Assert.Equal("monthly-active-users", delivered.Message.GetProperty("metric").GetString());
        await using var session = service.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(seriesId)).Single(e => e.Data is Adoption.Domain.MilestoneReached);
        Assert.Equal(stored.Id.ToString(), delivered.EnvelopeMessageId);
        Assert.Single(probe.Received, m => m.Message.GetProperty("seriesId").GetString() == seriesId);
    }

    [Fact]
    public async Task Labels_no_mapping_covers_are_kept_as_other_beside_their_kind_and_a_correction_keeps_them()
    {
        var subject = Unique("Open");
        var body = Observation("open-1", subject, "paid subscribers", 20_000_000, "Nordics");
        body["unit"] = "subscribers";
        body["measurementType"] = "press leak";
        body["confidence"] = "very high";

        var created = await service.Client.PostAsJsonAsync("/observations", body);
        var corrected = await service.Client.PostAsJsonAsync("/observations/open-1/corrections", new { reason = "revised", source = "https://example.org/revised", value = 21_000_000 });
        var known = await service.Client.PostAsJsonAsync("/observations/open-1/corrections", new { reason = "a known grade", source = "https://example.org/graded", confidence = "HIGH" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var observation = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{subject.ToLowerInvariant()}.paid-subscribers.nordics", observation.GetProperty("seriesId").GetString());
        Assert.Equal(
            [("other", "paid subscribers"), ("nordics", "Nordics"), ("other", "subscribers"), ("other", "press leak"), ("other", "very high")],
            Labelled(observation));
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var after = await corrected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(21_000_000m, after.GetProperty("value").GetDecimal());
        Assert.Equal(Labelled(observation), Labelled(after));
        var graded = await known.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("high", graded.GetProperty("confidence").GetString());
        Assert.Equal(JsonValueKind.Null, graded.GetProperty("confidenceLabel").ValueKind);
        var series = await service.Client.GetFromJsonAsync<JsonElement>($"/series?metric=paid-subscribers&region=nordics&subject={subject.ToLowerInvariant()}");
        Assert.Equal("Nordics", Assert.Single(series.GetProperty("items").EnumerateArray()).GetProperty("regionLabel").GetString());
    }

    [Fact]
    public async Task A_known_metric_with_a_unit_kept_as_other_keeps_its_series_and_reaches_no_milestone()
    {
        var subject = Unique("Units");
        var body = Observation("units-1", subject, "weekly-active-users", 900_000_000);
        body["unit"] = "accounts";

        var response = await service.Client.PostAsJsonAsync("/observations", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag); // the observation alone: thresholds are in users
        var observation = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{subject.ToLowerInvariant()}.weekly-active-users.global", observation.GetProperty("seriesId").GetString());
        Assert.Equal(("other", "accounts"), (observation.GetProperty("unit").GetString(), observation.GetProperty("unitLabel").GetString()));
    }

    [Fact]
    public async Task The_published_observation_carries_each_label_beside_its_kind()
    {
        var subject = Unique("Pub");
        var seriesId = $"{subject.ToLowerInvariant()}.api-developers.dach";
        await using var probe = await BrokerProbe.BindAsync(ObservedExchange);
        var body = Observation("pub-1", subject, "API developers", 2_000_000, "DACH");
        body["unit"] = "developers";

        (await service.Client.PostAsJsonAsync("/observations", body)).EnsureSuccessStatusCode();

        var message = (await probe.WaitForAsync(m => m.Message.GetProperty("seriesId").GetString() == seriesId, TimeSpan.FromSeconds(60), $"observation of {seriesId}")).Message;
        Assert.Equal(("other", "API developers"), (message.GetProperty("metric").GetString(), message.GetProperty("metricLabel").GetString()));
        Assert.Equal(("dach", "DACH"), (message.GetProperty("region").GetString(), message.GetProperty("regionLabel").GetString()));
        Assert.Equal(("other", "developers"), (message.GetProperty("unit").GetString(), message.GetProperty("unitLabel").GetString()));
        Assert.Equal("company-disclosure", message.GetProperty("measurementType").GetString());
        Assert.False(message.TryGetProperty("measurementTypeLabel", out var none) && none.ValueKind != JsonValueKind.Null, "a known kind has no label");
    }

    /// <summary>Each kind of an observation with its label: metric, region, unit, measurement type, confidence.</summary>
    private static (string?, string?)[] Labelled(JsonElement observation) =>
        [.. new[] { ("metric", "metricLabel"), ("region", "regionLabel"), ("unit", "unitLabel"), ("measurementType", "measurementTypeLabel"), ("confidence", "confidenceLabel") }
            .Select(pair => (observation.GetProperty(pair.Item1).GetString(), observation.GetProperty(pair.Item2).GetString()))];

    private static async Task<JsonElement> AssertProblemNamesAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"Expected the problem to name '{field}', got: {problem}");
        return problem;
    }

    private async Task AssertNotStoredAsync(string observationId)
    {
        var read = await service.Client.GetAsync($"/observations/{observationId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }
}
