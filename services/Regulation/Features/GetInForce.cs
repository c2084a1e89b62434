using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /jurisdictions/{code}/in-force?asOf=D</c>: the measures in force in a jurisdiction on a date. A country's
/// answer includes its subdivisions' measures (via subnational), a subdivision's its country's (via national), and
/// an EU member's the EU's (via eu).
/// </summary>
public static class GetInForce
{
    /// <param name="Via">own, subnational (a measure of one of its subdivisions), national (its country's, for a subdivision) or eu (EU law in a member state).</param>
    public sealed record InForceMeasure(MeasureLine Measure, string Via);

    public sealed record Answer(string Jurisdiction, string Bloc, DateOnly AsOf, int Count, IReadOnlyList<InForceMeasure> Measures);

    public static IEndpointRouteBuilder MapGetInForce(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jurisdictions/{code}/in-force", Handle)
            .WithDataVersion()
            .WithName("GetInForce")
            .WithSummary("Measures in force in a jurisdiction on asOf (default today): its own, its subdivisions' (subnational=false leaves them out) and, for an EU member, the EU's. Filters: type, target, direction.")
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
        string? direction = null)
    {
        var jurisdiction = code.Trim().ToUpperInvariant();
        var validation = new Validation()
            .Check(Jurisdictions.IsValid(jurisdiction, countries), "code", "must be an ISO 3166-1 alpha-2 code, EU, a subdivision such as US-CA, or INTL");
        var filter = MeasureFilter.Read(null, null, type, target, direction, countries, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var bloc = Jurisdictions.BlocOf(jurisdiction, countries);
        var scopes = Scopes(jurisdiction, bloc).ToList();

        // A country's own scope takes in its subdivisions, as the measure filter reads a two-letter jurisdiction.
        var withSubdivisions = subnational && jurisdiction.Length == 2 ? jurisdiction : null;
        var exact = scopes.Select(s => s.Scope).Where(scope => scope != withSubdivisions).ToArray();
        var ids = await InForceIdsAsync(session, date, exact, withSubdivisions, cancellationToken);
        var entries = await filter.LoadAsync(session, ids, cancellationToken);
        var measures = new List<InForceMeasure>();
        foreach (var (scope, via) in scopes)
        {
            measures.AddRange(entries
                .Where(entry => entry.State.Details.Jurisdiction == scope
                    || (scope == withSubdivisions && MeasureStatusSpell.CountryOf(entry.State.Details.Jurisdiction) == scope))
                .Select(entry => (entry, status: Lifecycle.AsOf(entry.State.Timeline, date)))
                .Where(pair => pair.status.InForce)
                .Select(pair => new InForceMeasure(MeasureLine.From(pair.entry, pair.status), Via(pair.entry, scope, via))));
        }

        return TypedResults.Ok(new Answer(jurisdiction, bloc, date, measures.Count, measures));
    }

    /// <summary>
    /// The measures in force on <paramref name="date"/> in the <paramref name="exact"/> jurisdictions or anywhere in
    /// the country <paramref name="withSubdivisions"/>: one indexed query over the status spells, so only the
    /// measures in force where the answer looks are loaded.
    /// </summary>
    private static async Task<IReadOnlyList<string>> InForceIdsAsync(
        IQuerySession session, DateOnly date, string[] exact, string? withSubdivisions, CancellationToken cancellationToken)
    {
        var inForce = session.Query<MeasureStatusSpell>()
            .Where(s => s.Status == MeasureStatus.InForce && s.ValidFrom <= date && (s.ValidUntil == null || s.ValidUntil > date));
        inForce = withSubdivisions is { } country
            ? inForce.Where(s => s.Jurisdiction.IsOneOf(exact) || s.Country == country)
            : inForce.Where(s => s.Jurisdiction.IsOneOf(exact));
        return await inForce.Select(s => s.MeasureId).ToListAsync(cancellationToken);
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

        if (bloc == "EU")
        {
            yield return (Jurisdictions.EuropeanUnion, "eu");
        }
    }

    private static string Via(MeasureEntry entry, string scope, string via) =>
        via == "own" && entry.State.Details.Jurisdiction != scope ? "subnational" : via;
}
