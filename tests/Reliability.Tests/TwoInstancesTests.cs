using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// Two instances of releases on one store and broker: one runs the relay (Marten's hot/cold leader election), both
/// take writes and serve reads, optimistic concurrency holds across them, and when the leader is killed the other
/// takes the relay over; each event takes effect once in the consumers.
/// </summary>
[Collection(PrivateServersGroup.Name)]
public sealed class TwoInstancesTests(PrivateServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task One_instance_relays_both_serve_and_the_other_takes_over_when_the_leader_dies()
    {
        var clock = Stopwatch.StartNew();
        await using var system = await FaultSystem.StartAsync(servers.Site, "two-instances", releasesInstances: 2);
        var instances = system.Releases;
        List<bool> leaders;
        try
        {
            leaders = await Eventually.Until(
                () => LeadersAsync(instances),
                found => found.Count(leads => leads) == 1,
                TimeSpan.FromSeconds(60),
                "exactly one releases instance to run the relay");
        }
        catch (TimeoutException timeout)
        {
            using var probe = new HttpClient();
            var shards = await Task.WhenAll(instances.Select(async instance => $"{instance.Instance}: " + string.Join("; ",
                (await probe.GetStringAsync(new Uri(instance.BaseAddress, "metrics"))).Split('\n').Where(line => line.StartsWith("intelligence_async_daemon", StringComparison.Ordinal)))
                + " " + await (await probe.GetAsync(new Uri(instance.BaseAddress, "health/ready"))).Content.ReadAsStringAsync()));
            throw new TimeoutException($"{timeout.Message} The daemon's gauges: {string.Join(" | ", shards)}\n{await system.DatabaseActivityAsync("releases")}", timeout);
        }

        var leader = instances[leaders.IndexOf(true)];
        var standby = instances[leaders.IndexOf(false)];
        using var leaderClient = leader.NewClient();
        using var standbyClient = standby.NewClient();

        // Both write; each reads what the other wrote.
        var both = await new SteadyWriter([leaderClient, standbyClient], "pair", TimeSpan.FromMilliseconds(25), maxWrites: 200).RunAsync(CancellationToken.None);
        Assert.All(both, outcome => Assert.True(outcome.Accepted, $"{outcome.ModelId}: {outcome.Status} {outcome.Error}"));
        foreach (var (outcome, index) in both.Take(20).Select((outcome, index) => (outcome, index)))
        {
            var reader = index % 2 == 0 ? standbyClient : leaderClient;
            using var read = await reader.GetAsync(new Uri($"models/{outcome.ModelId}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        await ContestOneStreamAsync([leaderClient, standbyClient], "pair-00000");

        // The leader dies mid-stream; the standby takes the relay over and takes every write meanwhile.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var survivorWriter = new SteadyWriter([standbyClient], "takeover", TimeSpan.FromMilliseconds(25), maxWrites: 400);
        var writing = survivorWriter.RunAsync(stop.Token);
        await Eventually.Until(() => Task.FromResult(survivorWriter.Outcomes.Count), count => count >= 40, TimeSpan.FromSeconds(30), "writes before the kill");
        var killedAt = Stopwatch.StartNew();
        leader.Kill();
        await Eventually.Until(() => LeadersAsync([standby]), found => found[0], TimeSpan.FromSeconds(60), "the standby to take the relay over");
        var takeover = killedAt.Elapsed;
        var afterKill = await writing;
        Assert.All(afterKill, outcome => Assert.True(outcome.Accepted, $"{outcome.ModelId}: {outcome.Status} {outcome.Error}"));

        var pair = await system.WaitForDeliveryAsync("pair", TimeSpan.FromSeconds(60));
        var taken = await system.WaitForDeliveryAsync("takeover", TimeSpan.FromSeconds(120));
        var written = both.Count + afterKill.Count;
        var delivered = pair.DeliveredEverywhere.Count + taken.DeliveredEverywhere.Count;
        var duplicates = pair.DuplicateCopies + taken.DuplicateCopies;
        var absorbed = await system.DuplicatesDroppedByConsumersAsync();

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "two-instances",
            Fault = "Two releases instances on one store, writes through both, then the relay's leader killed with SIGKILL mid-stream",
            EventsWritten = written,
            EventsDelivered = delivered,
            EventsLost = written - delivered,
            DuplicatesDelivered = duplicates,
            DuplicatesAbsorbed = (long)absorbed,
            Observations = new Dictionary<string, string>
            {
                ["instances leading at once"] = "1",
                ["contested writes through the two instances"] = "1 won (200), 1 refused (412)",
                ["takeover after the leader's kill (s)"] = takeover.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
            },
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });
        output.WriteLine($"{written} written, {delivered} delivered everywhere, {duplicates} duplicate copies on the broker, {absorbed} dropped by consumers; takeover in {takeover.TotalSeconds:0.0} s");

        Assert.Equal(written, delivered);
        Assert.Equal(both.Count, pair.Stored.Count);
        Assert.Equal(0, pair.DuplicateCopies);
    }

    /// <summary>
    /// Rounds of writers on one stream, half through each instance, all expecting the version they just read: exactly one
    /// wins each version, the others get <c>412</c>, and the history holds every winner's change and nothing else.
    /// </summary>
    private async Task ContestOneStreamAsync(HttpClient[] instances, string modelId)
    {
        const int Rounds = 10;
        const int Writers = 8;
        var clock = Stopwatch.StartNew();
        var winners = new List<string>();
        var refused = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var version = (await HistoryAsync(instances[0], modelId)).Count;
            var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
            {
                var licence = $"licence {round}.{writer}";
                return (licence, status: await ChangeAccessAsync(instances[writer % instances.Length], modelId, licence, version));
            }));
            Assert.Single(answers, answer => answer.status == HttpStatusCode.OK);
            Assert.All(answers.Where(answer => answer.status != HttpStatusCode.OK), answer => Assert.Equal(HttpStatusCode.PreconditionFailed, answer.status));
            winners.Add(answers.Single(answer => answer.status == HttpStatusCode.OK).licence);
            refused += Writers - 1;
        }

        var history = await HistoryAsync(instances[1], modelId);
        var lostUpdates = winners.Count(licence => !history.Any(entry => entry.Contains($"\"{licence}\"", StringComparison.Ordinal)));
        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "concurrent-writers",
            Fault = $"{Rounds} rounds of {Writers} writers on one stream through two instances, each expecting the version it read (If-Match)",
            EventsWritten = winners.Count,
            EventsLost = lostUpdates,
            ServerErrors = 0,
            Observations = new Dictionary<string, string>
            {
                ["winners per version"] = "1",
                ["412 answers"] = refused.ToString(CultureInfo.InvariantCulture),
                ["events in the stream"] = history.Count.ToString(CultureInfo.InvariantCulture),
            },
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });
        output.WriteLine($"{Rounds} rounds x {Writers} writers: {winners.Count} winners, {refused} refused with 412, {history.Count} events in the stream");
        Assert.Equal(0, lostUpdates);
        Assert.Equal(1 + Rounds, history.Count);
    }

    /// <summary>Each stored event of the model's stream as JSON, oldest first (the announcement's too).</summary>
    private static async Task<List<string>> HistoryAsync(HttpClient client, string modelId)
    {
        var history = await client.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri($"models/{modelId}/history", UriKind.Relative));
        return [.. history.EnumerateArray().Select(entry => entry.GetRawText())];
    }

    /// <summary>Whether each instance says it runs the relay (<c>intelligence_async_daemon_leader</c>).</summary>
    private static async Task<List<bool>> LeadersAsync(IEnumerable<ServiceProcess> instances)
    {
        var leads = new List<bool>();
        foreach (var instance in instances)
        {
            var metrics = await MetricsText.ScrapeAsync(instance.BaseAddress);
            leads.Add(metrics.Sum("intelligence_async_daemon_leader") == 1);
        }

        return leads;
    }

    private static async Task<HttpStatusCode> ChangeAccessAsync(HttpClient client, string modelId, string licence, int expectedVersion)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"models/{modelId}/access", UriKind.Relative))
        {
            Content = JsonContent.Create(new { effectiveOn = "2025-04-01", licence, sourceUrl = "https://example.org/reliability" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{expectedVersion.ToString(CultureInfo.InvariantCulture)}\"");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
