using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// The releases instance that runs the relay is killed (<c>SIGKILL</c>) while it works through a backlog, then started
/// again: the relay resumes from the position it last committed, so every stored event reaches every consumer; the
/// page it was publishing when killed goes out twice, and the consumers drop the second copies.
/// </summary>
[Collection(PrivateServersGroup.Name)]
public sealed class RelayKillTests(PrivateServers servers, ITestOutputHelper output)
{
    private const int Backlog = 10_000;

    /// <summary>A few pages in: the relay has committed some of the backlog and is publishing the next page.</summary>
    private const int KillAfter = 2_000;

    [Fact]
    public async Task A_relay_killed_mid_backlog_resumes_from_its_position_and_loses_nothing()
    {
        var clock = Stopwatch.StartNew();

        // The backlog is written by an instance that runs no relay, so it is all still to publish when the relay starts.
        await using var system = await FaultSystem.StartAsync(servers.Site, "relay-kill", releasesSettings: new Dictionary<string, string> { ["Marten:DaemonMode"] = "Disabled" });
        var writer = system.Releases[0];
        using (var client = writer.NewClient(timeout: TimeSpan.FromMinutes(2)))
        {
            using var import = await client.PostAsync(new Uri("imports", UriKind.Relative), new StringContent(BacklogCsv(), Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        }

        await writer.StopAsync();
        var (stored, _) = await system.RelayProgressAsync();

        var relay = system.LaunchReleasesInstance("relay-kill-releases-2");
        // Polled in a tight loop rather than with Eventually's growing interval: the relay moves 500 events a page.
        var atKill = await system.RelayProgressAsync();
        var deadline = Stopwatch.StartNew();
        while (atKill.Relay < KillAfter && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(5);
            atKill = await system.RelayProgressAsync();
        }

        // A page takes tens of milliseconds to publish: a moment after a commit, the next page is on its way out.
        await Task.Delay(40);
        relay.Kill();
        output.WriteLine($"killed the relay at position {atKill.Relay} of {stored}");
        Assert.True(atKill.Relay < stored, $"the relay had published the whole backlog ({atKill.Relay} of {stored}) before it could be killed: make the backlog longer");

        await relay.StartAgainAsync();
        var delivery = await system.WaitForDeliveryAsync("backlog", TimeSpan.FromSeconds(120));
        var absorbed = await system.DuplicatesDroppedByConsumersAsync();

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "relay-kill",
            Fault = $"The releases instance running the relay killed with SIGKILL at event {atKill.Relay} of a {stored}-event backlog, then started again",
            EventsWritten = delivery.Stored.Count,
            EventsDelivered = delivery.DeliveredEverywhere.Count,
            EventsLost = delivery.Stored.Count - delivery.DeliveredEverywhere.Count,
            DuplicatesDelivered = delivery.DuplicateCopies,
            DuplicatesAbsorbed = (long)absorbed,
            Observations = new Dictionary<string, string>
            {
                ["relay position at the kill"] = atKill.Relay.ToString(CultureInfo.InvariantCulture),
                ["events stored"] = stored.ToString(CultureInfo.InvariantCulture),
            },
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });
        output.WriteLine($"{delivery.Stored.Count} stored, {delivery.DeliveredEverywhere.Count} delivered everywhere, {delivery.DuplicateCopies} duplicate copies on the broker, {absorbed} dropped by consumers");

        Assert.Equal(Backlog, delivery.Stored.Count);
        Assert.Equal(Backlog, delivery.DeliveredEverywhere.Count);
    }

    private static string BacklogCsv()
    {
        var csv = new StringBuilder("release_id,model,organization,org_country,release_date,date_basis,open_weights,licence,consumer_free_access,consumer_access_note,epoch_feb2025_accessibility,epoch_feb2025_date,notes,source,confidence\n");
        for (var n = 0; n < Backlog; n++)
        {
            // The model's id is the slug of its name: backlog-00000, backlog-00001, ...
            csv.Append(CultureInfo.InvariantCulture, $"B{n},Backlog {n:D5},Reliability Lab,CN,2025-03-01,weights release,yes,MIT,yes,,,,,https://example.org/reliability,high\n");
        }

        return csv.ToString();
    }
}
