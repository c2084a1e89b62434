using System.Diagnostics;
using System.Globalization;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// One node of a three-node RabbitMQ cluster stopped during a steady stream of writes, then started again: with quorum
/// queues and every node listed, the services move to a surviving node, and every accepted event still reaches every
/// consumer, duplicates absorbed. A collection of its own (never <see cref="PrivateServers"/>' ports, which another run
/// of the suite may hold), run one collection at a time (SerialCollections.cs).
/// </summary>
[Collection(RabbitClusterGroup.Name)]
public sealed class RabbitClusterNodeStopTests(PrivateRabbitCluster cluster, ITestOutputHelper output)
{
    private const string Scenario = "rabbit-cluster-node-stop";
    private const string Prefix = "cluster";

    [Fact]
    public async Task Every_event_accepted_while_a_node_was_down_reaches_every_consumer_once()
    {
        var clock = Stopwatch.StartNew();
        output.WriteLine($"cluster started in {cluster.StartedIn.TotalSeconds:0.0} s");
        await using var system = await FaultSystem.StartAsync(cluster.Site, Scenario);

        // Every queue of the scenario (the services' and the tap) is a quorum queue with a member on each node.
        var queues = await system.QueuesAsync(node: 1);
        Assert.Contains(queues, queue => queue.Name.StartsWith("pricing", StringComparison.Ordinal));
        Assert.Contains(queues, queue => queue.Name.StartsWith("adoption", StringComparison.Ordinal));
        Assert.All(queues, queue =>
        {
            Assert.Equal("quorum", queue.Type);
            Assert.Equal(PrivateRabbitCluster.NodeNumbers.Select(PrivateRabbitCluster.NodeName).Order(), queue.Members.Order());
        });
        var faultQueueTypes = await FaultQueueTypesAsync(system, queues.First(queue => queue.Name.StartsWith("pricing", StringComparison.Ordinal)).Name);

        // The node to stop is the one the services are connected to: each lists node 1 first, so all start there, and
        // most of their queues' leaders with them (a quorum queue is led where it was declared). Stopping it cuts every
        // service connection and moves those leaders at once: the hardest single-node failure.
        // The management API lists a connection once its statistics come in, a few seconds after it opens.
        var serviceConnections = await Eventually.Until(
            async () => (await system.ConnectionsAsync(node: 1)).Where(connection => !connection.Client.StartsWith("reliability-", StringComparison.Ordinal)).ToList(),
            found => found.Count >= 3,
            TimeSpan.FromSeconds(30),
            "the connections of releases, pricing and adoption to be listed");
        var stopped = serviceConnections.GroupBy(connection => connection.Node).MaxBy(group => group.Count())!.Key;
        var stoppedNode = PrivateRabbitCluster.NodeNumbers.Single(node => PrivateRabbitCluster.NodeName(node) == stopped);
        var survivor = PrivateRabbitCluster.NodeNumbers.First(node => node != stoppedNode);
        output.WriteLine($"{serviceConnections.Count} service connections, on {string.Join(", ", serviceConnections.Select(connection => connection.Node).Distinct())}; leaders on {string.Join(", ", queues.Select(queue => queue.Leader).Distinct())}; stopping node {stoppedNode}");

        using var client = system.Releases[0].NewClient(timeout: TimeSpan.FromSeconds(20));
        var writer = SteadyWriter.TwentyPerSecond([client], Prefix);
        using var stop = new CancellationTokenSource(SteadyWriter.LongestRun);
        var writing = writer.RunAsync(stop.Token);

        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= 40, TimeSpan.FromSeconds(30), "writes before the node stops");
        var outageStarted = DateTime.UtcNow;
        await cluster.StopNodeAsync(stoppedNode);
        var nodeStopped = DateTime.UtcNow;
        var stoppedAt = writer.Outcomes.Count;

        // The services find a surviving node (RabbitMq:Hosts): their connections move there while the node is down.
        await Eventually.Until(
            async () => (await system.ConnectionsAsync(survivor)).Count(connection => !connection.Client.StartsWith("reliability-", StringComparison.Ordinal)),
            count => count >= serviceConnections.Count,
            TimeSpan.FromSeconds(60),
            "the services to reconnect to a surviving node");
        var reconnected = DateTime.UtcNow;
        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= stoppedAt + 60, TimeSpan.FromSeconds(30), "writes while the node is down");
        var tappedWhileDown = (await system.DeliveryAsync(Prefix)).BrokerCopies.Keys
            .Count(id => string.CompareOrdinal(id, $"{Prefix}-{stoppedAt.ToString("D5", CultureInfo.InvariantCulture)}") >= 0);

        var restarting = DateTime.UtcNow;
        await cluster.StartNodeAsync(stoppedNode);
        var outageEnded = DateTime.UtcNow;
        var restartedAt = writer.Outcomes.Count;
        await Eventually.Until(() => Task.FromResult(writer.Outcomes.Count), count => count >= restartedAt + 40, TimeSpan.FromSeconds(30), "writes after the node is back");
        await stop.CancelAsync();
        var outcomes = await writing;

        var accepted = outcomes.Where(outcome => outcome.Accepted).Select(outcome => outcome.ModelId).ToHashSet();
        var duringOutage = outcomes.Count(outcome => outcome.Accepted && outcome.StartedAtUtc > outageStarted && outcome.StartedAtUtc < outageEnded);
        var delivery = await system.WaitForDeliveryAsync(Prefix, TimeSpan.FromSeconds(120));
        var lost = accepted.Except(delivery.DeliveredEverywhere).ToList();
        var absorbed = await system.DuplicatesDroppedByConsumersAsync();
        var afterwards = await system.QueuesAsync(survivor);

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = Scenario,
            Fault = $"RabbitMQ node {stoppedNode.ToString(CultureInfo.InvariantCulture)} of 3 (the services' node, leader of {queues.Count(queue => queue.Leader == stopped).ToString(CultureInfo.InvariantCulture)} of their {queues.Count.ToString(CultureInfo.InvariantCulture)} queues) shut down for {(outageEnded - outageStarted).TotalSeconds:0} s (rabbitmqctl shutdown, then started) during a stream of 20 writes/s; quorum queues, RabbitMq:Hosts listing all three nodes",
            EventsWritten = accepted.Count,
            EventsDelivered = delivery.DeliveredEverywhere.Count(accepted.Contains),
            EventsLost = lost.Count,
            DuplicatesDelivered = delivery.DuplicateCopies,
            DuplicatesAbsorbed = (long)absorbed,
            Observations = new Dictionary<string, string>
            {
                ["writes sent"] = outcomes.Count.ToString(CultureInfo.InvariantCulture),
                ["writes accepted while the node was down"] = duringOutage.ToString(CultureInfo.InvariantCulture),
                ["writes refused"] = outcomes.Count(outcome => !outcome.Accepted).ToString(CultureInfo.InvariantCulture),
                ["slowest write (ms)"] = outcomes.Max(outcome => outcome.Took.TotalMilliseconds).ToString("0", CultureInfo.InvariantCulture),
                ["node shutdown (s)"] = (nodeStopped - outageStarted).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                ["services on a surviving node, s after the shutdown returned"] = (reconnected - nodeStopped).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                ["node start (s)"] = (outageEnded - restarting).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                ["events written after the stop on the broker before the node came back"] = tappedWhileDown.ToString(CultureInfo.InvariantCulture),
                ["queue types (_error, _skipped)"] = faultQueueTypes,
                ["cluster start (s)"] = cluster.StartedIn.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
            },
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });
        output.WriteLine($"{outcomes.Count} writes, {accepted.Count} accepted ({duringOutage} while node {stoppedNode} was down), {delivery.DeliveredEverywhere.Count} delivered everywhere, {delivery.DuplicateCopies} duplicate copies on the broker, {absorbed} dropped by consumers; services on a surviving node {(reconnected - nodeStopped).TotalSeconds:0.0} s after the shutdown returned; {tappedWhileDown} events written after the stop on the broker before the node came back; fault queues {faultQueueTypes}; leaders afterwards on {string.Join(", ", afterwards.Select(queue => queue.Leader).Distinct())}; {clock.Elapsed.TotalSeconds:0} s");

        Assert.All(outcomes, outcome => Assert.True(outcome.Accepted, $"{outcome.ModelId}: {outcome.Status} {outcome.Error}"));
        Assert.Empty(lost);
        Assert.Equal(accepted.Count, delivery.Stored.Count);
        Assert.All(afterwards, queue => Assert.Equal(PrivateRabbitCluster.Nodes, queue.Members.Count));
    }

    /// <summary>
    /// A message that is not JSON and one of a type no consumer handles, sent to <paramref name="queue"/>: MassTransit
    /// declares its <c>_error</c> and <c>_skipped</c> queues with the consumer queue's arguments, so with quorum queues
    /// on they are quorum queues too, replicated like it.
    /// </summary>
    private static async Task<string> FaultQueueTypesAsync(FaultSystem system, string queue)
    {
        await system.SendRawAsync(queue, "not json", "urn:message:Intelligence.Contracts.Releases:ModelReleased");
        await system.SendRawAsync(
            queue,
            $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:Intelligence.Reliability:NothingConsumesThis"],"message":{"nothing":1} }""",
            "urn:message:Intelligence.Reliability:NothingConsumesThis");
        var faultQueues = await Eventually.Until(
            async () => (await system.QueuesAsync(node: 1)).Where(candidate => candidate.Name == queue + "_error" || candidate.Name == queue + "_skipped").ToList(),
            found => found.Count == 2,
            TimeSpan.FromSeconds(30),
            $"{queue}_error and {queue}_skipped to be declared");
        Assert.All(faultQueues, faultQueue =>
        {
            Assert.Equal("quorum", faultQueue.Type);
            Assert.Equal(PrivateRabbitCluster.Nodes, faultQueue.Members.Count);
        });
        return string.Join(", ", faultQueues.OrderBy(faultQueue => faultQueue.Name, StringComparer.Ordinal).Select(faultQueue => faultQueue.Type));
    }
}
