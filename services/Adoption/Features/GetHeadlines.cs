using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// <c>GET /headlines?asOf=&amp;groupBy=</c>: per bloc or country of origin, the headline of adoption: among each
/// series' latest standing observation on or before <c>asOf</c> (as <c>GET /observations?latest=true&amp;to=</c>
/// gives them), those of weekly or monthly active users counted in users, the largest (on a tie, the later, then
/// the first id in ordinal order). A subject counts where its catalog link says it comes from: in its bloc unless
/// that is unknown, or in each of its origin countries. One query over the read models, ranked by the database
/// (the latest observation per series is one index probe, no series or catalog is loaded), once per date and change,
/// then read from its cell (<see cref="DayCells"/>). The gateway's landscape reads its adoption part here.
/// </summary>
public static class GetHeadlines
{
    /// <summary>The metrics that count active users: the headline of adoption.</summary>
    public static readonly IReadOnlyList<Metric> ActiveUsers = [Metric.WeeklyActiveUsers, Metric.MonthlyActiveUsers];

    /// <param name="Group">A bloc, or an origin country as the catalog names it.</param>
    /// <param name="Observation">The headline observation, as one line of <c>GET /observations</c>.</param>
    public sealed record Headline(string Group, ListObservations.Line Observation);

    public static IEndpointRouteBuilder MapGetHeadlines(this IEndpointRouteBuilder app)
    {
        app.MapGet("/headlines", Handle)
            .WithDataVersion()
            .WithName("GetHeadlines")
            .WithSummary("Per bloc (groupBy=bloc, default) or origin country (groupBy=country), ordered by group: the largest latest weekly or monthly "
                + "active users counted in users, of each series' latest standing observation on or before asOf (default today); on a tie the later, "
                + "then the first id. A subject counts in its catalog link's bloc (never in unknown) or in each of its origin countries; groups with "
                + "no such observation are left out. Each as one line of GET /observations.")
            .Produces<IReadOnlyList<Headline>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, TimeProvider clock, CancellationToken cancellationToken, DateOnly? asOf = null, string groupBy = "bloc")
    {
        var validation = new Validation().Check(groupBy is "bloc" or "country", "groupBy", "must be bloc or country");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var best = await DayCells.ReadAsync(session, StandingObservation.HeadlinesRead, groupBy, date, (counting, ct) => CountAsync(counting, groupBy, date, ct), cancellationToken);
        return TypedResults.Ok(best
            .OrderBy(headline => headline.Group, StringComparer.Ordinal)
            .Select(headline => new Headline(headline.Group, ListObservations.Line.Of(new LinkedObservation(headline.Point, headline.Link))))
            .ToList());
    }

    private static async Task<List<GroupHeadline>> CountAsync(IQuerySession session, string groupBy, DateOnly date, CancellationToken cancellationToken)
    {
        var links = session.DocumentStore.Options.Schema.For<SeriesLink>();
        var points = session.DocumentStore.Options.Schema.For<StandingObservation>();
        var (group, groups, counted) = groupBy == "bloc"
            ? ("l.data ->> 'bloc'", string.Empty, $"l.data ->> 'bloc' <> '{SubjectLink.UnknownBloc}'")
            : ("g.country", "cross join lateral (select distinct country from unnest(l.origin_countries) as c(country)) as g", "cardinality(l.origin_countries) > 0");

        // Each series' latest first, then its metric's unit: a series whose latest is in another unit has no headline
        // figure, though an earlier one was in users. Ranked on narrow rows; only the winners' documents are read.
        return await session.QueryJsonAsync<List<GroupHeadline>>(
            $"""
            select coalesce(json_agg(json_build_object('group', best.grp, 'point', p.data, 'link', l.data)), '[]'::json)::text
            from (
                select distinct on (grp) grp, id, series_id
                from (
                    select {group} as grp, p.id, l.id as series_id, p.observed_on, (p.data -> 'observation' ->> 'value')::numeric as value
                    from {links} l
                    {ReadModels.LatestOf(points)}
                    {groups}
                    where l.metric_kind = any(?) and {counted} and p.data ->> 'unitKind' = ?) as latest
                order by grp, value desc, observed_on desc, id collate "C") as best
            join {points} p on p.id = best.id
            join {links} l on l.id = best.series_id
            """,
            cancellationToken,
            date,
            ActiveUsers.Select(metric => Vocabulary.Text(metric)).ToArray(),
            Vocabulary.Text(Unit.Users));
    }

    private sealed record GroupHeadline(string Group, StandingObservation Point, SeriesLink Link);
}
