using Intelligence.Platform.Geography;
using Intelligence.Regulation.Domain;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Intelligence.Regulation.Projections;

/// <summary>
/// A measure as the read side stores it: the domain state with its whole dated timeline (as-of questions are
/// computed from it), plus the bloc of its jurisdiction, which is data rather than domain. Kept inline, in the
/// transaction of its events, so command handlers load state without replaying and a read after a write sees it.
/// </summary>
public sealed record MeasureEntry(string Id, Measure State, string Bloc)
{
    public long Version { get; init; }
}

/// <summary>Folds a measure's events with the domain's <see cref="MeasureDecider.Evolve"/>.</summary>
public sealed class MeasureEntryProjection(Countries countries) : SingleStreamProjection<MeasureEntry, string>
{
    public override MeasureEntry? Evolve(MeasureEntry? snapshot, string id, IEvent e)
    {
        if (e.Data is not ILifecycleEvent lifecycleEvent || MeasureDecider.Evolve(snapshot?.State, lifecycleEvent) is not { } state)
        {
            return snapshot;
        }

        return new MeasureEntry(id, state, Jurisdictions.BlocOf(state.Details.Jurisdiction, countries)) { Version = e.Version };
    }
}
