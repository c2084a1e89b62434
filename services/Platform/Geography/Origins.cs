namespace Intelligence.Platform.Geography;

/// <summary>
/// Where models, organizations and providers come from: ISO 3166-1 alpha-2 codes read from codes, names and aliases
/// (the country tables), or, for a place that is no known country ("Atlantis", "Kosovo"), the source's name for it,
/// whose bloc is <see cref="UnknownBloc"/>, as adoption says of the subjects it cannot place. One rule for every
/// service, so a place reads the same in the catalog, in prices and in adoption.
/// </summary>
public static class Origins
{
    public const string UnknownBloc = "unknown";

    /// <summary>The bloc of an origin: its country's (US, China, EU, Other), or unknown for a place that is no known country.</summary>
    public static string BlocOf(Countries countries, string origin) =>
        origin.Length == 2 && countries.TryGet(origin, out var country) ? country.Bloc : UnknownBloc;

    public static bool IsCountry(Countries countries, string origin) => origin.Length == 2 && countries.TryGet(origin, out _);

    /// <summary>A place as the source names it: the code of the country it names, or the name itself when it names none.</summary>
    public static string Read(CountryNames names, string place)
    {
        var (codes, unknown) = names.Read(place);
        return unknown is null && codes is [var code] ? code : place.Trim();
    }
}
