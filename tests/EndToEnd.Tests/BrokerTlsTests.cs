using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Gateway.Events;
using Intelligence.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.EndToEnd.Tests;

/// <summary>
/// <c>RabbitMq:UseTls</c>: the releases service publishes and the gateway listens over AMQP with TLS, trusting the
/// broker's certificate through a private CA (<c>RabbitMq:TlsCaFile</c>), and the broker sees TLS connections.
/// </summary>
public sealed class BrokerTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_service_and_the_gateway_reach_the_broker_over_TLS_trusting_a_private_CA()
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        KeyValuePair<string, string?>[] overTls =
        [
            .. TestServers.RabbitSettings(),
            new("RabbitMq:Port", TestServers.RabbitTlsPort.ToString(CultureInfo.InvariantCulture)),
            new("RabbitMq:UseTls", "true"),
            new("RabbitMq:TlsServerName", "localhost"),
            new("RabbitMq:TlsCaFile", TestServers.RabbitCaFile),
        ];
        await using var database = await TestDatabase.CreateAsync("tls_releases");
        await using var releases = new ServiceHost<Releases.Program>([new("ConnectionStrings:Marten", database.ConnectionString), .. overTls]);
        releases.Start();
        await using var gateway = new ServiceHost<Gateway.Program>(
            [new("ReverseProxy:Clusters:releases:Destinations:releases-1:Address", releases.BaseAddress.ToString()), .. overTls]);
        gateway.Start();
        await using var probe = await BrokerProbe.BindAsync("intelligence.releases.model-released");

        var id = $"tls-{Guid.NewGuid():N}"[..20];
        using var client = gateway.NewClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/releases/models", Announcements.Of(id))).StatusCode);

        // The relay published it over its TLS connection; a plain consumer reads it.
        await probe.WaitForAsync(message => message.Message.GetProperty("modelId").GetString() == id, Timeout, $"ModelReleased for {id}");
        await Eventually.Until(
            () => Task.FromResult(gateway.Services.GetRequiredService<EventArrivals>().Listening),
            listening => listening,
            Timeout,
            "the gateway listening over TLS");

        // The broker counts TLS connections on the test run's virtual host: the service's and the gateway's.
        var tls = await Eventually.Until(TlsConnectionsAsync, count => count >= 2, Timeout, "two TLS connections on the broker");
        Assert.True(tls >= 2);

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "broker-tls",
            Fault = "The releases service and the gateway connect to RabbitMQ over TLS only (RabbitMq:UseTls, port 5671), trusting the broker's certificate through a private CA file (RabbitMq:TlsCaFile)",
            EventsWritten = 1,
            EventsDelivered = 1,
            EventsLost = 0,
            Observations = new Dictionary<string, string>
            {
                ["TLS connections the broker saw on the run's virtual host"] = tls.ToString(CultureInfo.InvariantCulture),
                ["the write published over TLS and read by a plain consumer"] = "yes",
            },
            Seconds = Math.Round(elapsed.Elapsed.TotalSeconds, 1),
        });
    }

    private static async Task<int> TlsConnectionsAsync()
    {
        using var management = new HttpClient
        {
            BaseAddress = new Uri($"http://{TestServers.RabbitHost}:{TestServers.RabbitManagementPort.ToString(CultureInfo.InvariantCulture)}/"),
        };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        var connections = await management.GetFromJsonAsync<JsonElement>("api/connections?columns=vhost,ssl");
        return connections.EnumerateArray().Count(connection =>
            connection.GetProperty("vhost").GetString() == TestServers.RabbitVirtualHost && connection.GetProperty("ssl").GetBoolean());
    }
}
