using System.Diagnostics;
using System.Globalization;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// One consumer (pricing) cut off its database while releases keeps publishing: its messages fail for as long as the
/// outage lasts, far longer than the retries for a poison message, yet none goes to the error queue; once the link is
/// back, the consumer catches up and every event takes effect once.
/// </summary>
[Collection(PrivateServersGroup.Name)]
public sealed class ConsumerDatabaseOutageTests(PrivateServers servers, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_consumer_waits_out_its_database_outage_and_sends_nothing_to_the_error_queue()
    {
        var clock = Stopwatch.StartNew();
        await using var system = await FaultSystem.StartAsync(servers.Site, "consumer-database", linkedDatabase: "pricing");
        using var client = system.Releases[0].NewClient();
        var writer = SteadyWriter.TwentyPerSecond([client], "cutoff");
        using var stop = new CancellationTokenSource(SteadyWriter.LongestRun);
        var writing = writer.RunAsync(stop.Token);

        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= 40, TimeSpan.FromSeconds(30), "writes before the outage");
        var before = await MetricsText.ScrapeAsync(system.Pricing.BaseAddress);
        system.DatabaseLink!.Cut();
        var cutAt = Stopwatch.StartNew();
        await Eventually.Until(() => Task.FromResult(cutAt.Elapsed), elapsed => elapsed >= Outage, Outage * 2, "the outage to last");
        system.DatabaseLink.Restore();
        var restoredAt = writer.Outcomes.Count;
        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= restoredAt + 40, TimeSpan.FromSeconds(30), "writes after the outage");
        await stop.CancelAsync();
        var outcomes = await writing;

        var accepted = outcomes.Where(outcome => outcome.Accepted).Select(outcome => outcome.ModelId).ToHashSet();
        var delivery = await system.WaitForDeliveryAsync("cutoff", TimeSpan.FromSeconds(120));
        var after = await MetricsText.ScrapeAsync(system.Pricing.BaseAddress);
        var failedAttempts = MetricsText.Delta(before, after, "intelligence_consumer_messages_failed_total");
        var errorQueue = await system.ErrorQueueMessagesAsync();
        var lost = accepted.Except(delivery.DeliveredEverywhere).ToList();

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "consumer-database-outage",
            Fault = $"Pricing (a consumer) cut off its database for {Outage.TotalSeconds:0} s (connections reset, new ones refused) while releases kept publishing 20 events/s",
            EventsWritten = accepted.Count,
            EventsDelivered = delivery.DeliveredEverywhere.Count(accepted.Contains),
            EventsLost = lost.Count,
            DuplicatesDelivered = delivery.DuplicateCopies,
            DuplicatesAbsorbed = (long)await system.DuplicatesDroppedByConsumersAsync(),
            Observations = new Dictionary<string, string>
            {
                ["failed delivery attempts in pricing during the outage"] = failedAttempts.ToString("0", CultureInfo.InvariantCulture),
                ["messages in error queues"] = errorQueue.ToString(CultureInfo.InvariantCulture),
                ["connections cut"] = system.DatabaseLink.ConnectionsCut.ToString(CultureInfo.InvariantCulture),
            },
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });
        output.WriteLine($"{accepted.Count} accepted, {delivery.DeliveredEverywhere.Count} delivered everywhere, {failedAttempts} failed attempts in pricing, {errorQueue} in error queues");

        Assert.All(outcomes, outcome => Assert.True(outcome.Accepted, $"{outcome.ModelId}: {outcome.Status} {outcome.Error}"));
        Assert.True(failedAttempts > 0, "pricing never failed a delivery: was its database really cut off?");
        Assert.Equal(0, errorQueue);
        Assert.Empty(lost);
    }
}
