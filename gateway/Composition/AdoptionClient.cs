using Intelligence.Gateway.Routing;
using static Intelligence.Gateway.Composition.ReleasesClient;

namespace Intelligence.Gateway.Composition;

public sealed record SubjectLink(string Kind, string Bloc, IReadOnlyList<string> OriginCountries, IReadOnlyList<string> Models);

public sealed record AdoptionSubject(string Id, string Name, string Kind, SubjectLink Link);

/// <summary>An observation of the adoption service with its series and its subject's link to the catalog.</summary>
/// <param name="MetricLabel">The source's name of a metric of kind other ("paid subscribers"); null for a known metric.</param>
/// <param name="UnitLabel">The source's name of a unit of kind other; null for a known unit.</param>
/// <param name="RegionLabel">The source's name of a place kept as other ("Southeast Asia"); null for a known region.</param>
public sealed record AdoptionObservation(
    string Id,
    string SeriesId,
    AdoptionSubject Subject,
    string Metric,
    string Unit,
    string Region,
    decimal Value,
    string Bound,
    DateOnly ObservedOn,
    string Source,
    string? MetricLabel = null,
    string? UnitLabel = null,
    string? RegionLabel = null);

/// <summary>A group's headline adoption as the adoption service ranks it: its largest latest active-user figure.</summary>
public sealed record GroupHeadline(string Group, AdoptionObservation Observation);

/// <summary>The adoption service: usage series.</summary>
public sealed class AdoptionClient(IHttpClientFactory clients, ServiceDestinations destinations, PartCache cache) : ServiceClient("adoption", clients, destinations, cache)
{
    /// <summary>Each series' latest standing observation on or before <paramref name="asOf"/>, of the series linked to a model if given.</summary>
    public Task<IReadOnlyList<AdoptionObservation>> LatestAsync(DateOnly asOf, string? model, CancellationToken cancellationToken) =>
        GetAllPagesAsync<AdoptionObservation>(
            $"observations?latest=true&to={Day(asOf)}{(model is null ? string.Empty : "&model=" + Uri.EscapeDataString(model))}", 500, cancellationToken);

    /// <summary>Per bloc or country, the largest latest weekly or monthly active users on <paramref name="asOf"/>, ranked by the service.</summary>
    public async Task<IReadOnlyList<GroupHeadline>> HeadlinesAsync(DateOnly asOf, string groupBy, CancellationToken cancellationToken) =>
        (await GetAsync<IReadOnlyList<GroupHeadline>>($"headlines?asOf={Day(asOf)}&groupBy={groupBy}", cancellationToken))!;

    /// <summary>The first <paramref name="limit"/> observations dated from <paramref name="from"/> to <paramref name="to"/>, oldest first; and whether more follow.</summary>
    public Task<(IReadOnlyList<AdoptionObservation> Items, bool More)> FirstObservedAsync(DateOnly from, DateOnly to, string? bloc, int limit, CancellationToken cancellationToken) =>
        GetFirstPageAsync<AdoptionObservation>(
            $"observations?from={Day(from)}&to={Day(to)}{(bloc is null ? string.Empty : "&bloc=" + Uri.EscapeDataString(bloc))}", limit, cancellationToken);
}
