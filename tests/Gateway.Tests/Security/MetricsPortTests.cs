using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.Security;

/// <summary>
/// With <c>Metrics:Port</c> set (as the Kubernetes base sets it), <c>/metrics</c> answers only on that port, so the
/// ingress, which routes to the app's own port, cannot reach it.
/// </summary>
public sealed class MetricsPortTests
{
    [Fact]
    public async Task With_a_metrics_port_the_metrics_answer_there_and_not_on_the_apps_port()
    {
        var metricsPort = FreeLoopbackPort();
        await using var gateway = new ServiceHost<Program>(
            [new("Metrics:Port", metricsPort.ToString(CultureInfo.InvariantCulture)), .. TestServers.RabbitSettings()],
            alsoListenOn: [metricsPort]);
        gateway.Start();
        using var anonymous = gateway.NewClient(apiKey: null);
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/") };

        using (var scraped = await scraper.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.Contains("# TYPE intelligence_", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var onAppPort = await anonymous.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, onAppPort.StatusCode);
        Assert.DoesNotContain("# TYPE", await onAppPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The rest of the app is where it was.
        using var health = await anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_metrics_port_out_of_range_stops_the_app_naming_the_setting()
    {
        await using var gateway = new ServiceHost<Program>([new("Metrics:Port", "70000"), .. TestServers.RabbitSettings()]);
        var refused = Assert.ThrowsAny<Exception>(() => gateway.Start());
        Assert.Contains("Metrics:Port", refused.ToString(), StringComparison.Ordinal);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
