using Intelligence.Contracts;

namespace Intelligence.Releases.Domain;

/// <summary>What a release date means: models are announced, put behind an API, or have weights published on different days.</summary>
public enum DateBasis
{
    Announcement,
    WeightsRelease,
    ApiRelease,

    /// <summary>Another basis the source names ("technical report"), kept as <see cref="ModelDetails.DateBasisLabel"/>.</summary>
    Other,
}

/// <summary>Whether a consumer can use the model for free (in a first-party app or chat).</summary>
public enum FreeAccess
{
    /// <summary>Not stated by the source; never guessed.</summary>
    Unknown,
    Yes,
    No,
    Limited,

    /// <summary>No consumer product: a weights-only or API-only release.</summary>
    NotApplicable,

    /// <summary>Another answer the source gives ("waitlist"), kept as <see cref="Access.FreeAccessLabel"/>.</summary>
    Other,
}

/// <summary>How sure the catalog is of a fact, as its source allows.</summary>
public enum Confidence
{
    High,
    Medium,
    Low,

    /// <summary>Another grade the source gives ("very high"), kept as <see cref="ModelDetails.ConfidenceLabel"/>; without a label, not stated.</summary>
    Other,
}

/// <summary>The organization behind a model, as the catalog knows it.</summary>
/// <param name="Id">A slug, e.g. "openai".</param>
/// <param name="HomeCountry">ISO 3166-1 alpha-2 code of the organization's home country, or the source's name for a place that is no known country (its bloc is unknown; see <see cref="Platform.Geography.Origins"/>).</param>
public sealed record Organization(string Id, string Name, string HomeCountry);

/// <summary>How open and how free a model is; changes over its life (weights opened later, relicensed, free tier opened).</summary>
/// <param name="OpenWeights">True when the weights are open; false when they are not, or when the source says neither (then <paramref name="OpenWeightsLabel"/> says what it said).</param>
/// <param name="Licence">An SPDX id where one fits (Apache-2.0, MIT), else the licence's text ("proprietary", a custom licence's name).</param>
/// <param name="ApiAvailable">Null when the source does not say.</param>
/// <param name="OpenWeightsLabel">The source's words when they are neither yes nor no ("on request"): open weights of kind other, not counted as open; null otherwise.</param>
/// <param name="FreeAccessLabel">The source's words when free access is of kind other; null otherwise.</param>
public sealed record Access(
    bool OpenWeights, string Licence, FreeAccess FreeAccess, bool? ApiAvailable, string? OpenWeightsLabel = null, string? FreeAccessLabel = null);

/// <summary>The facts of a model that a correction may fix; access has its own event when it changes in the world.</summary>
/// <param name="OriginCountries">ISO 3166-1 alpha-2 codes; a place that is no known country is kept by the source's name for it (its bloc is unknown).</param>
/// <param name="DateBasisLabel">The source's words when the date basis is of kind other; null otherwise.</param>
/// <param name="ConfidenceLabel">The source's grade when confidence is of kind other; null otherwise (and when not stated).</param>
public sealed record ModelDetails(
    string Name,
    Organization Organization,
    IReadOnlyList<string> OriginCountries,
    DateOnly ReleasedOn,
    DateBasis DateBasis,
    Access Access,
    IReadOnlyList<string> Modalities,
    long? ParameterCount,
    Confidence Confidence,
    string? DateBasisLabel = null,
    string? ConfidenceLabel = null)
{
    /// <summary>Names of the fields whose values differ from <paramref name="other"/>'s.</summary>
    public IReadOnlyList<string> DifferencesFrom(ModelDetails other)
    {
        var differences = new List<string>();
        Add(differences, "name", Name == other.Name);
        Add(differences, "organization", Organization == other.Organization);
        Add(differences, "originCountries", OriginCountries.SequenceEqual(other.OriginCountries));
        Add(differences, "releasedOn", ReleasedOn == other.ReleasedOn);
        Add(differences, "dateBasis", DateBasis == other.DateBasis && DateBasisLabel == other.DateBasisLabel);
        Add(differences, "access", Access == other.Access);
        Add(differences, "modalities", Modalities.SequenceEqual(other.Modalities));
        Add(differences, "parameterCount", ParameterCount == other.ParameterCount);
        Add(differences, "confidence", Confidence == other.Confidence && ConfidenceLabel == other.ConfidenceLabel);
        return differences;
    }

    private static void Add(List<string> differences, string field, bool same)
    {
        if (!same)
        {
            differences.Add(field);
        }
    }
}

/// <summary>A model in the catalog: the state its events add up to.</summary>
public sealed record Model(string Id, ModelDetails Details, string SourceUrl, DateOnly? RetiredOn)
{
    public bool IsRetired => RetiredOn is not null;

    /// <summary>The catalog whose sync put the model in the catalog (it keeps its own facts current); null for a hand-sourced model.</summary>
    public string? ListedBy { get; init; }

    /// <summary>What each catalog last said of the model, beside its facts.</summary>
    public IReadOnlyList<CatalogModelView> CatalogViews { get; init; } = [];

    public CatalogModelView? ViewOf(string catalog) => CatalogViews.FirstOrDefault(view => view.Provenance.Catalog == catalog);

    public Model WithView(CatalogProvenance provenance, ModelDetails details) =>
        this with { CatalogViews = [.. CatalogViews.Where(view => view.Provenance.Catalog != provenance.Catalog), new CatalogModelView(provenance, details)] };
}

/// <summary>A catalog's facts about a model, as of one snapshot.</summary>
public sealed record CatalogModelView(CatalogProvenance Provenance, ModelDetails Details)
{
    /// <summary>
    /// The fields a catalog states that differ from <paramref name="facts"/>: who made it, where, when, whether
    /// its weights are open, its modalities (when it lists any). Fields a catalog does not state (licence, free access) never differ.
    /// </summary>
    public IReadOnlyList<string> DisagreementsWith(ModelDetails facts)
    {
        var differences = new List<string>();
        if (facts.Organization.Id != Details.Organization.Id)
        {
            differences.Add("organization");
        }

        if (!facts.OriginCountries.SequenceEqual(Details.OriginCountries))
        {
            differences.Add("originCountries");
        }

        if (facts.ReleasedOn != Details.ReleasedOn)
        {
            differences.Add("releasedOn");
        }

        if (facts.Access.OpenWeights != Details.Access.OpenWeights)
        {
            differences.Add("openWeights");
        }

        if (Details.Modalities.Count > 0 && !facts.Modalities.Order(StringComparer.Ordinal).SequenceEqual(Details.Modalities.Order(StringComparer.Ordinal)))
        {
            differences.Add("modalities");
        }

        return differences;
    }
}
