using System.Globalization;
using Intelligence.Contracts;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Marten;
using Marten.Linq.MatchesSql;
using Contract = Intelligence.Contracts.Pricing;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-cuts?since=&amp;until=</c>: who cut prices, from what to what, by how much, in date order (who cut
/// after whom). One page at a time, read by the cuts' (date, offering, id) index from a keyset cursor: the cost of a
/// page does not grow with how many cuts the market has made. A following page is linked (<c>Link: rel="next"</c>).
/// </summary>
public static class ListPriceCuts
{
    public const int MaxLimit = 500;

    public const int MaxProvidersLeftOut = 10;

    private const string Oldest = "effectiveOn";

    private const string Newest = "-effectiveOn";

    /// <param name="Percent">Change of the blended USD price (monthly fee for plans), negative; -100 for a move to free.</param>
    public sealed record PriceCut(
        DateOnly EffectiveOn,
        string OfferingId,
        string Provider,
        string Offering,
        string? ModelId,
        string Bloc,
        Contract.PriceQuote From,
        Contract.PriceQuote To,
        decimal Percent,
        bool ToFree,
        string Source);

    public static IEndpointRouteBuilder MapListPriceCuts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-cuts", Handle)
            .WithDataVersion()
            .WithName("ListPriceCuts")
            .WithSummary("Price cuts effective from since to until (both optional, included): a fall of the blended USD price by the threshold "
                + "(20% by default) or to free. sort: effectiveOn (oldest first, the default) or -effectiveOn. bloc filters by the offering's bloc; "
                + "notBy leaves out the cuts of up to 10 providers (their slugs, comma-separated: the part of an offering id before the dot). "
                + "limit: at most 500 a page (the default); a header Link: <...>; rel=\"next\" links the following page (after=).")
            .Produces<IReadOnlyList<PriceCut>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        HttpContext http,
        CancellationToken cancellationToken,
        DateOnly? since = null,
        DateOnly? until = null,
        string? bloc = null,
        string? notBy = null,
        string sort = Oldest,
        int limit = MaxLimit,
        string? after = null)
    {
        var validation = new Validation()
            .Check(sort is Oldest or Newest, "sort", $"must be {Oldest} or {Newest}")
            .CheckLimit(limit, MaxLimit);
        var providers = ProvidersLeftOut(notBy, validation);
        var cursor = PageCursor.Read(after, sort, validation);
        var position = cursor is null ? null : Position.Read(cursor, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var from = since ?? DateOnly.MinValue;
        var to = until ?? DateOnly.MaxValue;
        var query = session.Query<PriceCutRecord>().Where(cut => cut.EffectiveOn >= from && cut.EffectiveOn <= to);
        foreach (var provider in providers)
        {
            var prefix = provider + ".";
            query = query.Where(cut => !cut.OfferingId.StartsWith(prefix));
        }

        if (bloc is not null)
        {
            // The bloc is the offering's as linked now (a relink moves it): looked up per cut by the view's key.
            query = query.Where(cut => cut.MatchesSql(
                $"exists (select 1 from {schema}.mt_doc_offeringview as view where view.id = d.data ->> 'offeringId' and view.data ->> 'bloc' = ?)", bloc));
        }

        if (position is not null)
        {
            // A row comparison walks the (date, offering, id) index from the cursor, at the same cost at any depth.
            query = query.Where(cut => cut.MatchesSql(
                $"({schema}.mt_immutable_date(d.data ->> 'effectiveOn'), d.data ->> 'offeringId', d.id) {(sort == Newest ? "<" : ">")} (?, ?, ?)",
                position.EffectiveOn, position.OfferingId, position.Id));
        }

        query = sort == Newest
            ? query.OrderByDescending(cut => cut.EffectiveOn).ThenByDescending(cut => cut.OfferingId).ThenByDescending(cut => cut.Id)
            : query.OrderBy(cut => cut.EffectiveOn).ThenBy(cut => cut.OfferingId).ThenBy(cut => cut.Id);
        var cuts = await query.Take(limit + 1).ToListAsync(cancellationToken);
        var page = cuts.Take(limit).ToList();
        var views = page.Count == 0
            ? []
            : (await session.LoadManyAsync<OfferingListing>(cancellationToken, page.Select(cut => cut.OfferingId).Distinct())).ToDictionary(view => view.Id);
        if (cuts.Count > limit)
        {
            var last = page[^1];
            new PageCursor(sort, $"{last.EffectiveOn:yyyy-MM-dd} {last.OfferingId}", last.Id.ToString()).LinkNext(http);
        }

        return TypedResults.Ok(page
            .Where(cut => views.ContainsKey(cut.OfferingId))
            .Select(cut =>
            {
                var view = views[cut.OfferingId];
                return new PriceCut(
                    cut.EffectiveOn, cut.OfferingId, view.State.Details.Provider, view.State.Details.Name, cut.ModelId, view.Bloc,
                    PublishedEvents.Quote(cut.From), PublishedEvents.Quote(cut.To), cut.Percent, cut.ToFree, cut.Source);
            })
            .ToList());
    }

    /// <summary>The provider slugs of <c>notBy</c>: whose offerings a list leaves out (an offering id starts with its provider's slug and a dot).</summary>
    internal static string[] ProvidersLeftOut(string? notBy, Validation validation)
    {
        var providers = notBy?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        validation.Check(
            providers.Length <= MaxProvidersLeftOut && providers.All(provider => Slugs.From(provider) == provider),
            "notBy",
            $"must be at most {MaxProvidersLeftOut} provider slugs (lower-case letters and digits joined by single hyphens), comma-separated");
        return providers;
    }

    /// <summary>Where a cursor stands: the date, offering and id of the last cut served.</summary>
    private sealed record Position(DateOnly EffectiveOn, string OfferingId, Guid Id)
    {
        public static Position? Read(PageCursor cursor, Validation validation)
        {
            if (cursor.Key.Split(' ') is [var day, var offering]
                && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effectiveOn)
                && Guid.TryParse(cursor.Id, out var id))
            {
                return new Position(effectiveOn, offering, id);
            }

            validation.Add("after", "is not a cursor of this list: pass the 'after' of the Link rel=\"next\" unchanged");
            return null;
        }
    }
}
