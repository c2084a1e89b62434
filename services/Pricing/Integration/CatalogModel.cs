namespace Intelligence.Pricing.Integration;

/// <summary>
/// What one releases event said of a model's weights: a card (released or corrected: the access as it stood when the
/// event was recorded) or an access change effective from a date.
/// </summary>
/// <param name="EffectiveOn">The day an access change took effect; null for a card.</param>
public sealed record OpenWeightsFact(long Version, bool Open, DateOnly? EffectiveOn);

/// <summary>
/// The pricing service's replica of a catalog model, from the releases service's events. Events may arrive in
/// any order: details apply only when newer (by stream version) than those held, and a retirement heard before
/// the release leaves a model not yet <see cref="Known"/>. Open weights are kept as the dated facts each event
/// stated, so they are read as of a date whatever order the events came in (<see cref="OpenWeightsOn"/>).
/// </summary>
public sealed record CatalogModel(
    string Id, string? Name, IReadOnlyList<string> OriginCountries, string? Bloc, string? OrganizationId, string? OrganizationName, DateOnly? RetiredOn, long DetailsVersion)
{
    public bool Known => Name is not null;

    /// <summary>The release date of the newest card held; null until one arrives.</summary>
    public DateOnly? ReleasedOn { get; init; }

    /// <summary>Open weights as each releases event stated it, one fact per stream version.</summary>
    public IReadOnlyList<OpenWeightsFact> OpenWeights { get; init; } = [];

    public static CatalogModel Unknown(string id) => new(id, null, [], null, null, null, null, 0);

    /// <summary>
    /// The replica after a model card (released or corrected) of stream version <paramref name="version"/>: its
    /// details when newer than those held, and its open weights as a fact of that version in any case.
    /// </summary>
    public CatalogModel WithDetails(
        long version, string name, IReadOnlyList<string> originCountries, string bloc, string organizationId, string organizationName, DateOnly releasedOn, bool openWeights)
    {
        var model = WithFact(new OpenWeightsFact(version, openWeights, EffectiveOn: null));
        return version <= DetailsVersion
            ? model
            : model with
            {
                Name = name,
                OriginCountries = originCountries,
                Bloc = bloc,
                OrganizationId = organizationId,
                OrganizationName = organizationName,
                ReleasedOn = releasedOn,
                DetailsVersion = version,
            };
    }

    /// <summary>The replica after an access change of stream version <paramref name="version"/>, effective from <paramref name="effectiveOn"/>.</summary>
    public CatalogModel WithAccess(long version, DateOnly effectiveOn, bool openWeights) =>
        WithFact(new OpenWeightsFact(version, openWeights, effectiveOn));

    /// <summary>
    /// Whether the weights were open on <paramref name="date"/>: the latest access change in effect by then; before
    /// any, the card as it stood before the first access change was recorded (a card recorded after one carries the
    /// changed access); false when no event said so.
    /// </summary>
    public bool OpenWeightsOn(DateOnly date)
    {
        var changes = OpenWeights.Where(fact => fact.EffectiveOn is not null).ToList();
        if (changes.Where(change => change.EffectiveOn <= date).OrderBy(change => change.EffectiveOn).ThenBy(change => change.Version).LastOrDefault() is { } inEffect)
        {
            return inEffect.Open;
        }

        var firstChange = changes.Count == 0 ? long.MaxValue : changes.Min(change => change.Version);
        return OpenWeights.Where(fact => fact.EffectiveOn is null && fact.Version < firstChange).MaxBy(card => card.Version)?.Open ?? false;
    }

    private CatalogModel WithFact(OpenWeightsFact fact) =>
        OpenWeights.Any(held => held.Version == fact.Version) ? this : this with { OpenWeights = [.. OpenWeights.Append(fact).OrderBy(held => held.Version)] };
}
