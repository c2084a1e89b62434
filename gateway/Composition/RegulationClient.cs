using Intelligence.Gateway.Routing;
using static Intelligence.Gateway.Composition.ReleasesClient;

namespace Intelligence.Gateway.Composition;

/// <summary>A measure in a list of the regulation service, with its status on the date asked.</summary>
public sealed record MeasureLine(
    string Id, string Title, string Jurisdiction, string Bloc, string Type, IReadOnlyList<string> Targets, string Direction, string Status, DateOnly? StatusSince);

public sealed record InForceMeasure(MeasureLine Measure, string Via);

/// <param name="Count">The measures in force that pass the filters (a lower bound when <paramref name="CountIsLowerBound"/>); <paramref name="Measures"/> are the first of them.</param>
public sealed record InForceAnswer(string Jurisdiction, string Bloc, DateOnly AsOf, int Count, bool CountIsLowerBound, IReadOnlyList<InForceMeasure> Measures);

/// <summary>The measures in force on a date in one group, by direction, as the regulation service counts them.</summary>
public sealed record InForceCount(string Group, int InForce, IReadOnlyDictionary<string, int> ByDirection);

/// <summary>A lifecycle step of a measure.</summary>
/// <param name="Step">proposed ... revoked, amendment-proposed, or other (an event no step names: see <paramref name="StepLabel"/>).</param>
/// <param name="StepLabel">The event as the source words it.</param>
/// <param name="LinkedMeasureId">The measure that amended, would amend (amendment-proposed) or revoked this one.</param>
/// <param name="LinkedTitle">Amendment proposals: the proposal's title.</param>
public sealed record LifecycleEntry(
    string Step, DateOnly On, string Source, string? Note, string? Stage, string? StepLabel = null, string? LinkedMeasureId = null, string? LinkedTitle = null);

/// <param name="Type">The kind of instrument (other when no mapping covers the source's label, <paramref name="TypeLabel"/>).</param>
/// <param name="Direction">The kind of direction (other when no mapping covers <paramref name="DirectionLabel"/>).</param>
public sealed record MeasureResponse(
    string MeasureId,
    string Title,
    string Jurisdiction,
    string Bloc,
    string Type,
    IReadOnlyList<string> Targets,
    string Direction,
    LifecycleEntry Event,
    string? TypeLabel = null,
    string? DirectionLabel = null);

/// <param name="More">True when more events are in the window than the first ones sent.</param>
public sealed record ResponsesAnswer(IReadOnlyList<MeasureResponse> Responses, bool More = false);

/// <summary>The regulation service: measures and their lifecycles.</summary>
public sealed class RegulationClient(IHttpClientFactory clients, ServiceDestinations destinations, PartCache cache) : ServiceClient("regulation", clients, destinations, cache)
{
    /// <summary>The first <paramref name="limit"/> measures in force in <paramref name="jurisdiction"/> on <paramref name="asOf"/> aimed at any of <paramref name="targets"/>, by the day their status began.</summary>
    public async Task<InForceAnswer> InForceAsync(string jurisdiction, DateOnly asOf, IEnumerable<string> targets, int limit, CancellationToken cancellationToken) =>
        (await GetAsync<InForceAnswer>(
            $"jurisdictions/{Uri.EscapeDataString(jurisdiction)}/in-force?asOf={Day(asOf)}&anyTarget={Uri.EscapeDataString(string.Join(',', targets))}&limit={limit}",
            cancellationToken))!;

    public async Task<IReadOnlyList<InForceCount>> InForceCountsAsync(DateOnly asOf, string groupBy, CancellationToken cancellationToken) =>
        (await GetAsync<IReadOnlyList<InForceCount>>($"in-force-counts?asOf={Day(asOf)}&groupBy={groupBy}", cancellationToken))!;

    /// <summary>The first <paramref name="limit"/> lifecycle events dated from <paramref name="from"/> to <paramref name="to"/> (at most 366 days), in date order, and whether more follow.</summary>
    /// <remarks>
    /// The service reads the days after a date, and no date comes before 0001-01-01: a window starting on it starts the
    /// day after instead (nothing on it since the service takes no step dated before 1900), and one ending on it holds nothing.
    /// </remarks>
    public async Task<ResponsesAnswer> EventsAsync(DateOnly from, DateOnly to, string? bloc, int limit, CancellationToken cancellationToken)
    {
        var after = from == DateOnly.MinValue ? from : from.AddDays(-1);
        var days = to.DayNumber - after.DayNumber;
        return days < 1
            ? new ResponsesAnswer([])
            : (await GetAsync<ResponsesAnswer>(
                $"responses?after={Day(after)}&days={days}&limit={limit}{(bloc is null ? string.Empty : "&bloc=" + Uri.EscapeDataString(bloc))}",
                cancellationToken))!;
    }
}
