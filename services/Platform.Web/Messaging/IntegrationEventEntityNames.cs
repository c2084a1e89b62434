using System.Text;
using Intelligence.Contracts;

namespace Intelligence.Platform.Messaging;

/// <summary>
/// Exchange names that a team binding from any AMQP client can read: <c>Intelligence.Contracts.Releases.ModelReleased</c>
/// is published to the fanout exchange <c>intelligence.releases.model-released</c>. The rule alone, with no bus: the
/// services' MassTransit topology names its exchanges by it (Platform's <c>IntegrationEventEntityNameFormatter</c>), and
/// the gateway binds its own queue with RabbitMQ.Client.
/// </summary>
public static class IntegrationEventEntityNames
{
    private const string ContractsNamespace = "Intelligence.Contracts.";

    /// <summary>MassTransit also publishes each event to its interfaces' exchanges: this one carries every event.</summary>
    public const string AllEvents = "intelligence.events";

    public static string For(Type messageType)
    {
        if (messageType == typeof(IIntegrationEvent))
        {
            return AllEvents;
        }

        var ns = messageType.Namespace ?? string.Empty;
        if (!ns.StartsWith(ContractsNamespace, StringComparison.Ordinal))
        {
            return $"intelligence.{Kebab(messageType.Name)}";
        }

        var source = ns[ContractsNamespace.Length..];
        return $"intelligence.{Kebab(source)}.{Kebab(messageType.Name)}";
    }

    private static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '.')
            {
                builder.Append('-');
            }

            builder.Append(c == '.' ? '.' : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
