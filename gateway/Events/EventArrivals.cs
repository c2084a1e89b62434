using Intelligence.Platform;
using Intelligence.Platform.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Intelligence.Gateway.Events;

/// <summary>
/// Wakes the live streams when an integration event has been published: each then reads the feed again after its
/// own cursor, so the broker only says "something new", and order and resumption come from the stores.
/// </summary>
public sealed class EventArrivals
{
    private TaskCompletionSource _next = NewSignal();

    /// <summary>True while the gateway hears the broker; streams poll more often while it does not.</summary>
    public bool Listening { get; internal set; }

    /// <summary>Completes at the next arrival. Take it before reading the feed, so an arrival during the read is not lost.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Signal() => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The gateway's one broker connection: a server-named, exclusive queue bound to <c>intelligence.events</c> (every
/// integration event), kept short, that signals <see cref="EventArrivals"/>. Reconnects with back-off when the broker goes.
/// </summary>
public sealed partial class BrokerListener(RabbitMqSettings settings, EventArrivals arrivals, ILogger<BrokerListener> logger) : BackgroundService
{
    /// <summary>The queue only wakes streams: older wake-ups are worth nothing once newer ones are queued.</summary>
    private const int MaxQueuedMessages = 100;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogBrokerUnavailable(exception, settings.Host, settings.Port, backoff);
            }
            finally
            {
                arrivals.Listening = false;
            }

            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username,
            Password = settings.Password,
            ClientProvidedName = "gateway-event-stream",
            Ssl = new SslOption
            {
                Enabled = settings.UseTls,
                ServerName = BrokerTls.ServerName(settings),
                Version = BrokerTls.Protocols,
                CertificateValidationCallback = BrokerTls.Validation(settings),
            },
            AutomaticRecoveryEnabled = false,
            RequestedHeartbeat = TimeSpan.FromSeconds(15),
        };
        await using var connection = await factory.CreateConnectionAsync(stoppingToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        channel.ChannelShutdownAsync += (_, _) =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        // The same declaration MassTransit makes, so whichever side starts first, the binding holds.
        await channel.ExchangeDeclareAsync(IntegrationEventEntityNames.AllEvents, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: stoppingToken);
        var queue = await channel.QueueDeclareAsync(
            queue: string.Empty,
            durable: false,
            exclusive: true,
            autoDelete: true,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = MaxQueuedMessages },
            cancellationToken: stoppingToken);
        await channel.QueueBindAsync(queue.QueueName, IntegrationEventEntityNames.AllEvents, routingKey: string.Empty, cancellationToken: stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, _) =>
        {
            EventFeedMetrics.StreamWakeups.Inc();
            arrivals.Signal();
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, stoppingToken);
        arrivals.Listening = true;
        LogListening(queue.QueueName, IntegrationEventEntityNames.AllEvents);

        // Whatever was published while the gateway was not listening: the streams catch up from the stores.
        arrivals.Signal();
        using (stoppingToken.Register(() => closed.TrySetResult()))
        {
            await closed.Task;
        }

        if (!stoppingToken.IsCancellationRequested)
        {
            throw new IOException("The broker closed the connection.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event stream listens on queue {Queue} bound to {Exchange}")]
    private partial void LogListening(string queue, string exchange);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream cannot hear the broker at {Host}:{Port}; streams poll the services meanwhile; retrying in {Backoff}")]
    private partial void LogBrokerUnavailable(Exception exception, string host, int port, TimeSpan backoff);
}
