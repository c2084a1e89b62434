using System.Text.Json;
using Intelligence.Gateway.Routing;
using static Intelligence.Gateway.Composition.ReleasesClient;

namespace Intelligence.Gateway.Composition;

/// <summary>A price as the pricing service writes it, in the original currency and in USD.</summary>
public sealed record PriceQuote(
    string Currency, decimal? InputPerMillion, decimal? OutputPerMillion, decimal? MonthlyFee, decimal? BlendedUsdPerMillion, decimal? MonthlyFeeUsd);

/// <summary>API offerings with a blended USD price in force on a date in one group, and their median, as the pricing service counts them.</summary>
/// <param name="Decreases">Moves to a lower comparable USD price (blended for API, monthly fee for plans), to free included.</param>
/// <param name="MedianChangePercent">The median of the moves' percentage changes (listings and closings have none).</param>
public sealed record PriceMovesSummary(int Moves, int Offerings, IReadOnlyList<string> Providers, int Decreases, int Increases, decimal? MedianChangePercent);

public sealed record PriceLevel(string Group, int Offerings, decimal? MedianBlendedUsdPerMillion);

public sealed record PriceCut(
    DateOnly EffectiveOn, string OfferingId, string Provider, string Offering, string? ModelId, string Bloc, PriceQuote From, PriceQuote To, decimal Percent, bool ToFree, string Source);

/// <summary>A change of an offering's price in force: from null is a listing, to null a closing.</summary>
public sealed record PriceMove(
    DateOnly EffectiveOn,
    string OfferingId,
    string Provider,
    string ProviderCountry,
    string Offering,
    string Kind,
    string? ModelId,
    string? ModelOrganization,
    string Bloc,
    PriceQuote? From,
    PriceQuote? To,
    decimal? ChangePercent,
    bool Promotion,
    string Source);

/// <summary>The pricing service: offerings and their dated prices.</summary>
public sealed class PricingClient(IHttpClientFactory clients, ServiceDestinations destinations, PartCache cache) : ServiceClient("pricing", clients, destinations, cache)
{
    /// <summary>The model's offerings with a price on <paramref name="asOf"/>, each with its whole timeline, as the service writes them.</summary>
    public Task<IReadOnlyList<JsonElement>> OfferingsOfModelAsync(string modelId, DateOnly asOf, CancellationToken cancellationToken) =>
        GetAllPagesAsync<JsonElement>($"offerings?model={Uri.EscapeDataString(modelId)}&asOf={Day(asOf)}", 200, cancellationToken);

    public async Task<IReadOnlyList<PriceLevel>> PriceLevelsAsync(DateOnly asOf, string groupBy, CancellationToken cancellationToken) =>
        (await GetAsync<IReadOnlyList<PriceLevel>>($"price-levels?asOf={Day(asOf)}&groupBy={groupBy}", cancellationToken))!;

    /// <summary>The first <paramref name="limit"/> cuts in the window, oldest first, leaving out the providers named; and whether more follow.</summary>
    public async Task<(IReadOnlyList<PriceCut> Cuts, bool More)> PriceCutsAsync(
        DateOnly since, DateOnly until, IEnumerable<string> notBy, int limit, CancellationToken cancellationToken)
    {
        // One more than asked says whether another page follows, whatever the cache kept of the headers.
        var cuts = (await GetAsync<IReadOnlyList<PriceCut>>(
            $"price-cuts?since={Day(since)}&until={Day(until)}&notBy={Uri.EscapeDataString(string.Join(',', notBy))}&limit={limit + 1}", cancellationToken))!;
        return ([.. cuts.Take(limit)], cuts.Count > limit);
    }

    public async Task<(IReadOnlyList<PriceMove> Moves, bool More)> FirstPriceMovesAsync(
        DateOnly from, DateOnly to, string? bloc, IEnumerable<string> notBy, int limit, CancellationToken cancellationToken)
    {
        var moves = (await GetAsync<IReadOnlyList<PriceMove>>($"price-moves?{MovesFilter(from, to, bloc, notBy)}&limit={limit + 1}", cancellationToken))!;
        return ([.. moves.Take(limit)], moves.Count > limit);
    }

    /// <summary>The moves of the same window and filters counted whole by pricing: <c>GET /price-moves/summary</c>.</summary>
    public async Task<PriceMovesSummary> SummariseMovesAsync(DateOnly from, DateOnly to, IEnumerable<string> notBy, CancellationToken cancellationToken) =>
        (await GetAsync<PriceMovesSummary>($"price-moves/summary?{MovesFilter(from, to, null, notBy)}", cancellationToken))!;

    private static string MovesFilter(DateOnly from, DateOnly to, string? bloc, IEnumerable<string> notBy) =>
        $"from={Day(from)}&to={Day(to)}{(bloc is null ? string.Empty : "&bloc=" + Uri.EscapeDataString(bloc))}"
        + (notBy.Any() ? "&notBy=" + Uri.EscapeDataString(string.Join(',', notBy)) : string.Empty);
}
