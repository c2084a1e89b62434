using System.Globalization;
using System.Text;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Marten;
using Marten.Linq.MatchesSql;
using Contract = Intelligence.Contracts.Pricing;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-moves?from=&amp;to=</c>: every change of the price in force of any offering in a window, each with the
/// price before and after (who moved, when, from what to what): listings, changes, cuts, promotions and closings alike.
/// One page at a time, oldest first, read from the moves' (date, offering) index (<see cref="PriceMoveRecord"/>); a
/// following page is linked (<c>Link: rel="next"</c>).
/// </summary>
public static class ListPriceMoves
{
    public const int MaxDays = 3660;

    public const int MaxLimit = 500;

    private const string Sort = "effectiveOn";

    /// <param name="From">The price in force the day before; null when there was none (a listing).</param>
    /// <param name="To">The price in force from <paramref name="EffectiveOn"/>; null when none is (a closing).</param>
    /// <param name="ChangePercent">Change of the comparable USD price (blended for API, monthly fee for plans); null from or to no price, or from free.</param>
    public sealed record PriceMove(
        DateOnly EffectiveOn,
        string OfferingId,
        string Provider,
        string ProviderCountry,
        string Offering,
        OfferingKind Kind,
        string? ModelId,
        string? ModelOrganization,
        string Bloc,
        Contract.PriceQuote? From,
        Contract.PriceQuote? To,
        decimal? ChangePercent,
        bool Promotion,
        string Source);

    /// <param name="Decreases">Moves to a lower comparable USD price (blended for API, monthly fee for plans), to free included.</param>
    /// <param name="MedianChangePercent">The median of the moves' percentage changes (listings and closings have none).</param>
    public sealed record MovesSummary(int Moves, int Offerings, IReadOnlyList<string> Providers, int Decreases, int Increases, decimal? MedianChangePercent);

    public static IEndpointRouteBuilder MapListPriceMoves(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-moves", Handle)
            .WithDataVersion()
            .WithName("ListPriceMoves")
            .WithSummary("Every change of an offering's price in force dated from 'from' to 'to' (both required, included, at most 3660 days), oldest first: "
                + "the price before (null for a listing) and after (null for a closing), with the percentage change of the comparable USD price. "
                + "Filters: bloc, kind (api, subscription, free-tier), notBy (up to 10 provider slugs left out, comma-separated). limit: at most 500 a page (the default); a header Link: <...>; rel=\"next\" "
                + "links the following page (after=).")
            .Produces<IReadOnlyList<PriceMove>>()
            .ProducesValidationProblem();
        app.MapGet("/price-moves/summary", Summarise)
            .WithDataVersion()
            .WithName("SummarisePriceMoves")
            .WithSummary("The moves GET /price-moves lists for the same window and filters, counted: moves, offerings, providers, decreases (to free "
                + "included), increases and the median percentage change.")
            .Produces<MovesSummary>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        HttpContext http,
        CancellationToken cancellationToken,
        DateOnly? from = null,
        DateOnly? to = null,
        string? bloc = null,
        string? kind = null,
        string? notBy = null,
        int limit = MaxLimit,
        string? after = null)
    {
        var validation = new Validation().CheckLimit(limit, MaxLimit);
        var filter = Filter.Read(from, to, bloc, kind, notBy, validation);
        var cursor = PageCursor.Read(after, Sort, validation);
        var position = cursor is null ? null : Position.Read(cursor, validation);
        if (filter is null || !validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (where, values) = filter.Sql(session);
        var query = session.Query<PriceMoveRecord>().Where(move => move.MatchesSql(where, values));
        if (position is not null)
        {
            // A row comparison walks the (date, offering) index from the cursor, at the same cost at any depth.
            var schema = session.DocumentStore.Options.DatabaseSchemaName;
            query = query.Where(move => move.MatchesSql(
                $"({schema}.mt_immutable_date(d.data ->> 'effectiveOn'), d.data ->> 'offeringId') > (?, ?)", position.EffectiveOn, position.OfferingId));
        }

        var moves = await query.OrderBy(move => move.EffectiveOn).ThenBy(move => move.OfferingId).Take(limit + 1).ToListAsync(cancellationToken);
        var page = moves.Take(limit).ToList();
        if (moves.Count > limit)
        {
            new PageCursor(Sort, page[^1].EffectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page[^1].OfferingId).LinkNext(http);
        }

        return TypedResults.Ok(page.Select(ToResponse).ToList());
    }

    /// <summary>
    /// The moves of the window (and filters) counted by the database over the (date, offering) index: how many, of how
    /// many offerings and providers, how many down (to free included) and up, and the median change. What a list of
    /// pages would add up to, in one answer.
    /// </summary>
    private static async Task<IResult> Summarise(
        IQuerySession session,
        CancellationToken cancellationToken,
        DateOnly? from = null,
        DateOnly? to = null,
        string? bloc = null,
        string? kind = null,
        string? notBy = null)
    {
        var validation = new Validation();
        var filter = Filter.Read(from, to, bloc, kind, notBy, validation);
        if (filter is null || !validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (where, values) = filter.Sql(session);
        var moves = session.DocumentStore.Options.Schema.For<PriceMoveRecord>();
        var free = "coalesce(d.data -> 'after' ->> 'blendedUsdPerMillion', d.data -> 'after' ->> 'monthlyFeeUsd')::numeric = 0";
        var change = "(d.data ->> 'changePercent')::numeric";
        var summary = await session.QueryJsonAsync<MovesSummary>(
            $"""
            select json_build_object(
                'moves', count(*),
                'offerings', count(distinct d.data ->> 'offeringId'),
                'providers', coalesce(array_agg(distinct d.data ->> 'provider') filter (where d.data ->> 'provider' is not null), array[]::text[]),
                'decreases', count(*) filter (where {change} < 0
                    or ({change} is null and jsonb_typeof(d.data -> 'before') = 'object' and jsonb_typeof(d.data -> 'after') = 'object' and {free})),
                'increases', count(*) filter (where {change} > 0),
                'medianChangePercent', trim_scale((percentile_disc(0.5) within group (order by {change}) + percentile_disc(0.5) within group (order by {change} desc)) / 2))::text
            from {moves} d
            where {where}
            """,
            cancellationToken,
            values);
        return TypedResults.Ok(summary);
    }

    private static PriceMove ToResponse(PriceMoveRecord move) => new(
        move.EffectiveOn,
        move.OfferingId,
        move.Provider,
        move.ProviderCountry,
        move.Offering,
        move.Kind,
        move.ModelId,
        move.ModelOrganization,
        move.Bloc,
        move.Before is null ? null : PublishedEvents.Quote(move.Before),
        move.After is null ? null : PublishedEvents.Quote(move.After),
        move.ChangePercent,
        move.Promotion,
        move.Source);

    /// <summary>The window and filters a list of moves and its summary share.</summary>
    private sealed record Filter(DateOnly From, DateOnly To, string? Bloc, OfferingKind? Kind, IReadOnlyList<string> ProvidersLeftOut)
    {
        public static Filter? Read(DateOnly? from, DateOnly? to, string? bloc, string? kind, string? notBy, Validation validation)
        {
            var kindValue = Kinds.Parse(kind);
            validation
                .Check(from is not null, "from", "is required (yyyy-MM-dd)")
                .Check(to is not null, "to", "is required (yyyy-MM-dd)")
                .Check(from is null || to is null || from <= to, "from", "must not be after to")
                .Check(from is null || to is null || to.Value.DayNumber - from.Value.DayNumber <= MaxDays, "to", $"must be at most {MaxDays} days after from")
                .Check(kind is null || kindValue is not null, "kind", "must be api, subscription or free-tier");
            var providers = ListPriceCuts.ProvidersLeftOut(notBy, validation);
            return from is { } first && to is { } last ? new Filter(first, last, bloc, kindValue, providers) : null;
        }

        /// <summary>
        /// The filter as SQL over moves aliased <c>d</c>, with its values for the <c>?</c>s: the date range on the
        /// expression the (date, offering) index holds, so that the index serves the page and the summary alike.
        /// </summary>
        public (string Sql, object[] Values) Sql(IQuerySession session)
        {
            var schema = session.DocumentStore.Options.DatabaseSchemaName;
            var sql = new StringBuilder($"{schema}.mt_immutable_date(d.data ->> 'effectiveOn') between ? and ?");
            var values = new List<object> { From, To };
            if (Bloc is { } bloc)
            {
                sql.Append(" and d.data ->> 'bloc' = ?");
                values.Add(bloc);
            }

            if (Kind is { } kind)
            {
                // As the store writes the enum: its serializer's text, without the quotes.
                sql.Append(" and d.data ->> 'kind' = ?");
                values.Add(session.DocumentStore.Options.Serializer().ToJson(kind).Trim('"'));
            }

            foreach (var provider in ProvidersLeftOut)
            {
                sql.Append(" and not starts_with(d.data ->> 'offeringId', ?)");
                values.Add(provider + ".");
            }

            return (sql.ToString(), [.. values]);
        }
    }

    /// <summary>Where a cursor stands: the date and offering of the last move served.</summary>
    private sealed record Position(DateOnly EffectiveOn, string OfferingId)
    {
        public static Position? Read(PageCursor cursor, Validation validation)
        {
            if (DateOnly.TryParseExact(cursor.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effectiveOn))
            {
                return new Position(effectiveOn, cursor.Id);
            }

            validation.Add("after", "is not a cursor of this list: pass the 'after' of the Link rel=\"next\" unchanged");
            return null;
        }
    }
}
