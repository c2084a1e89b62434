using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Intelligence.Gateway.Events;
using Intelligence.Platform.Messaging;
using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Intelligence.EndToEnd.Tests;

/// <summary>
/// The users of infra/rabbitmq/users.sh, on a virtual host of their own: each app runs with its own user, facts flow
/// from releases to the services consuming them, and no user may publish where it does not own the exchange.
/// </summary>
public sealed class BrokerPermissionsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Apps = ["releases", "pricing", "regulation", "adoption", "gateway", "reader"];

    private readonly string _vhost = $"perm-{Guid.NewGuid():N}"[..13];
    private readonly string _userPrefix = $"t{Guid.NewGuid():N}"[..9] + "-";
    private readonly Dictionary<string, System.Net.NetworkCredential> _users;
    private readonly List<TestDatabase> _databases = [];
    private readonly List<IAsyncDisposable> _hosts = [];

    public BrokerPermissionsTests()
    {
        _users = Apps.ToDictionary(app => app, app => new System.Net.NetworkCredential(_userPrefix + app, Guid.NewGuid().ToString("N")));
    }

    public async Task InitializeAsync()
    {
        var run = await ProcessRun.RunAsync(
            "sh",
            [RepositoryFiles.PathOf("infra/rabbitmq/users.sh")],
            environment: new Dictionary<string, string>(_users.Select(pair => KeyValuePair.Create($"RABBIT_{pair.Key.ToUpperInvariant()}_PASSWORD", pair.Value.Password)))
            {
                ["RABBIT_API"] = $"http://{TestServers.RabbitHost}:{TestServers.RabbitManagementPort.ToString(CultureInfo.InvariantCulture)}",
                ["RABBIT_ADMIN_USER"] = "guest",
                ["RABBIT_ADMIN_PASSWORD"] = "guest",
                ["RABBIT_VHOST"] = _vhost,
                ["RABBIT_USER_PREFIX"] = _userPrefix,
            });
        Assert.True(run.ExitCode == 0, run.Output);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        using var management = Management();
        await management.DeleteAsync($"api/vhosts/{_vhost}");
        foreach (var app in Apps)
        {
            await management.DeleteAsync($"api/users/{_userPrefix}{app}");
        }
    }

    [Fact]
    public async Task Each_app_runs_with_its_own_user_and_no_user_may_publish_another_services_facts()
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var releases = await StartServiceAsync<Releases.Program>("releases");
        var pricing = await StartServiceAsync<Pricing.Program>("pricing");
        var adoption = await StartServiceAsync<Adoption.Program>("adoption");
        var gateway = Track(new ServiceHost<Gateway.Program>(
            [
                new("ReverseProxy:Clusters:releases:Destinations:releases-1:Address", releases.BaseAddress.ToString()),
                .. Broker("gateway"),
            ]));
        gateway.Start();

        // The reader binds a queue of its own to releases' exchange, as a team outside the system would.
        await using var reader = await ConnectAsync("reader");
        await using var readerChannel = await reader.CreateChannelAsync();
        var queue = await readerChannel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true);
        await readerChannel.QueueBindAsync(queue.QueueName, "intelligence.releases.model-released", routingKey: string.Empty);
        var readerReceived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(readerChannel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            readerReceived.TrySetResult(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await readerChannel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);

        // A model through the gateway reaches both consumers, each in its own store, and the reader.
        var id = $"perm-{Guid.NewGuid():N}"[..20];
        using var client = gateway.NewClient();
        var created = await client.PostAsJsonAsync("/api/releases/models", Announcements.Of(id));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        foreach (var store in new[] { pricing.Services.GetRequiredService<IDocumentStore>(), adoption.Services.GetRequiredService<IDocumentStore>() })
        {
            await Eventually.Until(
                async () =>
                {
                    await using var session = store.QuerySession();
                    return await session.Query<HandledMessage>().CountAsync();
                },
                handled => handled > 0,
                Timeout,
                "the release handled by a consumer running with its own user");
        }

        Assert.Contains(id, await readerReceived.Task.WaitAsync(Timeout), StringComparison.Ordinal);
        await Eventually.Until(
            () => Task.FromResult(gateway.Services.GetRequiredService<EventArrivals>().Listening),
            listening => listening,
            Timeout,
            "the gateway listening to intelligence.events with its own user");

        // Publishing where a user does not own the exchange is refused by the broker.
        (string App, string Exchange)[] forgeries =
        [
            ("pricing", "intelligence.releases.model-released"),
            ("adoption", "intelligence.pricing.price-listed"),
            ("reader", "intelligence.releases.model-released"),
            ("reader", IntegrationEventEntityNames.AllEvents),
            ("gateway", IntegrationEventEntityNames.AllEvents),
        ];
        foreach (var (app, exchange) in forgeries)
        {
            await AssertPublishRefusedAsync(app, exchange);
        }

        // And a user may not read another service's queue (one of pricing's names, declared by the administrator).
        var pricingQueue = $"pricing-probe-{Guid.NewGuid():N}"[..22];
        await using (var administrator = await new ConnectionFactory { HostName = TestServers.RabbitHost, Port = TestServers.RabbitPort, VirtualHost = _vhost, UserName = "guest", Password = "guest" }.CreateConnectionAsync())
        await using (var channel = await administrator.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(pricingQueue, durable: false, exclusive: false, autoDelete: false);
        }

        await using var adoptionConnection = await ConnectAsync("adoption");
        await using var adoptionChannel = await adoptionConnection.CreateChannelAsync();
        var refused = await Assert.ThrowsAnyAsync<OperationInterruptedException>(
            () => adoptionChannel.BasicConsumeAsync(pricingQueue, autoAck: true, new AsyncEventingBasicConsumer(adoptionChannel)));
        Assert.Equal((ushort)403, refused.ShutdownReason?.ReplyCode);

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "broker-permissions",
            Fault = "Each app on a virtual host of the system's own with a user of its own (infra/rabbitmq/users.sh); users publish to exchanges they do not own and consume a queue they do not own",
            EventsWritten = 1,
            EventsDelivered = 1,
            EventsLost = 0,
            Observations = new Dictionary<string, string>
            {
                ["forged publishes refused by the broker (403 ACCESS_REFUSED)"] = $"{forgeries.Length} of {forgeries.Length}",
                ["reads of another service's queue refused"] = "1 of 1",
                ["the write reached, each with its own user"] = "pricing, adoption, the read-only outside reader, the gateway's live feed",
            },
            Seconds = Math.Round(elapsed.Elapsed.TotalSeconds, 1),
        });
    }

    private async Task AssertPublishRefusedAsync(string app, string exchange)
    {
        await using var connection = await ConnectAsync(app);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, new BasicProperties(), Encoding.UTF8.GetBytes("{\"forged\":true}"));

            // The refusal closes the channel; a second publish on it fails if the first did not.
            await channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, new BasicProperties(), Encoding.UTF8.GetBytes("{\"forged\":true}"));
        });
        Assert.True(
            channel.CloseReason?.ReplyCode == 403 || refused.ToString().Contains("ACCESS_REFUSED", StringComparison.Ordinal),
            $"{app} publishing to {exchange}: {channel.CloseReason} {refused}");
    }

    private async Task<IConnection> ConnectAsync(string app)
    {
        var user = _users[app];
        return await new ConnectionFactory
        {
            HostName = TestServers.RabbitHost,
            Port = TestServers.RabbitPort,
            VirtualHost = _vhost,
            UserName = user.UserName,
            Password = user.Password,
        }.CreateConnectionAsync();
    }

    private KeyValuePair<string, string?>[] Broker(string app)
    {
        var user = _users[app];
        return
        [
            new("RabbitMq:Host", TestServers.RabbitHost),
            new("RabbitMq:Port", TestServers.RabbitPort.ToString(CultureInfo.InvariantCulture)),
            new("RabbitMq:VirtualHost", _vhost),
            new("RabbitMq:Username", user.UserName),
            new("RabbitMq:Password", user.Password),
        ];
    }

    private async Task<ServiceHost<TProgram>> StartServiceAsync<TProgram>(string name)
        where TProgram : class
    {
        var database = await TestDatabase.CreateAsync($"perm_{name}");
        _databases.Add(database);
        var host = Track(new ServiceHost<TProgram>(
            [
                new("ConnectionStrings:Marten", database.ConnectionString),
                .. Broker(name),
                .. TestServers.PrivateQueues(name),
            ]));
        host.Start();
        return host;
    }

    private static HttpClient Management() => new()
    {
        BaseAddress = new Uri($"http://{TestServers.RabbitHost}:{TestServers.RabbitManagementPort.ToString(CultureInfo.InvariantCulture)}/"),
        DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest"))) },
    };

    private ServiceHost<TProgram> Track<TProgram>(ServiceHost<TProgram> host)
        where TProgram : class
    {
        _hosts.Add(host);
        return host;
    }
}
