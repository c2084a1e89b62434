using System.Diagnostics;
using System.Globalization;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// RabbitMQ stopped for a while during a steady stream of writes, then started: writes go on being accepted (the store
/// is the outbox), and once the broker is back every accepted event reaches every consumer, each applied once.
/// </summary>
[Collection(PrivateServersGroup.Name)]
public sealed class BrokerOutageTests(PrivateServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_event_accepted_while_the_broker_was_down_reaches_every_consumer_once()
    {
        var clock = Stopwatch.StartNew();
        await using var system = await FaultSystem.StartAsync(servers.Site, "broker-outage");
        using var client = system.Releases[0].NewClient(timeout: TimeSpan.FromSeconds(20));
        var writer = SteadyWriter.TwentyPerSecond([client], "outage");
        using var stop = new CancellationTokenSource(SteadyWriter.LongestRun);
        var writing = writer.RunAsync(stop.Token);

        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= 40, TimeSpan.FromSeconds(30), "writes before the outage");
        var outageStarted = DateTime.UtcNow;
        await servers.StopRabbitAsync();
        output.WriteLine($"broker stopped in {(DateTime.UtcNow - outageStarted).TotalSeconds:0.0} s");
        var stoppedAt = writer.Outcomes.Count;
        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= stoppedAt + 60, TimeSpan.FromSeconds(30), "writes while the broker is down");
        var restarting = DateTime.UtcNow;
        await servers.StartRabbitAsync();
        var outageEnded = DateTime.UtcNow;
        output.WriteLine($"broker started in {(outageEnded - restarting).TotalSeconds:0.0} s");
        var restartedAt = writer.Outcomes.Count;
        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= restartedAt + 40, TimeSpan.FromSeconds(30), "writes after the outage");
        await stop.CancelAsync();
        var outcomes = await writing;

        var accepted = outcomes.Where(outcome => outcome.Accepted).Select(outcome => outcome.ModelId).ToHashSet();
        var duringOutage = outcomes.Count(outcome => outcome.Accepted && outcome.StartedAtUtc > outageStarted && outcome.StartedAtUtc < outageEnded);
        var delivery = await system.WaitForDeliveryAsync("outage", TimeSpan.FromSeconds(120));
        var lost = accepted.Except(delivery.DeliveredEverywhere).ToList();
        var absorbed = await system.DuplicatesDroppedByConsumersAsync();

        // The trace of each write survives the outage: the stored event kept it, and the relay published in it.
        var inTheirTrace = outcomes.Count(outcome => outcome.Accepted && delivery.BrokerTraces.GetValueOrDefault(outcome.ModelId) == outcome.TraceId);

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "broker-outage",
            Fault = $"RabbitMQ shut down for {(outageEnded - outageStarted).TotalSeconds:0} s (rabbitmqctl shutdown, then started) during a stream of 20 writes/s",
            EventsWritten = accepted.Count,
            EventsDelivered = delivery.DeliveredEverywhere.Count(accepted.Contains),
            EventsLost = lost.Count,
            DuplicatesDelivered = delivery.DuplicateCopies,
            DuplicatesAbsorbed = (long)absorbed,
            Observations = new Dictionary<string, string>
            {
                ["writes sent"] = outcomes.Count.ToString(CultureInfo.InvariantCulture),
                ["writes accepted while the broker was down"] = duringOutage.ToString(CultureInfo.InvariantCulture),
                ["writes refused"] = outcomes.Count(outcome => !outcome.Accepted).ToString(CultureInfo.InvariantCulture),
                ["slowest write (ms)"] = outcomes.Max(outcome => outcome.Took.TotalMilliseconds).ToString("0", CultureInfo.InvariantCulture),
                ["messages in the trace of the write that stored them"] = $"{inTheirTrace} of {accepted.Count}",
            },
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });
        output.WriteLine($"{outcomes.Count} writes, {accepted.Count} accepted ({duringOutage} during the outage), {delivery.DeliveredEverywhere.Count} delivered everywhere, {delivery.DuplicateCopies} duplicate copies on the broker, {absorbed} dropped by consumers");

        Assert.All(outcomes, outcome => Assert.True(outcome.Accepted, $"{outcome.ModelId}: {outcome.Status} {outcome.Error}"));
        Assert.True(duringOutage >= 40, $"only {duringOutage} writes were accepted during the outage");
        Assert.Empty(lost);
        Assert.Equal(accepted.Count, delivery.Stored.Count);
        Assert.Equal(accepted.Count, inTheirTrace);
    }
}
