using MassTransit;

namespace Intelligence.Platform.Messaging;

/// <summary>MassTransit's exchange names, by the rule of <see cref="IntegrationEventEntityNames"/>.</summary>
public sealed class IntegrationEventEntityNameFormatter : IEntityNameFormatter
{
    public string FormatEntityName<T>() => IntegrationEventEntityNames.For(typeof(T));
}
