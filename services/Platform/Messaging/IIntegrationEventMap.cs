using Intelligence.Contracts;
using JasperFx.Events;

namespace Intelligence.Platform.Messaging;

/// <summary>
/// A service's published language: which stored domain events become which integration events.
/// Events a service keeps to itself map to <c>null</c>.
/// </summary>
public interface IIntegrationEventMap
{
    IIntegrationEvent? ToIntegrationEvent(IEvent stored);
}
