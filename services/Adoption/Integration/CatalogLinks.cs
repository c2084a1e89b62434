using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Replicas;
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
    // One lock for every link ("adoption/catalog-links"): a series link rests on several models, so a per-model lock would not do.
    private const string LockScope = "adoption";
    private static readonly string[] LockId = ["catalog-links"];

    /// <summary>Begins the session's transaction holding the lock shared: for a write that starts a series.</summary>
    public static Task ShareAsync(IDocumentSession session, CancellationToken cancellationToken) =>
        ReplicaLocks.ShareEachAsync(session, LockScope, LockId, cancellationToken);

    /// <summary>Begins the session's transaction holding the lock exclusively: for a change of the replica.</summary>
    public static Task HoldAsync(IDocumentSession session, CancellationToken cancellationToken) =>
        ReplicaLocks.HoldEachAsync(session, LockScope, LockId, cancellationToken);

    /// <summary>
    /// The known models that may take part in the links of <paramref name="subjects"/>: those their names may link
    /// (<see cref="SubjectLinks.MayLinkByName"/>, by the indexed name key and families) and the newest of each of their
    /// organizations (by the (organization, release date) index), apart from <paramref name="excluded"/>. Linking
    /// against them gives what the whole catalog gives, and they are a few rows however many models an organization
    /// holds.
    /// </summary>
    public static async Task<IReadOnlyList<KnownModel>> CandidatesAsync(
        IQuerySession session, IReadOnlyCollection<Subject> subjects, CancellationToken cancellationToken, IReadOnlyCollection<string>? excluded = null)
    {
        var linkable = subjects.Where(subject => subject.Kind != SubjectKind.Aggregate).ToList();
        if (linkable.Count == 0)
        {
            return [];
        }

        string[] keys = [.. linkable.Select(subject => subject.Id).Distinct(StringComparer.Ordinal)];
        string[] families = [.. linkable.Select(subject => Names.Family(subject.Name)).Where(family => family.Length > 0).Distinct(StringComparer.Ordinal)];
        string[] organizations = [.. linkable.Select(subject => subject.OrganizationId).OfType<string>().Distinct(StringComparer.Ordinal)];
        string[] left = [.. excluded ?? []];

        // A replica row stored before the name keys were kept has none: it stays a candidate until its next event stores it again.
        var byName = await session.Query<CatalogModel>()
            .Where(model => model.CardVersion > 0 && model.MatchesSql(
                "(d.name_key is null or d.name_key = any(?) or d.name_families && ?) and not (d.id = any(?))", keys, families, left))
            .ToListAsync(cancellationToken);
        var replica = session.DocumentStore.Options.Schema.For<CatalogModel>();
        var newest = organizations.Length == 0
            ? []
            : await session.QueryAsync<CatalogModel>(
                $"""
                select m.data
                from unnest(?) as o(organization_id)
                join lateral (
                    select max(x.released_on) as released_on from {replica} x
                    where x.organization_id = o.organization_id and x.released_on is not null and not (x.id = any(?))) as newest on true
                join {replica} m on m.organization_id = o.organization_id and m.released_on = newest.released_on and not (m.id = any(?))
                """,
                cancellationToken,
                organizations,
                left,
                left);
        return [.. byName.Concat(newest).DistinctBy(model => model.Id).Select(model => model.ToKnownModel()).OfType<KnownModel>()];
    }

    /// <summary>
    /// Relinks the series whose link may change with <paramref name="changed"/> (the replica's models whose card this
    /// transaction changed): those resting on one of them, those a new name may link now, the unlinked ones of their
    /// organizations, and the organization links whose newest model one of them may take over (released on or after
    /// it). An organization's other series keep their links, so a release costs the series it may change, not every
    /// series of its organization. A link is stored only when it changed.
    /// </summary>
    public static async Task RelinkAsync(IDocumentSession session, IReadOnlyCollection<CatalogModel> changed, CancellationToken cancellationToken)
    {
        string[] modelIds = [.. changed.Select(model => model.Id)];
        string[] keys = [.. changed.Select(model => model.NameKey).OfType<string>().Distinct(StringComparer.Ordinal)];
        string[] families = [.. changed.SelectMany(model => model.NameFamilies).Distinct(StringComparer.Ordinal)];
        var released = changed.Where(model => model is { OrganizationId: not null, ReleasedOn: not null }).ToList();
        string[] organizations = [.. released.Select(model => model.OrganizationId!)];
        DateOnly[] releasedOn = [.. released.Select(model => model.ReleasedOn!.Value)];
        var resting = await session.Query<SeriesLink>()
            .Where(link => link.MatchesSql(
                "(d.model_ids && ? or d.subject_id = any(?) or d.family = any(?) or d.waiting_organization_id = any(?))", modelIds, keys, families, organizations))
            .ToListAsync(cancellationToken);
        var takenOver = organizations.Length == 0
            ? []
            : await session.QueryAsync<SeriesLink>(
                $"""
                select d.data
                from unnest(?, ?) as c(organization_id, released_on)
                join {session.DocumentStore.Options.Schema.For<SeriesLink>()} d on d.linked_organization_id = c.organization_id
                where d.linked_on is null or d.linked_on <= c.released_on
                """,
                cancellationToken,
                organizations,
                releasedOn);
        var links = resting.Concat(takenOver).DistinctBy(link => link.Id, StringComparer.Ordinal).ToList();
        if (links.Count == 0)
        {
            return;
        }

        // This transaction's own changes are not committed yet, so the query leaves the changed models out (an
        // organization's newest is looked for among the others) and they are added as they are now.
        var catalog = (await CandidatesAsync(session, [.. links.Select(link => link.Key.Subject)], cancellationToken, modelIds)).ToList();
        catalog.AddRange(changed.Select(model => model.ToKnownModel()).OfType<KnownModel>());

        var relinkedAny = false;
        foreach (var link in links)
        {
            var relinked = SubjectLinks.Link(link.Key.Subject, catalog);
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
