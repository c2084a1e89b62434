using System.Diagnostics;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Platform.Import;
using Intelligence.Platform.Messaging;
using Intelligence.Platform.Metrics;
using Intelligence.Platform.Security;
using Intelligence.Platform.Tracing;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.OpenTelemetry;
using Marten;
using MassTransit;
using MassTransit.Serialization.JsonConverters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Weasel.Core;

namespace Intelligence.Platform;

/// <summary>
/// One call that makes a web app an event-sourced Intelligence service: its own Marten store (with the relay
/// that publishes integration events), MassTransit on RabbitMQ, and the web defaults.
/// </summary>
public static class EventSourcedService
{
    public static WebApplicationBuilder AddEventSourcedService<TIntegrationEventMap>(
        this WebApplicationBuilder builder,
        string serviceName,
        Action<StoreOptions> configureStore,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TIntegrationEventMap : class, IIntegrationEventMap
    {
        builder.AddWebDefaults(serviceName);
        builder.AddKeyRateLimits(KeyRateLimits.BehindTheGateway);
        builder.AddStoreTelemetry();
        builder.Services.AddSingleton<IDefaultEndpoints, EventSourcedEndpoints>();
        builder.Services.AddSingleton<IExceptionProblems, StoreProblems>();

        // The service's own series exist from the start, beside the web defaults' (WebMetrics).
        RuntimeHelpers.RunClassConstructor(typeof(PlatformMetrics).TypeHandle);
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured.");
        DefaultPasswords.Refuse(
            builder.Configuration, builder.Environment, "ConnectionStrings:Marten (Password)", new NpgsqlConnectionStringBuilder(connectionString).Password, DefaultPasswords.Database);
        var daemonMode = builder.Configuration.GetValue("Marten:DaemonMode", DaemonMode.HotCold);

        builder.Services.AddSingleton<IIntegrationEventMap, TIntegrationEventMap>();
        var marten = builder.Services.AddMarten(options =>
            {
                options.Connection(StoreConnection.Of(connectionString));
                options.DatabaseSchemaName = serviceName;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.Events.StreamIdentity = StreamIdentity.AsString;
                // Wakes the relay on commit instead of waiting for its polling interval (about 1.2 s to 0.17 s here).
                options.Events.UseListenNotifyForEventAppends = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;

                // Each event keeps the trace context of the request that stored it, for the relay to carry on.
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.OpenTelemetry.TrackConnections = TrackLevel.Normal;

                // A statement is traced only as part of some trace: the daemon's polling alone would otherwise make
                // a root span every second.
                options.ConfigureNpgsqlDataSourceBuilder(data => data.ConfigureTracing(tracing => tracing
                    .ConfigureCommandFilter(_ => Activity.Current is not null)
                    .ConfigureBatchFilter(_ => Activity.Current is not null)));
                options.Listeners.Add(new EventsAppendedListener(serviceName));
                options.Listeners.Add(new DataVersionStamp(serviceName));
                options.Storage.ExtendedSchemaObjects.Add(DataVersionStamp.Table(serviceName));
                options.Schema.For<HandledMessage>();
                options.Schema.For<IdempotencyRecord>();
                configureStore(options);
            })
            .BuildSessionsWith<CorrelatedSessions>()
            .ApplyAllDatabaseChangesOnStartup()
            .AddSubscriptionWithServices<IntegrationEventRelay>(ServiceLifetime.Singleton);

        // Hosted services start in the order they are added: this one before the daemon's.
        builder.Services.AddHostedService<UnstartedProjections>();
        marten.AddAsyncDaemon(daemonMode);

        var rabbit = RabbitMqSettings.From(builder.Configuration);
        DefaultPasswords.Refuse(builder.Configuration, builder.Environment, "RabbitMq:Password", rabbit.Password, DefaultPasswords.Broker);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(
                rabbit.QueuePrefix.Length > 0 ? rabbit.QueuePrefix : serviceName, includeNamespace: false));
            bus.AddConfigureEndpointsCallback((queueName, endpoint) =>
            {
                endpoint.CountDeadLetters(serviceName, queueName);
                if (endpoint is not IRabbitMqReceiveEndpointConfigurator queue)
                {
                    return;
                }

                if (rabbit.TemporaryQueues)
                {
                    queue.AutoDelete = true;
                    queue.Durable = false;
                }
                else if (rabbit.UsesQuorumQueues)
                {
                    // No replication factor: the broker's default (every node in RabbitMQ 3.10, at most 3 from 3.12).
                    queue.SetQuorumQueue();
                }
            });

            // A broker outage leaves the instance able to serve reads and take writes (the store is the outbox), so
            // it makes /health/ready report Degraded, still 200, instead of taking the instance out of rotation.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, transport) =>
            {
                transport.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                {
                    host.Username(rabbit.Username);
                    host.Password(rabbit.Password);
                    if (rabbit.UseTls)
                    {
                        host.UseSsl(tls =>
                        {
                            tls.Protocol = BrokerTls.Protocols;
                            tls.ServerName = BrokerTls.ServerName(rabbit);
                            tls.EnforcePolicyErrors(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable);
                            tls.CertificateValidationCallback = BrokerTls.Validation(rabbit);
                        });
                    }

                    // The relay's at-least-once rests on this: a publish completes only once the broker confirmed
                    // it (for a quorum queue, once a majority of nodes hold it), so Marten's progress never passes
                    // an event the broker did not take. MassTransit's default; set here so no later change drops it.
                    host.PublisherConfirmation = true;
                    if (rabbit.Hosts.Count > 0)
                    {
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in rabbit.Hosts)
                            {
                                cluster.Node(node);
                            }
                        });
                    }
                });
                transport.MessageTopology.SetEntityNameFormatter(new IntegrationEventEntityNameFormatter());

                // MassTransit writes decimals as JSON strings (its StringDecimalJsonConverter); teams reading the
                // contracts outside .NET expect a price or a user count to be a number. System.Text.Json writes a
                // decimal as a number at full precision, and still reads the strings older messages may hold.
                transport.ConfigureJsonSerializerOptions(options =>
                {
                    foreach (var converter in options.Converters.OfType<StringDecimalJsonConverter>().ToList())
                    {
                        options.Converters.Remove(converter);
                    }

                    options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
                    return options;
                });
                transport.PrefetchCount = rabbit.PrefetchCount;
                // A database outage fails every message alike and passes: wait it out (about 9 minutes in all)
                // rather than fill the error queue with good messages. Any other failure is retried briefly, then
                // the message goes to the error queue. The outer policy is the first one added.
                transport.UseMessageRetry(retry =>
                {
                    retry.Handle<Exception>(StoreUnavailable.Is);
                    retry.Exponential(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
                });
                transport.UseMessageRetry(retry =>
                {
                    retry.Ignore<Exception>(StoreUnavailable.Is);
                    retry.Intervals(100, 500, 2000);
                });
                transport.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddHealthChecks()
            .AddNpgSql(connectionString, name: "postgres", tags: [WebDefaults.ReadyTag])
            .AddCheck<AsyncDaemonHealthCheck>("async-daemon", tags: [WebDefaults.ReadyTag]);
        builder.Services.AddHostedService<StoreProgressSampler>();
        return builder;
    }

    /// <summary>Mapped with the web defaults: the integration event feed (the gateway merges the services') and the admin endpoints.</summary>
    private sealed class EventSourcedEndpoints : IDefaultEndpoints
    {
        public void Map(IEndpointRouteBuilder app)
        {
            app.MapIntegrationEventFeed();
            app.MapAdminEndpoints();
        }
    }
}
