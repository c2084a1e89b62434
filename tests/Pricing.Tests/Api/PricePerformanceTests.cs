using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Messaging;
using Intelligence.Platform.Metrics;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Intelligence.TestSupport;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The quality axis of price-performance: scores recorded in the releases service reach pricing's replica over the
/// real broker (a redelivery changes nothing); the cheapest offering per bloc at or above a score on a date; and the
/// gap between the best free or open-weight model and the best paid one, month by month.
/// </summary>
public sealed class PricePerformanceTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    private const string Leaderboard = "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private async Task AnnounceAsync(string id, string country, bool openWeights, string releaseDate = "2024-05-01")
    {
        var response = await system.ReleasesClient.PostAsJsonAsync("/models", new
        {
            id,
            name = $"Model {id}",
            organization = new { name = "Quality Lab" },
            originCountries = new[] { country },
            releaseDate,
            openWeights,
            freeAccess = "yes",
            sourceUrl = "https://example.org/release",
        });
        response.EnsureSuccessStatusCode();
    }

    private async Task ScoreAsync(string modelId, string benchmark, decimal score, string measuredOn, string? variant = null)
    {
        var response = await system.ReleasesClient.PostAsJsonAsync("/scores", new { modelId, benchmark, score, measuredOn, sourceUrl = Leaderboard, confidence = "high", variant });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task PriceAsync(string offering, string modelId, decimal input, decimal output, string effectiveOn, string country = "US") =>
        (await system.Client.PostAsJsonAsync("/observations", Observations.Api(offering, modelId, input, output, effectiveOn, country: country))).EnsureSuccessStatusCode();

    private async Task<ModelScore?> ReplicaAsync(string id)
    {
        await using var session = system.Store.QuerySession();
        return await session.LoadAsync<ModelScore>(id);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        var response = await system.Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static JsonElement? Bloc(JsonElement answer, string bloc) =>
        answer.GetProperty("blocs").EnumerateArray().Where(b => b.GetProperty("bloc").GetString() == bloc).Select(b => (JsonElement?)b).SingleOrDefault();

    [Fact]
    public async Task A_score_recorded_in_releases_reaches_the_pricing_replica_over_the_broker_and_a_redelivery_changes_nothing()
    {
        var modelId = Unique("replica");
        await AnnounceAsync(modelId, "CN", openWeights: true);

        await ScoreAsync(modelId, "lmarena-text", 1316, "2024-12-31");

        var replica = await Eventually.Until(() => ReplicaAsync($"score:lmarena-text:{modelId}"), score => score is not null, Timeout, "the score in pricing's replica");
        Assert.Equal(("lmarena-text", "rating", 0m, 3000m), (replica!.Benchmark, replica.Unit, replica.ScaleMin, replica.ScaleMax));
        Assert.Equal(1316, Assert.Single(replica.Points).Score);
        Assert.Equal(Leaderboard, replica.Points[0].Source);

        // As the relay may redeliver after a crash: the same message id, once handled, is dropped; the history is as it was.
        var message = new Contract.BenchmarkScoreRecorded(
            Guid.NewGuid(), $"score:mmlu:{modelId}", 1, new DateOnly(2024, 12, 26), DateTimeOffset.UtcNow, "https://example.org/report", modelId,
            "mmlu", "mmlu", "MMLU", 88.5m, "percent", 0, 100, "high");
        var bus = system.Pricing.Services.GetRequiredService<IBus>();
        var duplicates = PlatformMetrics.MessagesConsumed.WithLabels("pricing", nameof(Contract.BenchmarkScoreRecorded), "duplicate").Value;
        await bus.Publish(message, context => context.MessageId = message.EventId);
        await Eventually.Until(
            async () =>
            {
                await using var session = system.Store.QuerySession();
                return await session.LoadAsync<HandledMessage>($"{nameof(BenchmarkScoreRecordedConsumer)}/{message.EventId:N}");
            },
            handled => handled is not null,
            Timeout,
            "the score handled");
        await bus.Publish(message, context => context.MessageId = message.EventId);
        await Eventually.Until(
            () => Task.FromResult(PlatformMetrics.MessagesConsumed.WithLabels("pricing", nameof(Contract.BenchmarkScoreRecorded), "duplicate").Value),
            value => value > duplicates,
            Timeout,
            "the duplicate dropped");

        var mmlu = await ReplicaAsync($"score:mmlu:{modelId}");
        Assert.Equal(88.5m, Assert.Single(mmlu!.Points).Score);
    }

    [Fact]
    public async Task Per_bloc_the_cheapest_offering_whose_models_score_on_the_date_reaches_min()
    {
        var (strong, cheap, open, weak, family) = (Unique("strong"), Unique("cheap"), Unique("open"), Unique("weak"), Unique("family"));
        await AnnounceAsync(strong, "US", openWeights: false);
        await AnnounceAsync(cheap, "US", openWeights: false);
        await AnnounceAsync(open, "CN", openWeights: true);
        await AnnounceAsync(weak, "FR", openWeights: true);
        await AnnounceAsync(family, "US", openWeights: false);
        await ScoreAsync(strong, "lmarena-text", 1300, "2025-01-01");
        await ScoreAsync(cheap, "lmarena-text", 1250, "2025-01-01");
        await ScoreAsync(open, "lmarena-text", 1200, "2025-01-01");
        await ScoreAsync(open, "lmarena-text", 1320, "2025-06-01");
        await ScoreAsync(weak, "lmarena-text", 1100, "2025-01-01");
        await ScoreAsync(family, "lmarena-text", 1400, "2025-01-01", variant: $"Big {family}");
        await PriceAsync($"Strong {strong}", strong, 3, 15, "2025-01-01");
        await PriceAsync($"Cheap {cheap}", cheap, 0.4m, 0.8m, "2025-01-01");
        await PriceAsync($"Open {open}", open, 0.27m, 1.1m, "2025-01-01", country: "CN");
        await PriceAsync($"Weak {weak}", weak, 0.1m, 0.1m, "2025-01-01", country: "FR");
        await PriceAsync($"Big {family}", family, 10, 30, "2025-01-01");
        await PriceAsync($"Small {family}", family, 0.05m, 0.05m, "2025-01-01");
        var mine = new[] { strong, cheap, open, weak, family };
        await Eventually.Until(
            async () => await GetAsync("/price-performance?benchmark=lmarena-text&asOf=2025-06-30"),
            answer => answer.Body.GetProperty("blocs").EnumerateArray().SelectMany(b => b.GetProperty("offerings").EnumerateArray())
                .Select(o => o.GetProperty("modelId").GetString()).Distinct().Count(mine.Contains) == mine.Length,
            Timeout,
            "every scored model's offerings linked and scored");

        var (status, atJune) = await GetAsync("/price-performance?benchmark=lmarena-text&min=1260&asOf=2025-06-30");
        var (_, atMarch) = await GetAsync("/price-performance?benchmark=lmarena-text&min=1260&asOf=2025-03-01");
        var (_, anyScore) = await GetAsync("/price-performance?benchmark=lmarena-text&asOf=2025-06-30");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("lmarena-text", atJune.GetProperty("benchmark").GetProperty("key").GetString());
        Assert.Equal(1260, atJune.GetProperty("min").GetDecimal());
        var us = Bloc(atJune, "US")!.Value;
        // The small model of the family takes no score of its big sibling: the cheapest that reaches 1260 is Strong.
        Assert.Equal([$"Strong {strong}", $"Big {family}"], us.GetProperty("offerings").EnumerateArray().Select(o => o.GetProperty("offering").GetString()));
        var cheapest = us.GetProperty("cheapest");
        Assert.Equal(6, cheapest.GetProperty("blendedUsdPerMillion").GetDecimal());
        Assert.Equal(1300, cheapest.GetProperty("score").GetProperty("value").GetDecimal());
        Assert.Equal("2025-01-01", cheapest.GetProperty("score").GetProperty("measuredOn").GetString());
        Assert.Equal(Leaderboard, cheapest.GetProperty("score").GetProperty("source").GetString());
        Assert.Equal(Observations.Source, cheapest.GetProperty("price").GetProperty("source").GetString());
        Assert.Equal($"Big {family}", us.GetProperty("offerings")[1].GetProperty("variant").GetString());
        var china = Bloc(atJune, "China")!.Value.GetProperty("cheapest");
        Assert.Equal((open, 1320m, "2025-06-01"), (china.GetProperty("modelId").GetString(), china.GetProperty("score").GetProperty("value").GetDecimal(), china.GetProperty("score").GetProperty("measuredOn").GetString()));
        Assert.Null(Bloc(atJune, "EU"));
        Assert.Null(Bloc(atMarch, "China"));
        Assert.Equal($"Cheap {cheap}", Bloc(anyScore, "US")!.Value.GetProperty("cheapest").GetProperty("offering").GetString());
        Assert.Equal($"Weak {weak}", Bloc(anyScore, "EU")!.Value.GetProperty("cheapest").GetProperty("offering").GetString());
    }

    [Fact]
    public async Task A_min_off_the_scale_an_unscored_benchmark_and_a_bad_date_are_400_problems_naming_the_field()
    {
        // The shipped scores the releases host recorded on start were published before pricing's test queues existed.
        var modelId = Unique("scale");
        await AnnounceAsync(modelId, "US", openWeights: false);
        await ScoreAsync(modelId, "lmarena-text", 1250, "2025-01-01");
        await Eventually.Until(() => GetAsync("/price-performance?benchmark=lmarena-text"), answer => answer.Status == HttpStatusCode.OK, Timeout, "lmarena-text scores in pricing");

        var (offScale, offScaleBody) = await GetAsync("/price-performance?benchmark=lmarena-text&min=5000");
        var (unscored, unscoredBody) = await GetAsync("/price-performance?benchmark=no-such-benchmark");
        var (gapUnscored, _) = await GetAsync("/price-performance/gap?benchmark=no-such-benchmark");
        var (badDate, badDateBody) = await GetAsync("/price-performance?asOf=2025-13-40");
        var (badMonth, badMonthBody) = await GetAsync("/price-performance/gap?from=2025-13");
        var (reversed, reversedBody) = await GetAsync("/price-performance/gap?from=2025-06&to=2025-01");

        Assert.Equal(HttpStatusCode.BadRequest, offScale);
        Assert.True(offScaleBody.GetProperty("errors").TryGetProperty("min", out _), offScaleBody.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, unscored);
        Assert.Equal("validation", unscoredBody.GetProperty("rule").GetString());
        Assert.True(unscoredBody.GetProperty("errors").TryGetProperty("benchmark", out _));
        Assert.Contains("lmarena-text", unscoredBody.GetProperty("benchmarks").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, gapUnscored);
        Assert.Equal(HttpStatusCode.BadRequest, badDate);
        Assert.True(badDateBody.GetProperty("errors").TryGetProperty("asOf", out _), badDateBody.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, badMonth);
        Assert.True(badMonthBody.GetProperty("errors").TryGetProperty("from", out _), badMonthBody.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, reversed);
        Assert.True(reversedBody.GetProperty("errors").TryGetProperty("from", out _), reversedBody.ToString());
    }

    [Fact]
    public async Task The_quality_answers_are_counted_once_per_day_and_change_and_then_read_whole_from_their_cell()
    {
        var bench = $"Shape Bench {Guid.NewGuid():N}"[..20];
        var key = bench.ToLowerInvariant().Replace(' ', '-');
        var reads = new[] { $"/price-performance?benchmark={key}&asOf=2025-06-30", $"/price-performance/gap?benchmark={key}&from=2025-01&to=2025-06" };

        async Task<List<string>> ScoredAndPricedAsync(int count)
        {
            var models = Enumerable.Range(0, count).Select(_ => Unique("shape")).ToList();
            foreach (var (model, i) in models.Select((model, i) => (model, i)))
            {
                await AnnounceAsync(model, i % 2 == 0 ? "US" : "CN", openWeights: i % 2 == 1);
                await ScoreAsync(model, bench, 50 + i, "2025-02-01");
                await PriceAsync($"Shape {model}", model, 1 + i, 2 + i, "2025-02-01", country: i % 2 == 0 ? "US" : "CN");
            }

            // Each fact reaches pricing by its own path (scores and models over the broker): the answer shows them all once in.
            await Eventually.Until(
                () => GetAsync(reads[0]),
                answer => answer.Status == HttpStatusCode.OK && models.All(model => answer.Body.GetProperty("blocs").EnumerateArray()
                    .Any(b => b.GetProperty("offerings").EnumerateArray().Any(o => o.GetProperty("modelId").GetString() == model && o.GetProperty("model").ValueKind == JsonValueKind.String))),
                Timeout,
                "every model, score and price of the batch in pricing");
            return models;
        }

        // Models other test classes announce reach this replica too, and mark the answers stale at any time: a read
        // counts as kept when one of a few in a row sends only the benchmark's probe and its cell's read.
        using var sql = new SqlCommands();
        async Task<Dictionary<string, int>> FewestAsync()
        {
            var fewest = reads.ToDictionary(read => read, _ => int.MaxValue);
            for (var attempt = 0; attempt < 20 && fewest.Values.Any(count => count > 2); attempt++)
            {
                foreach (var (read, count) in await sql.CountEachAsync(system.Client, reads))
                {
                    fewest[read] = Math.Min(fewest[read], count);
                }
            }

            return fewest;
        }

        var first = await ScoredAndPricedAsync(2);
        var small = await FewestAsync();
        var (_, smallPerformance) = await GetAsync(reads[0]);
        await ScoredAndPricedAsync(12);
        var counting = (await sql.OfAsync(system.Client, reads[1])).Count;
        var large = await FewestAsync();
        var (_, performance) = await GetAsync(reads[0]);
        var (_, gap) = await GetAsync(reads[1]);

        Assert.Equal(small, large);
        Assert.All(large.Values, count => Assert.Equal(2, count)); // the benchmark's probe, then its cell
        Assert.True(counting > 2, "the gap's first read after the second batch counts its answer again");
        Assert.Equal(2, smallPerformance.GetProperty("scoredModels").GetInt32());
        Assert.Equal(14, performance.GetProperty("scoredModels").GetInt32());
        var june = gap.GetProperty("months").EnumerateArray().Last();
        Assert.Equal("2025-06", june.GetProperty("month").GetString());
        Assert.Equal(60m, june.GetProperty("bestPaid").GetProperty("score").GetProperty("value").GetDecimal()); // 50 + 10, a US closed model
        Assert.Equal(61m, june.GetProperty("bestFree").GetProperty("score").GetProperty("value").GetDecimal()); // 50 + 11, a Chinese open one
        Assert.Equal(JsonValueKind.Null, gap.GetProperty("months")[0].GetProperty("bestFree").ValueKind); // January: no score yet

        // A score dated after the gap's last month marks the answers stale from its date only, which leaves the gap's
        // cell (kept as of June's last day) standing. One dated before moves the gap.
        await ScoreAsync(first[0], bench, 99, "2025-08-01");
        await Eventually.Until(() => ReplicaAsync($"score:{key}:{first[0]}"), score => score?.Points.Count == 2, Timeout, "the August score in the replica");
        await using (var session = system.Store.QuerySession())
        {
            var marks = await session.Query<DayCellChange>().Where(change => change.Read == ModelScore.QualityRead).ToListAsync();
            Assert.Contains(marks, mark => mark.From == new DateOnly(2025, 8, 1));
        }

        await ScoreAsync(first[0], bench, 98, "2025-06-15");
        var (_, moved) = await Eventually.Until(
            () => GetAsync(reads[1]),
            answer => answer.Body.GetProperty("months").EnumerateArray().Last().GetProperty("bestPaid").GetProperty("score").GetProperty("value").GetDecimal() == 98m,
            Timeout,
            "the June score in the gap");
        Assert.Equal(first[0], moved.GetProperty("months").EnumerateArray().Last().GetProperty("bestPaid").GetProperty("modelId").GetString());
    }

    [Fact]
    public async Task The_gap_between_the_best_free_or_open_model_and_the_best_paid_one_month_by_month()
    {
        var bench = $"Gap Bench {Guid.NewGuid():N}"[..18];
        var key = bench.ToLowerInvariant().Replace(' ', '-');
        var (paid, open, freeApi, opened) = (Unique("paid"), Unique("openw"), Unique("freeapi"), Unique("opened"));
        await AnnounceAsync(paid, "US", openWeights: false);
        await AnnounceAsync(open, "CN", openWeights: true);
        await AnnounceAsync(freeApi, "CN", openWeights: false);
        await AnnounceAsync(opened, "US", openWeights: false);
        (await system.ReleasesClient.PostAsJsonAsync($"/models/{opened}/access", new { effectiveOn = "2025-03-01", openWeights = true, licence = "Apache-2.0", sourceUrl = "https://example.org/opened" }))
            .EnsureSuccessStatusCode();
        await ScoreAsync(paid, bench, 80, "2024-06-01");
        await ScoreAsync(paid, bench, 90, "2025-01-01");
        await ScoreAsync(open, bench, 60, "2024-06-01");
        await ScoreAsync(open, bench, 88, "2025-02-01");
        await ScoreAsync(freeApi, bench, 70, "2024-09-01");
        await ScoreAsync(opened, bench, 95, "2024-06-01");
        await PriceAsync($"Free {freeApi}", freeApi, 0, 0, "2024-09-01", country: "CN");

        var path = $"/price-performance/gap?benchmark={key}&from=2024-05&to=2025-03";
        var (_, gap) = await Eventually.Until(
            () => GetAsync(path),
            answer => answer.Status == HttpStatusCode.OK
                && answer.Body.GetProperty("unplacedModels").GetArrayLength() == 0
                && answer.Body.GetProperty("months").EnumerateArray().Any(m => m.GetProperty("bestFree").ValueKind == JsonValueKind.Object && m.GetProperty("bestFree").GetProperty("modelId").GetString() == opened)
                && answer.Body.GetProperty("months").EnumerateArray().Any(m => m.GetProperty("bestFree").ValueKind == JsonValueKind.Object && m.GetProperty("bestFree").GetProperty("openness").GetString() == "free-api")
                // Scores reach pricing as events, in no set order: the open model's 88 of 2025-02-01 shows once it is in.
                && answer.Body.GetProperty("months").EnumerateArray().Any(m => m.GetProperty("bestFree").ValueKind == JsonValueKind.Object
                    && m.GetProperty("bestFree").GetProperty("modelId").GetString() == open && m.GetProperty("bestFree").GetProperty("score").GetProperty("value").GetDecimal() == 88m),
            Timeout,
            "every score, model, access change and price in pricing",
            answer => $"{(int)answer.Status} {answer.Body}"); // which fact was missing, should it ever time out again

        Assert.Equal("other", gap.GetProperty("benchmark").GetProperty("kind").GetString());
        Assert.Equal(bench, gap.GetProperty("benchmark").GetProperty("label").GetString());
        var months = gap.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!);
        Assert.Equal(11, months.Count);
        Assert.Equal(JsonValueKind.Null, months["2024-05"].GetProperty("gap").ValueKind);
        Assert.Equal("2024-06-30", months["2024-06"].GetProperty("asOf").GetString());

        (string Free, string Openness, string Paid, decimal Gap) Read(string month)
        {
            var m = months[month];
            return (m.GetProperty("bestFree").GetProperty("modelId").GetString()!, m.GetProperty("bestFree").GetProperty("openness").GetString()!,
                m.GetProperty("bestPaid").GetProperty("modelId").GetString()!, m.GetProperty("gap").GetDecimal());
        }

        Assert.Equal((open, "open-weights", opened, 35m), Read("2024-06"));
        Assert.Equal((freeApi, "free-api", opened, 25m), Read("2024-09"));
        Assert.Equal((open, "open-weights", opened, 7m), Read("2025-02"));
        Assert.Equal(0.0737m, months["2025-02"].GetProperty("relativeGap").GetDecimal());
        Assert.Equal(JsonValueKind.Null, months["2025-02"].GetProperty("freeWinRate").ValueKind);
        // The weights opened on 2025-03-01: the best model crossed to the free side, which now leads.
        Assert.Equal((opened, "open-weights", paid, -5m), Read("2025-03"));
        Assert.Equal(Leaderboard, months["2025-03"].GetProperty("bestPaid").GetProperty("score").GetProperty("source").GetString());
    }
}
