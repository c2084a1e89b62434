using Intelligence.Contracts;
using Intelligence.Platform.Messaging;
using JasperFx.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Intelligence.Platform.Tests;

public sealed class RabbitMqSettingsTests
{
    [Fact]
    public void Quorum_queues_with_temporary_queues_stop_the_service_at_startup()
    {
        // A quorum queue is durable and never auto-delete: the two settings cannot both hold, and the service must
        // say so before it opens a connection rather than have the broker refuse every queue declaration.
        var builder = ServiceBuilder(("RabbitMq:QuorumQueues", "true"), ("RabbitMq:TemporaryQueues", "true"));

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddEventSourcedService<NoIntegrationEvents>("settings-test", _ => { }));

        Assert.Contains("RabbitMq:QuorumQueues", refused.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:TemporaryQueues", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "false")]
    [InlineData("false", "true")]
    [InlineData("false", "false")]
    public void Either_setting_alone_is_accepted(string quorum, string temporary)
    {
        var builder = ServiceBuilder(("RabbitMq:QuorumQueues", quorum), ("RabbitMq:TemporaryQueues", temporary));

        builder.AddEventSourcedService<NoIntegrationEvents>("settings-test", _ => { });

        var settings = RabbitMqSettings.From(builder.Configuration);
        Assert.Equal(bool.Parse(quorum), settings.UsesQuorumQueues);
        Assert.Equal(bool.Parse(temporary), settings.TemporaryQueues);
    }

    [Fact]
    public void Quorum_queues_are_off_and_the_single_host_is_used_unless_configured()
    {
        var settings = RabbitMqSettings.From(new ConfigurationBuilder().Build());

        Assert.False(settings.UsesQuorumQueues);
        Assert.Empty(settings.Hosts);
        Assert.Equal(("127.0.0.1", (ushort)5672), (settings.Host, settings.Port));
    }

    [Fact]
    public void Listing_several_nodes_is_cluster_mode_where_queues_are_quorum_queues_unless_switched_off()
    {
        (string, string)[] cluster = [("RabbitMq:Hosts:0", "127.0.0.1:5872"), ("RabbitMq:Hosts:1", "127.0.0.1:5873"), ("RabbitMq:Hosts:2", "127.0.0.1:5874")];

        Assert.True(RabbitMqSettings.From(Configuration(cluster)).UsesQuorumQueues);
        Assert.False(RabbitMqSettings.From(Configuration([.. cluster, ("RabbitMq:QuorumQueues", "false")])).UsesQuorumQueues);
        Assert.False(RabbitMqSettings.From(Configuration(("RabbitMq:Hosts:0", "127.0.0.1:5872"))).UsesQuorumQueues);
        Assert.True(RabbitMqSettings.From(Configuration(("RabbitMq:QuorumQueues", "true"))).UsesQuorumQueues);
    }

    [Fact]
    public void Cluster_nodes_bind_from_an_indexed_list_as_environment_variables_give_them()
    {
        var settings = RabbitMqSettings.From(Configuration(("RabbitMq:Hosts:0", "127.0.0.1:5873"), ("RabbitMq:Hosts:1", "127.0.0.1:5874"), ("RabbitMq:Hosts:2", "rabbit-3")));

        Assert.Equal(["127.0.0.1:5873", "127.0.0.1:5874", "rabbit-3"], settings.Hosts);
    }

    [Theory]
    [InlineData("127.0.0.1:amqp")]
    [InlineData("127.0.0.1:70000")]
    [InlineData(" ")]
    public void A_cluster_node_that_is_not_host_or_host_and_port_is_refused(string node)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => RabbitMqSettings.From(Configuration(("RabbitMq:Hosts:0", node))));

        Assert.Contains("RabbitMq:Hosts", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "/no/such/ca.pem", "", "RabbitMq:TlsCaFile")]
    [InlineData("false", "", "broker.internal", "RabbitMq:UseTls")]
    public void Tls_settings_that_cannot_work_stop_the_service_at_startup(string useTls, string caFile, string serverName, string named)
    {
        var builder = ServiceBuilder(("RabbitMq:UseTls", useTls), ("RabbitMq:TlsCaFile", caFile), ("RabbitMq:TlsServerName", serverName));

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddEventSourcedService<NoIntegrationEvents>("settings-test", _ => { }));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(value => KeyValuePair.Create(value.Key, (string?)value.Value))).Build();

    private static WebApplicationBuilder ServiceBuilder(params (string Key, string Value)[] values)
    {
        // Testing, as the other test hosts run, opted in to the development API keys and the shipped passwords as they are.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["Auth:DevelopmentKeys"] = "true";
        builder.Configuration["Security:AllowDefaultPasswords"] = "true";
        builder.Configuration.AddInMemoryCollection(values.Select(value => KeyValuePair.Create(value.Key, (string?)value.Value)));
        // Registration only: nothing connects until the host starts, so no server is needed.
        builder.Configuration["ConnectionStrings:Marten"] = "Host=127.0.0.1;Port=1;Database=unused;Username=postgres;Password=postgres";
        return builder;
    }

    private sealed class NoIntegrationEvents : IIntegrationEventMap
    {
        public IIntegrationEvent? ToIntegrationEvent(IEvent stored) => null;
    }
}
