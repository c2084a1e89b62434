using Intelligence.Contracts;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;
using Marten.Linq;
using Marten.Linq.MatchesSql;
using Npgsql;

namespace Intelligence.Regulation.Features;

/// <summary>
/// The filters the measure queries share, on what a measure is (status is a question of date, computed after).
/// <c>jurisdiction=US</c> also matches its subdivisions (US-CA); <c>jurisdiction=US-CA</c> only that one.
/// </summary>
internal sealed record MeasureFilter(string? Jurisdiction, string? Bloc, InstrumentType? Type, string? Target, Direction? Direction)
{
    /// <summary>The filter the query string asks for; each unreadable value is a named field error.</summary>
    public static MeasureFilter Read(
        string? jurisdiction, string? bloc, string? type, string? target, string? direction, Countries countries, Validation validation) =>
        new MeasureFilter(
            jurisdiction,
            bloc,
            EnumParameters.Read<InstrumentType>(type, "type", validation),
            target,
            EnumParameters.Read<Direction>(direction, "direction", validation)).Validate(countries, validation);

    private MeasureFilter Validate(Countries countries, Validation validation)
    {
        var jurisdiction = Jurisdiction?.Trim().ToUpperInvariant();
        validation.Check(jurisdiction is null || Jurisdictions.IsValid(jurisdiction, countries), "jurisdiction", "must be an ISO 3166-1 alpha-2 code, EU, a subdivision such as US-CA, or INTL")
            .Check(Target is null || Slugs.IsValid(Target.Trim().ToLowerInvariant()), "target", "must be a kebab-case tag")
            .Check(Bloc is null || Bloc.Length <= 100, "bloc", "must be at most 100 characters");
        return this with { Jurisdiction = jurisdiction, Target = Target?.Trim().ToLowerInvariant() };
    }

    /// <summary>The measures that pass the filter, unordered, for a list to narrow further and order itself.</summary>
    public IQueryable<MeasureEntry> Query(IQuerySession session) => Apply(session.Query<MeasureEntry>());

    /// <summary>
    /// The ids the filter keeps as SQL (the query as Marten writes it), for a query the database aggregates over them;
    /// dispose it after its reader.
    /// </summary>
    public KeptIds KeptAsSql(IQuerySession session) => new(Query(session).Select(entry => entry.Id).ToCommand(FetchType.FetchMany));

    /// <summary>
    /// The list order's first key: a column of its own (a Marten duplicated field, named by Marten from the member path),
    /// so a walk of the (jurisdiction, id) index reads no row and an offset page skips its entries without visiting the table.
    /// </summary>
    public const string JurisdictionSql = "d.statedetailsjurisdiction";

    /// <summary>Declares the key column and the index the list of measures reads in order: (jurisdiction, id).</summary>
    public static void Declare(StoreOptions store) => store.Schema.For<MeasureEntry>()
        .Duplicate(entry => entry.State.Details.Jurisdiction, pgType: "text", configure: index =>
        {
            index.Mask = "?, id";
            index.Name = "mt_doc_measureentry_idx_jurisdiction_id";
        });

    /// <summary>
    /// The filter on rows that copy what a measure is (<see cref="MeasureStatusSpell"/>, <see cref="MeasureStepDate"/>),
    /// by their columns: a two-letter jurisdiction takes in its subdivisions through the country, as on the measures.
    /// </summary>
    public IQueryable<T> OnCopies<T>(IQueryable<T> rows)
        where T : notnull
    {
        if (Jurisdiction is { } jurisdiction)
        {
            rows = rows.Where(row => row.MatchesSql(jurisdiction.Length == 2 ? "d.country = ?" : "d.jurisdiction = ?", jurisdiction));
        }

        if (Bloc is { } bloc)
        {
            rows = rows.Where(row => row.MatchesSql("d.bloc = ?", bloc));
        }

        if (Type is { } type)
        {
            rows = rows.Where(row => row.MatchesSql("d.type = ?", type.ToString()));
        }

        if (Target is { } target)
        {
            rows = rows.Where(row => row.MatchesSql("d.targets @> ?", new object[] { new[] { target } }));
        }

        if (Direction is { } direction)
        {
            rows = rows.Where(row => row.MatchesSql("d.direction = ?", direction.ToString()));
        }

        return rows;
    }

    public static IQueryable<MeasureEntry> Ordered(IQueryable<MeasureEntry> query) => query.OrderBy(e => e.State.Details.Jurisdiction).ThenBy(e => e.Id);

    private IQueryable<MeasureEntry> Apply(IQueryable<MeasureEntry> query)
    {
        if (Jurisdiction is { } jurisdiction)
        {
            var subdivisions = jurisdiction + "-";
            query = jurisdiction.Length == 2
                ? query.Where(e => e.State.Details.Jurisdiction == jurisdiction || e.State.Details.Jurisdiction.StartsWith(subdivisions))
                : query.Where(e => e.State.Details.Jurisdiction == jurisdiction);
        }

        if (Bloc is { } bloc)
        {
            query = query.Where(e => e.Bloc == bloc);
        }

        if (Type is { } type)
        {
            query = query.Where(e => e.State.Details.Type == type);
        }

        if (Target is { } target)
        {
            query = query.Where(e => e.State.Details.Targets.Contains(target));
        }

        if (Direction is { } direction)
        {
            query = query.Where(e => e.State.Details.Direction == direction);
        }

        return query;
    }
}

/// <summary>
/// A command whose SQL selects the ids a <see cref="MeasureFilter"/> keeps, to be wrapped in an aggregate: parameters
/// join the ones Marten set, named or by position as it set them (Npgsql takes no mix).
/// </summary>
internal sealed class KeptIds(NpgsqlCommand command) : IAsyncDisposable
{
    private readonly bool _named = command.Parameters.Any(parameter => parameter.ParameterName.Length > 0);

    public NpgsqlCommand Command => command;

    /// <summary>The select of the kept ids, to use as a subquery: <c>(…) as kept(id)</c>.</summary>
    public string Sql { get; } = command.CommandText.TrimEnd().TrimEnd(';');

    /// <summary>Adds a parameter and answers how the SQL refers to it.</summary>
    public string Add(object value)
    {
        var name = $"kept_{command.Parameters.Count}";
        command.Parameters.Add(_named ? new NpgsqlParameter(name, value) : new NpgsqlParameter { Value = value });
        return _named ? $"@{name}" : $"${command.Parameters.Count}";
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
