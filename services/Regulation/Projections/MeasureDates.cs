using System.Globalization;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Regulation.Domain;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Regulation.Projections;

/// <summary>
/// A run of days over which a measure has one status (<see cref="StatusSpell"/>), with what the counts group and
/// filter by. "Which measures are in force on a date" is then one indexed range query over these rows, in the
/// database, instead of every measure's timeline loaded and folded per request.
/// </summary>
/// <param name="Id">The measure id and the spell's first day: <c>us-eo14110/2023-10-30</c>.</param>
/// <param name="Country">The jurisdiction before its first '-': a subdivision counts in its country (US-CA in US), EU and INTL as themselves.</param>
/// <param name="Bloc">The measure's bloc, as its <see cref="MeasureEntry"/> has it.</param>
/// <param name="ValidUntil">The first day the measure no longer has <paramref name="Status"/>; null while open-ended.</param>
/// <param name="Type">The measure's kind of instrument, as the filters read it.</param>
/// <param name="Targets">The measure's target tags, as the filters read them (any of several, for a model's dossier).</param>
public sealed record MeasureStatusSpell(
    string Id,
    string MeasureId,
    string Jurisdiction,
    string Country,
    string Bloc,
    Direction Direction,
    MeasureStatus Status,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    InstrumentType Type,
    string[] Targets)
{
    public static IEnumerable<MeasureStatusSpell> Of(Measure measure, string bloc) =>
        Lifecycle.Spells(measure.Timeline).Select(spell => new MeasureStatusSpell(
            $"{measure.Id}/{spell.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            measure.Id,
            measure.Details.Jurisdiction,
            CountryOf(measure.Details.Jurisdiction),
            bloc,
            measure.Details.Direction,
            spell.Status,
            spell.From,
            spell.Until,
            measure.Details.Type,
            [.. measure.Details.Targets]));

    /// <summary>The read whose answers per day (<see cref="Platform.EventStore.DayCells"/>) a change of status spells makes stale.</summary>
    public const string InForceCountsRead = "in-force-counts";

    /// <summary>
    /// <c>/status</c>'s counts per filter and day. Any change of a measure makes them stale on every day: a new measure
    /// counts as "none" before its first step, and a corrected jurisdiction or type moves it between filters.
    /// </summary>
    public const string StatusCountsRead = "status-counts";

    public static string CountryOf(string jurisdiction) => jurisdiction.Split('-')[0];
}

/// <summary>
/// One step of a measure's timeline, by its date, with what the filters read: "what happened in a window" is then an
/// indexed range query over these rows, in date order, a page at a time, instead of every timeline.
/// </summary>
/// <param name="Id">The measure id and the step's place in the timeline (recording order): <c>us-eo14110/2</c>. A timeline only grows, so a place keeps its step.</param>
/// <param name="Place">The step's place in the measure's timeline.</param>
public sealed record MeasureStepDate(
    string Id,
    string MeasureId,
    int Place,
    string Jurisdiction,
    string Country,
    string Bloc,
    LifecycleStep Step,
    DateOnly EffectiveOn,
    InstrumentType Type,
    string[] Targets,
    Direction Direction)
{
    public static IEnumerable<MeasureStepDate> Of(Measure measure, string bloc) =>
        measure.Timeline.Select((entry, index) => new MeasureStepDate(
            $"{measure.Id}/{index.ToString(CultureInfo.InvariantCulture)}",
            measure.Id,
            index,
            measure.Details.Jurisdiction,
            MeasureStatusSpell.CountryOf(measure.Details.Jurisdiction),
            bloc,
            entry.Step,
            entry.On,
            measure.Details.Type,
            [.. measure.Details.Targets],
            measure.Details.Direction));
}

/// <summary>
/// Keeps each measure's <see cref="MeasureStatusSpell"/>s and <see cref="MeasureStepDate"/>s in step with its events,
/// run by the async daemon, off the write path. Both are functions of the whole timeline, which the inline
/// <see cref="MeasureEntry"/> holds: the entry as stored is brought up to the batch's last event with
/// <see cref="MeasureDecider.Evolve"/> if it is behind, and taken as it is when it is already past the batch (later
/// events, which the daemon brings next, write the same rows again). When the entry lags behind the batch's first
/// event (both rebuilt at once), the events before the batch are read from the stream. The in-force counts' day
/// cells are marked stale from the earliest step of a changed measure: a timeline only grows, so no day before it
/// changes.
/// </summary>
public sealed class MeasureDatesProjection(Countries countries) : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byMeasure = events.Where(e => e.Data is ILifecycleEvent).GroupBy(e => e.StreamKey!).ToList();
        if (byMeasure.Count == 0)
        {
            return;
        }

        var stored = (await operations.LoadManyAsync<MeasureEntry>(cancellation, byMeasure.Select(group => group.Key))).ToDictionary(entry => entry.Id);
        DateOnly? staleFrom = null;
        var changed = false;
        foreach (var group in byMeasure)
        {
            var entry = stored.GetValueOrDefault(group.Key);
            if (await StateAfterAsync(operations, entry, [.. group], cancellation) is not { } measure)
            {
                continue;
            }

            changed = true;

            // The measure's rows are replaced whole: a spell may end up merged into the one before it (a suspension
            // lifted the same day), so the old ones go, not just change. Run by the daemon, the inline entry is
            // stored before the daemon sees the event, so every batch replaces (rows of an earlier run, or of the
            // inline days, may be there); only a measure with neither an entry nor earlier events has nothing to replace.
            if (entry is not null || group.First().Version > 1)
            {
                operations.DeleteWhere<MeasureStatusSpell>(spell => spell.MeasureId == measure.Id);
            }

            var bloc = Jurisdictions.BlocOf(measure.Details.Jurisdiction, countries);
            foreach (var spell in MeasureStatusSpell.Of(measure, bloc))
            {
                operations.Store(spell);
            }

            foreach (var step in MeasureStepDate.Of(measure, bloc))
            {
                operations.Store(step);
            }

            if (measure.Timeline.Count > 0 && measure.Timeline.Min(step => step.On) is var first && !(staleFrom <= first))
            {
                staleFrom = first;
            }
        }

        if (staleFrom is { } from)
        {
            operations.MarkStale(MeasureStatusSpell.InForceCountsRead, from);
        }

        if (changed)
        {
            operations.MarkStale(MeasureStatusSpell.StatusCountsRead, DateOnly.MinValue);
        }
    }

    private static async Task<Measure?> StateAfterAsync(IDocumentOperations operations, MeasureEntry? entry, IReadOnlyList<IEvent> batch, CancellationToken cancellation)
    {
        var (state, _) = await StreamCatchUp.LatestAsync<Measure, ILifecycleEvent>(operations, entry?.State, entry?.Version ?? 0, batch, MeasureDecider.Evolve, cancellation);
        return state;
    }
}
