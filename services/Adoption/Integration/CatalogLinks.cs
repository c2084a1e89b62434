using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Platform.EventStore;
using Marten;
using Marten.Linq.MatchesSql;

namespace Intelligence.Adoption.Integration;

/// <summary>
/// Keeps every <see cref="SeriesLink"/> true to the catalog replica. A link rests on several models, each changed by
/// its own transaction, and on the series, started by another; each side reads what the other commits. A catalog
/// transaction holds the catalog-links lock exclusively from before it looks for the links to relink until it commits;
/// a write that starts a series holds it shared from before its link reads the replica until it commits. So either
/// the series is committed before the catalog transaction looks for it, or the model is committed before the
/// series' link reads the replica: no model is missed by both. Writes to series already started take no lock.
/// </summary>
internal static class CatalogLinks
{
    private const string LockName = "adoption/catalog-links";

    /// <summary>Begins the session's transaction holding the lock shared: for a write that starts a series.</summary>
    public static async Task ShareAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock_shared(hashtextextended(?, 0))", cancellationToken, LockName);
    }

    /// <summary>Begins the session's transaction holding the lock exclusively: for a change of the replica.</summary>
    public static async Task HoldAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(hashtextextended(?, 0))", cancellationToken, LockName);
    }

    /// <summary>
    /// The known models that may take part in the links of <paramref name="subjects"/> (<see cref="SubjectLinks.MayLink"/>),
    /// found by the indexed name key, name families and organization: linking against them gives what the whole
    /// catalog gives.
    /// </summary>
    public static async Task<IReadOnlyList<KnownModel>> CandidatesAsync(IQuerySession session, IReadOnlyCollection<Subject> subjects, CancellationToken cancellationToken)
    {
        var linkable = subjects.Where(subject => subject.Kind != SubjectKind.Aggregate).ToList();
        if (linkable.Count == 0)
        {
            return [];
        }

        string[] keys = [.. linkable.Select(subject => subject.Id).Distinct(StringComparer.Ordinal)];
        string[] families = [.. linkable.Select(subject => Names.Family(subject.Name)).Where(family => family.Length > 0).Distinct(StringComparer.Ordinal)];
        string[] organizations = [.. linkable.Select(subject => subject.OrganizationId).OfType<string>().Distinct(StringComparer.Ordinal)];

        // A replica row stored before the name keys were kept has none: it stays a candidate until its next event stores it again.
        var models = await session.Query<CatalogModel>()
            .Where(model => model.CardVersion > 0 && model.MatchesSql(
                "(d.name_key is null or d.name_key = any(?) or d.name_families && ? or d.organization_id = any(?))", keys, families, organizations))
            .ToListAsync(cancellationToken);
        return [.. models.Select(model => model.ToKnownModel()!)];
    }

    /// <summary>
    /// Relinks the series whose link may change with <paramref name="changed"/> (the replica's models whose card this
    /// transaction changed): those linked to one of them before, and those a new name or organization may link now.
    /// A link is stored only when it changed.
    /// </summary>
    public static async Task RelinkAsync(IDocumentSession session, IReadOnlyCollection<CatalogModel> changed, CancellationToken cancellationToken)
    {
        string[] modelIds = [.. changed.Select(model => model.Id)];
        string[] keys = [.. changed.Select(model => model.NameKey).OfType<string>().Distinct(StringComparer.Ordinal)];
        string[] families = [.. changed.SelectMany(model => model.NameFamilies).Distinct(StringComparer.Ordinal)];
        string[] organizations = [.. changed.Select(model => model.OrganizationId).OfType<string>().Distinct(StringComparer.Ordinal)];
        var links = await session.Query<SeriesLink>()
            .Where(link => link.MatchesSql(
                "(d.model_ids && ? or d.subject_id = any(?) or d.family = any(?) or d.organization_id = any(?))", modelIds, keys, families, organizations))
            .ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return;
        }

        var catalog = (await CandidatesAsync(session, [.. links.Select(link => link.Key.Subject)], cancellationToken))
            .ToDictionary(model => model.Id, StringComparer.Ordinal);

        // This transaction's own changes are not committed yet: they replace what the query read.
        foreach (var model in changed)
        {
            if (model.ToKnownModel() is { } known)
            {
                catalog[model.Id] = known;
            }
            else
            {
                catalog.Remove(model.Id);
            }
        }

        var relinkedAny = false;
        foreach (var link in links)
        {
            var relinked = SubjectLinks.Link(link.Key.Subject, catalog.Values);
            if (!SubjectLinks.Same(relinked, link.Link))
            {
                session.Store(link with { Link = relinked });
                relinkedAny = true;
            }
        }

        if (relinkedAny)
        {
            // A series counts where its link says: a relink may move any day's headlines.
            session.MarkStale(StandingObservation.HeadlinesRead, DateOnly.MinValue);
        }
    }
}
