using Intelligence.Contracts;

namespace Intelligence.Adoption.Domain;

/// <summary>A model as this service knows it from the releases service's events.</summary>
public sealed record KnownModel(
    string Id,
    string Name,
    string OrganizationId,
    string OrganizationName,
    string OrganizationCountry,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    DateOnly ReleasedOn);

/// <summary>How a subject is tied to the catalog.</summary>
public enum LinkKind
{
    /// <summary>Nothing in the catalog matches yet; linked as soon as a release of its organization or model arrives.</summary>
    Unlinked,

    /// <summary>The subject's name is a model's name or its family ("DeepSeek" to DeepSeek-V3, "Gemini app" to Gemini 2.5 Pro).</summary>
    Model,

    /// <summary>The subject's organization released models in the catalog ("ChatGPT" by OpenAI).</summary>
    Organization,

    /// <summary>An aggregate (all generative AI) has no single origin.</summary>
    Aggregate,
}

/// <summary>The origin a subject has through the catalog: its organization, countries and bloc.</summary>
/// <param name="Bloc">The bloc the releases service gave the newest matching model; "unknown" while unlinked.</param>
/// <param name="ModelIds">
/// The models the link rests on, newest first: every model of the subject's name or family for a model link; the
/// organization's newest model alone for an organization link, because the link takes everything from it and an
/// organization may hold a hundred thousand models (a model's organization-linked subjects are found by the
/// organization instead).
/// </param>
public sealed record SubjectLink(
    LinkKind Kind,
    string? OrganizationId,
    string? OrganizationName,
    string? OrganizationCountry,
    IReadOnlyList<string> OriginCountries,
    string Bloc,
    IReadOnlyList<string> ModelIds)
{
    public const string UnknownBloc = "unknown";

    /// <summary>When the newest model the link rests on was released: a model of the organization released since may take an organization link over.</summary>
    public DateOnly? NewestReleasedOn { get; init; }

    public bool IsLinked => Kind is LinkKind.Model or LinkKind.Organization;
}

/// <summary>
/// Links a subject to the catalog, by model first (the most specific), then by organization. Pure: the same
/// subject and catalog always give the same link, whatever order the catalog's facts arrived in.
/// </summary>
public static class SubjectLinks
{
    public static SubjectLink Link(Subject subject, IReadOnlyCollection<KnownModel> catalog)
    {
        if (subject.Kind == SubjectKind.Aggregate)
        {
            return new SubjectLink(LinkKind.Aggregate, null, null, null, [], SubjectLink.UnknownBloc, []);
        }

        var family = Names.Family(subject.Name);
        var byModel = catalog
            .Where(m => Slugs.From(m.Name) is var key && (key == subject.Id || (family.Length > 0 && (key == family || key.StartsWith(family + "-", StringComparison.Ordinal)))))
            .ToList();
        if (byModel.Count > 0)
        {
            return From(LinkKind.Model, byModel);
        }

        var byOrganization = subject.OrganizationId is null ? [] : catalog.Where(m => m.OrganizationId == subject.OrganizationId).ToList();
        return byOrganization.Count > 0
            ? From(LinkKind.Organization, byOrganization)
            : new SubjectLink(LinkKind.Unlinked, subject.OrganizationId, subject.OrganizationName, null, [], SubjectLink.UnknownBloc, []);
    }

    /// <summary>
    /// Whether a model can link a subject by its name: the name is the subject's or of the subject's family.
    /// <see cref="Link"/> over only such models and the newest models of the subject's organization (those released
    /// on its latest release date) gives the link the whole catalog gives, so a link is computed from the few an
    /// indexed query finds.
    /// </summary>
    public static bool MayLinkByName(Subject subject, string modelNameKey) =>
        subject.Kind != SubjectKind.Aggregate
        && (modelNameKey == subject.Id || Names.Families(modelNameKey).Contains(Names.Family(subject.Name)));

    /// <summary>Links compared by what they say (their lists by their items, in order).</summary>
    public static bool Same(SubjectLink left, SubjectLink right) =>
        left.Kind == right.Kind
        && left.OrganizationId == right.OrganizationId
        && left.OrganizationName == right.OrganizationName
        && left.OrganizationCountry == right.OrganizationCountry
        && left.Bloc == right.Bloc
        && left.OriginCountries.SequenceEqual(right.OriginCountries)
        && left.NewestReleasedOn == right.NewestReleasedOn
        && left.ModelIds.SequenceEqual(right.ModelIds);

    private static SubjectLink From(LinkKind kind, List<KnownModel> models)
    {
        var newest = models.OrderByDescending(m => m.ReleasedOn).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var head = newest[0];
        var link = kind == LinkKind.Organization
            ? new SubjectLink(kind, head.OrganizationId, head.OrganizationName, head.OrganizationCountry, [head.OrganizationCountry], head.Bloc, [head.Id])
            : new SubjectLink(
                kind, head.OrganizationId, head.OrganizationName, head.OrganizationCountry, [.. newest.SelectMany(m => m.OriginCountries).Distinct()], head.Bloc,
                [.. newest.Select(m => m.Id)]);
        return link with { NewestReleasedOn = head.ReleasedOn };
    }
}
