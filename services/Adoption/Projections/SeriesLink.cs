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

    public string? OrganizationId => Key.Subject.OrganizationId;

    /// <summary>The subject's family (<see cref="Names.Family"/>): a model whose name is of it may link the subject.</summary>
    public string Family => Names.Family(Key.Subject.Name);

    /// <summary>The metric's kind as the API names it ("weekly-active-users", "other").</summary>
    public string MetricKind => Vocabulary.Text(Key.Metric);

    public string MetricKey => Key.MetricKey;

    public string Bloc => Link.Bloc;

    /// <summary>The bloc as a filter compares it, case ignored (the ordinal upper case .NET compares by).</summary>
    public string BlocKey => Link.Bloc.ToUpperInvariant();

    public string[] OriginCountries => [.. Link.OriginCountries];

    public string[] ModelIds => [.. Link.ModelIds];
}
