using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// The system scaled out on engines it already runs: two instances of releases, pricing and adoption behind the gateway,
/// on a three-node RabbitMQ cluster with quorum queues. Mid-stream one RabbitMQ node stops and the releases instance
/// that runs the relay is killed: every write the gateway accepted still reaches both consumers, none lost, duplicates
/// absorbed, and reads through the gateway are answered throughout (every failed read is counted and reported).
/// </summary>
[Collection(RabbitClusterGroup.Name)]
public sealed class ScaleOutTests(PrivateRabbitCluster cluster, ITestOutputHelper output)
{
    private const string Scenario = "scale-out";
    private const string Prefix = "scaled";

    [Fact]
    public async Task A_node_and_an_instance_lost_mid_stream_lose_no_event_and_reads_are_served_throughout()
    {
        var clock = Stopwatch.StartNew();
        await using var system = await FaultSystem.StartAsync(cluster.Site, Scenario, releasesInstances: 2, consumerInstances: 2);
        var gateway = await system.StartGatewayAsync($"{Scenario}-gateway");
        using var writes = gateway.NewClient(timeout: TimeSpan.FromSeconds(20));
        writes.BaseAddress = new Uri(gateway.BaseAddress, "api/releases/");
        var leader = await Eventually.Until(
            async () => await LeaderAsync(system.Releases),
            found => found is not null,
            TimeSpan.FromSeconds(60),
            "one releases instance to lead");

        var writer = SteadyWriter.TwentyPerSecond([writes], Prefix);
        using var stopWriting = new CancellationTokenSource(SteadyWriter.LongestRun);
        var writing = writer.RunAsync(stopWriting.Token);
        using var stopReading = new CancellationTokenSource(SteadyWriter.LongestRun);
        var reads = new ConcurrentBag<(string Kind, HttpStatusCode? Status, DateTime At)>();
        var reading = ReadThroughoutAsync(gateway, writer, reads, stopReading.Token);

        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count(o => o.Accepted)), count => count >= 40, TimeSpan.FromSeconds(60), "writes before the faults");
        var faultsStarted = DateTime.UtcNow;
        leader!.Kill();
        await cluster.StopNodeAsync(1);
        var nodeStopped = writer.Outcomes.Count;
        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= nodeStopped + 60, TimeSpan.FromSeconds(60), "writes while node 1 is down");
        await cluster.StartNodeAsync(1);
        var faultsEnded = DateTime.UtcNow;
        var restarted = writer.Outcomes.Count;
        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= restarted + 40, TimeSpan.FromSeconds(60), "writes after the node is back");
        await stopWriting.CancelAsync();
        var outcomes = await writing;
        await stopReading.CancelAsync();
        await reading;

        var accepted = outcomes.Where(outcome => outcome.Accepted).Select(outcome => outcome.ModelId).ToHashSet();
        var delivery = await system.WaitForDeliveryAsync(Prefix, TimeSpan.FromSeconds(180));
        var lost = accepted.Except(delivery.DeliveredEverywhere).ToList();
        var absorbed = await system.DuplicatesDroppedByConsumersAsync();
        var readsDuringFaults = reads.Where(read => read.At >= faultsStarted && read.At <= faultsEnded).ToList();
        var failedReads = reads.Where(read => read.Status != HttpStatusCode.OK).ToList();

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = Scenario,
            Fault = "Two instances each of releases, pricing and adoption behind the gateway on a 3-node RabbitMQ cluster (quorum queues): "
                + $"the relay's releases instance killed (SIGKILL) and RabbitMQ node 1 stopped for {(faultsEnded - faultsStarted).TotalSeconds:0} s mid-stream",
            EventsWritten = accepted.Count,
            EventsDelivered = delivery.DeliveredEverywhere.Count(accepted.Contains),
            EventsLost = lost.Count,
            DuplicatesDelivered = delivery.DuplicateCopies,
            DuplicatesAbsorbed = (long)absorbed,
            ServerErrors = null,
            Observations = new Dictionary<string, string>
            {
                ["writes through the gateway refused"] = Refusals(outcomes),
                ["reads through the gateway"] = reads.Count.ToString(CultureInfo.InvariantCulture),
                ["reads during the faults"] = readsDuringFaults.Count.ToString(CultureInfo.InvariantCulture),
                ["failed reads"] = failedReads.Count == 0 ? "0" : string.Join(", ", failedReads.GroupBy(read => $"{read.Kind} {read.Status?.ToString() ?? "no answer"}").Select(group => $"{group.Key} x{group.Count()}")),
            },
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });
        output.WriteLine($"{outcomes.Count} writes, {accepted.Count} accepted ({Refusals(outcomes)} refused), {delivery.DeliveredEverywhere.Count} delivered everywhere, {lost.Count} lost, {delivery.DuplicateCopies} duplicate copies, {absorbed} dropped by consumers; {reads.Count} reads, {readsDuringFaults.Count} during the faults, {failedReads.Count} failed");

        Assert.Empty(lost);
        Assert.True(readsDuringFaults.Count(read => read.Status == HttpStatusCode.OK) >= 10, "reads were not served during the faults");
        Assert.True(failedReads.Count <= reads.Count / 20, $"{failedReads.Count} of {reads.Count} reads failed");
        Assert.True(accepted.Count >= outcomes.Count * 9 / 10, $"only {accepted.Count} of {outcomes.Count} writes were accepted");
    }

    /// <summary>
    /// Reads through the gateway every 100 ms, alternating a proxied model card and a composed dossier (releases,
    /// pricing and adoption together) of a model written earlier, and keeps every answer.
    /// </summary>
    private static async Task ReadThroughoutAsync(ServiceProcess gateway, SteadyWriter writer, ConcurrentBag<(string, HttpStatusCode?, DateTime)> reads, CancellationToken stop)
    {
        using var client = gateway.NewClient(TestApiKeys.Reader, TimeSpan.FromSeconds(20));
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            if (writer.Outcomes.Where(outcome => outcome.Accepted).Select(outcome => outcome.ModelId).FirstOrDefault() is { } model)
            {
                var (kind, path) = n % 2 == 0 ? ("card", $"api/releases/models/{model}") : ("dossier", $"api/models/{model}/dossier");
                try
                {
                    using var answer = await client.GetAsync(new Uri(path, UriKind.Relative), stop);
                    reads.Add((kind, answer.StatusCode, DateTime.UtcNow));
                }
                catch (HttpRequestException)
                {
                    reads.Add((kind, null, DateTime.UtcNow));
                }
                catch (TaskCanceledException) when (!stop.IsCancellationRequested)
                {
                    reads.Add((kind, null, DateTime.UtcNow));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<ServiceProcess?> LeaderAsync(IEnumerable<ServiceProcess> instances)
    {
        foreach (var instance in instances)
        {
            if ((await MetricsText.ScrapeAsync(instance.BaseAddress)).Sum("intelligence_async_daemon_leader") == 1)
            {
                return instance;
            }
        }

        return null;
    }

    private static string Refusals(IReadOnlyList<WriteOutcome> outcomes)
    {
        var refused = outcomes.Where(outcome => !outcome.Accepted).ToList();
        return refused.Count == 0
            ? "0"
            : string.Join(", ", refused.GroupBy(outcome => outcome.Status?.ToString(CultureInfo.InvariantCulture) ?? "no answer").Select(group => $"{group.Key} x{group.Count()}"));
    }
}
