using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Integration;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>Links subjects at read time against the replica as it is now, so a link appears as soon as its release does.</summary>
internal static class Catalog
{
    public static async Task<IReadOnlyList<KnownModel>> KnownModelsAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var models = await session.Query<CatalogModel>().Where(m => m.CardVersion > 0).ToListAsync(cancellationToken);
        return [.. models.Select(m => m.ToKnownModel()!)];
    }

    /// <summary>Links each distinct subject once.</summary>
    public static Func<Subject, SubjectLink> Linker(IReadOnlyList<KnownModel> catalog)
    {
        var links = new Dictionary<Subject, SubjectLink>();
        return subject =>
        {
            if (!links.TryGetValue(subject, out var link))
            {
                links[subject] = link = SubjectLinks.Link(subject, catalog);
            }

            return link;
        };
    }
}
