using System.Globalization;
using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Projections;

/// <summary>
/// A series' subject with its link to the catalog replica, kept so that reads find the series of a model, a bloc
/// or a country by an index instead of linking every subject against the whole replica per request. Written when
/// the series starts (<see cref="ObservationReadsProjection"/>) and relinked by the replica's consumers when a
/// model it may link to arrives or changes (<see cref="Integration.CatalogLinks"/>). The computed members are the
/// indexed columns.
/// </summary>
/// <param name="Id">The series id.</param>
public sealed record SeriesLink(string Id, SeriesKey Key, SubjectLink Link)
{
    public string SubjectId => Key.Subject.Id;

    /// <summary>The subject's name as <c>/subjects</c> orders it: case ignored, as .NET compares ordinally.</summary>
    public string SubjectOrder => Key.Subject.Name.ToUpperInvariant();

    public string? OrganizationId => Key.Subject.OrganizationId;

    /// <summary>The subject's family (<see cref="Names.Family"/>): a model whose name is of it may link the subject.</summary>
    public string Family => Names.Family(Key.Subject.Name);

    /// <summary>The metric's kind as the API names it ("weekly-active-users", "other").</summary>
    public string MetricKind => Vocabulary.Text(Key.Metric);

    public string MetricKey => Key.MetricKey;

    public string Region => Key.Region;

    public string Bloc => Link.Bloc;

    /// <summary>The bloc as a filter compares it, case ignored (the ordinal upper case .NET compares by).</summary>
    public string BlocKey => Link.Bloc.ToUpperInvariant();

    public string[] OriginCountries => [.. Link.OriginCountries];

    public string[] ModelIds => [.. Link.ModelIds];

    /// <summary>The organization of an organization link (null for any other kind): every model of it is the subject's.</summary>
    public string? LinkedOrganizationId => Link.Kind == LinkKind.Organization ? Link.OrganizationId : null;

    /// <summary>The release date of an organization link's newest model (null for any other kind): only a model of the organization released since may take the link over.</summary>
    public DateOnly? LinkedOn => Link.Kind == LinkKind.Organization ? Link.NewestReleasedOn : null;

    /// <summary>The organization of an unlinked subject (null once linked): its first model in the catalog links it.</summary>
    public string? WaitingOrganizationId => Link.Kind == LinkKind.Unlinked ? Key.Subject.OrganizationId : null;

    /// <summary>Whether the subject is linked to the catalog (by model or organization).</summary>
    public bool IsLinked => Link.IsLinked;

    /// <summary>
    /// The order <c>/series</c> lists by, as one indexed text: the subject's name (case ignored), the metric, its key,
    /// the region, each ended by a unit separator so a shorter name sorts before a longer one it starts.
    /// </summary>
    public string ListKey => string.Create(
        CultureInfo.InvariantCulture, $"{Key.Subject.Name.ToUpperInvariant()}\u001f{(int)Key.Metric:D3}\u001f{Key.MetricKey}\u001f{Key.Region}");
}
