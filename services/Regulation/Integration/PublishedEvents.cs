using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Messaging;
using Intelligence.Regulation.Domain;
using JasperFx.Events;
using Contract = Intelligence.Contracts.Regulation;

namespace Intelligence.Regulation.Integration;

/// <summary>The regulation service's published language: one integration event per lifecycle step.</summary>
internal sealed class PublishedEvents(Countries countries) : IIntegrationEventMap
{
    public IIntegrationEvent? ToIntegrationEvent(IEvent stored)
    {
        if (stored.Data is not ILifecycleEvent e)
        {
            return null;
        }

        var m = e.Measure;
        var bloc = Jurisdictions.BlocOf(m.Jurisdiction, countries);
        var (type, direction) = (Text(m.Type), Text(m.Direction));
        return e switch
        {
            MeasureProposed => new Contract.MeasureProposed(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note),
            MeasurePoliticallyAgreed => new Contract.MeasurePoliticallyAgreed(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note),
            MeasureAdopted adopted => new Contract.MeasureAdopted(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, Text(adopted.Form)),
            MeasureEnteredIntoForce => new Contract.MeasureEnteredIntoForce(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note),
            MeasureApplicationStarted started => new Contract.MeasureApplicationStarted(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, started.Stage),
            MeasureAmended amended => new Contract.MeasureAmended(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, amended.AmendedBy),
            MeasureSuspended => new Contract.MeasureSuspended(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note),
            MeasureLifted => new Contract.MeasureLifted(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note),
            MeasureRevoked revoked => new Contract.MeasureRevoked(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, Text(revoked.Kind), revoked.RevokedBy),
            _ => null,
        };
    }

    /// <summary>Enum values travel as kebab-case text ("executive-order", "export-control"), readable outside .NET.</summary>
    internal static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
