using System.Globalization;
using System.Text.Json;
using Intelligence.Gateway.Routing;

namespace Intelligence.Gateway.Composition;

public sealed record OrganizationCard(string Id, string Name, string HomeCountry);

/// <summary>What the gateway reads of a model card of the releases service.</summary>
public sealed record ModelCard(
    string Id,
    string Name,
    OrganizationCard Organization,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    DateOnly ReleasedOn,
    bool OpenWeights,
    string Licence,
    string FreeAccess,
    bool? ApiAvailable,
    string SourceUrl,
    DateOnly? RetiredOn);

/// <summary>The models released in a window in one group (a bloc or a country), as the release counters count them.</summary>
public sealed record ReleasedInGroup(string Group, int Releases, int OpenWeights, int FreeAccess);

/// <summary>The releases service's answer about one model id.</summary>
public sealed record ModelLookup(JsonElement? Card, ModelCard? Model);

/// <summary>The releases service: the model catalog.</summary>
public sealed class ReleasesClient(IHttpClientFactory clients, ServiceDestinations destinations, PartCache cache) : ServiceClient("releases", clients, destinations, cache)
{
    /// <summary>The model card as the service writes it (<see cref="ModelLookup.Card"/>) and as the gateway reads it; both null when the catalog has no such model.</summary>
    public async Task<ModelLookup> GetModelAsync(string id, CancellationToken cancellationToken) =>
        await GetAsync<JsonElement?>($"models/{Uri.EscapeDataString(id)}", cancellationToken, notFoundIsNull: true) is { } card
            ? new ModelLookup(card, card.Deserialize<ModelCard>(Json))
            : new ModelLookup(null, null);

    /// <summary>The first <paramref name="limit"/> models released from <paramref name="from"/> to <paramref name="to"/>, oldest first, optionally of one bloc; and whether more follow.</summary>
    public Task<(IReadOnlyList<ModelCard> Items, bool More)> FirstModelsAsync(DateOnly from, DateOnly to, string? bloc, int limit, CancellationToken cancellationToken) =>
        GetFirstPageAsync<ModelCard>(
            $"models?from={Day(from)}&to={Day(to)}&sort=releasedOn{(bloc is null ? string.Empty : "&bloc=" + Uri.EscapeDataString(bloc))}", limit, cancellationToken);

    /// <summary>Models released from <paramref name="from"/> to <paramref name="to"/> per bloc or country, counted by the service.</summary>
    public async Task<IReadOnlyList<ReleasedInGroup>> ReleasedInWindowAsync(DateOnly from, DateOnly to, string groupBy, CancellationToken cancellationToken) =>
        (await GetAsync<IReadOnlyList<ReleasedInGroup>>($"stats/window?from={Day(from)}&to={Day(to)}&groupBy={groupBy}", cancellationToken))!;

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
