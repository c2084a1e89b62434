using Intelligence.Contracts;
using Intelligence.Platform;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;
using Marten.Linq.MatchesSql;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /jurisdictions/{code}/in-force?asOf=D</c>: the measures in force in a jurisdiction on a date. A country's
/// answer includes its subdivisions' measures (via subnational), a subdivision's its country's (via national), and
/// an EU member's the EU's (via eu). Read from the status spells (<see cref="MeasureStatusSpell"/>), which carry
/// what the filters ask, in the order their status began: only the page's measures are loaded.
/// </summary>
public static class GetInForce
{
    public const int MaxLimit = 1_000;

    /// <param name="Via">own, subnational (a measure of one of its subdivisions), national (its country's, for a subdivision) or eu (EU law in a member state).</param>
    public sealed record InForceMeasure(MeasureLine Measure, string Via);

    /// <param name="Count">The measures in force that pass the filters, counted at most <see cref="OffsetPaging.CountAhead"/> (then a lower bound).</param>
    /// <param name="Measures">The first <c>limit</c> of them, by the day their status began, then id.</param>
    public sealed record Answer(string Jurisdiction, string Bloc, DateOnly AsOf, int Count, bool CountIsLowerBound, IReadOnlyList<InForceMeasure> Measures);

    public static IEndpointRouteBuilder MapGetInForce(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jurisdictions/{code}/in-force", Handle)
            .WithDataVersion()
            .WithName("GetInForce")
            .WithSummary("Measures in force in a jurisdiction on asOf (default today): its own, its subdivisions' (subnational=false leaves them out) and, for an EU member, the EU's. "
                + "Filters: type, target, direction, and anyTarget (comma-separated tags: measures aimed at any of them). By the day their status began, then id; "
                + $"limit: at most {MaxLimit} (the default), with the count of all.")
            .Produces<Answer>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        string code,
        IQuerySession session,
        Countries countries,
        TimeProvider clock,
        CancellationToken cancellationToken,
        DateOnly? asOf = null,
        bool subnational = true,
        string? type = null,
        string? target = null,
        string? direction = null,
        string? anyTarget = null,
        int limit = MaxLimit)
    {
        var jurisdiction = code.Trim().ToUpperInvariant();
        var validation = new Validation()
            .Check(Jurisdictions.IsValid(jurisdiction, countries), "code", "must be an ISO 3166-1 alpha-2 code, EU, a subdivision such as US-CA, or INTL")
            .CheckLimit(limit, MaxLimit);
        var filter = MeasureFilter.Read(null, null, type, target, direction, countries, validation);
        var anyOf = (anyTarget ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(tag => tag.ToLowerInvariant()).ToArray();
        validation.Check(anyOf.Length <= 20 && anyOf.All(Slugs.IsValid), "anyTarget", "must be at most 20 kebab-case tags, comma-separated");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var bloc = Jurisdictions.BlocOf(jurisdiction, countries);
        var scopes = Scopes(jurisdiction, bloc).ToList();

        // A country's own scope takes in its subdivisions, as the measure filter reads a two-letter jurisdiction.
        var withSubdivisions = subnational && jurisdiction.Length == 2 ? jurisdiction : null;
        var exact = scopes.Select(s => s.Scope).Where(scope => scope != withSubdivisions).ToArray();
        var inForce = InForce(session, date, exact, withSubdivisions, filter, anyOf);
        var spells = await inForce.OrderBy(s => s.ValidFrom).ThenBy(s => s.MeasureId).Take(limit + 1).ToListAsync(cancellationToken);
        var page = spells.Take(limit).ToList();
        var entries = (await session.LoadManyAsync<MeasureEntry>(cancellationToken, page.Select(s => s.MeasureId))).ToDictionary(entry => entry.Id, StringComparer.Ordinal);
        var measures = page
            .Where(spell => entries.ContainsKey(spell.MeasureId))
            .Select(spell => (Entry: entries[spell.MeasureId], Spell: spell))
            .Select(found => new InForceMeasure(
                MeasureLine.From(found.Entry, Lifecycle.AsOf(found.Entry.State.Timeline, date)),
                Via(found.Spell.Jurisdiction, scopes.Single(s => s.Scope == found.Spell.Jurisdiction || (s.Scope == withSubdivisions && found.Spell.Country == s.Scope)))))
            .ToList();
        var (count, lowerBound) = spells.Count > limit
            ? OffsetPaging.Bounded((await inForce.Select(s => s.Id).Take(OffsetPaging.CountAhead + 1).ToListAsync(cancellationToken)).Count)
            : (page.Count, false);
        return TypedResults.Ok(new Answer(jurisdiction, bloc, date, count, lowerBound, measures));
    }

    /// <summary>
    /// The status spells in force on <paramref name="date"/> in the <paramref name="exact"/> jurisdictions or anywhere
    /// in the country <paramref name="withSubdivisions"/> that pass the filters: an indexed query, a spell a measure.
    /// </summary>
    private static IQueryable<MeasureStatusSpell> InForce(
        IQuerySession session, DateOnly date, string[] exact, string? withSubdivisions, MeasureFilter filter, string[] anyOf)
    {
        var inForce = session.Query<MeasureStatusSpell>()
            .Where(s => s.Status == MeasureStatus.InForce && s.ValidFrom <= date && (s.ValidUntil == null || s.ValidUntil > date));
        inForce = withSubdivisions is { } country
            ? inForce.Where(s => s.Jurisdiction.IsOneOf(exact) || s.Country == country)
            : inForce.Where(s => s.Jurisdiction.IsOneOf(exact));
        inForce = filter.OnCopies(inForce);
        if (anyOf.Length > 0)
        {
            inForce = inForce.Where(s => s.MatchesSql("d.targets && ?", new object[] { anyOf }));
        }

        return inForce;
    }

    /// <summary>
    /// Whose measures apply in <paramref name="jurisdiction"/>: its own (with its subdivisions'), its country's for a
    /// subdivision, and the EU's in a member state or one of its subdivisions.
    /// </summary>
    private static IEnumerable<(string Scope, string Via)> Scopes(string jurisdiction, string bloc)
    {
        yield return (jurisdiction, "own");
        if (Jurisdictions.CountryOf(jurisdiction) is not { } country)
        {
            yield break;
        }

        if (country != jurisdiction)
        {
            yield return (country, "national");
        }

        if (bloc == Blocs.EuropeanUnion)
        {
            yield return (Jurisdictions.EuropeanUnion, "eu");
        }
    }

    private static string Via(string measureJurisdiction, (string Scope, string Via) scope) =>
        scope.Via == "own" && measureJurisdiction != scope.Scope ? "subnational" : scope.Via;
}
