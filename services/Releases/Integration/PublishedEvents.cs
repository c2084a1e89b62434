using Intelligence.Contracts;
using Intelligence.Contracts.Releases;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Messaging;
using Intelligence.Releases.Domain;
using JasperFx.Events;

namespace Intelligence.Releases.Integration;

/// <summary>The releases service's published language: which stored events other services hear about.</summary>
internal sealed class PublishedEvents(Countries countries) : IIntegrationEventMap
{
    public IIntegrationEvent? ToIntegrationEvent(IEvent stored) => stored.Data switch
    {
        ModelAnnounced announced => new ModelReleased(
            stored.Id,
            announced.ModelId,
            stored.Version,
            announced.ReleasedOn,
            stored.Timestamp,
            announced.SourceUrl,
            announced.Name,
            announced.Organization.Id,
            announced.Organization.Name,
            announced.OriginCountries,
            countries.BlocOf(announced.OriginCountries[0]),
            announced.OpenWeights),
        _ => null,
    };
}
