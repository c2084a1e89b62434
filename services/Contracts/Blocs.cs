namespace Intelligence.Contracts;

/// <summary>
/// The blocs facts are grouped under. Which countries belong to which is data (the platform's countries table), but the
/// names are the published language: events, read models and query parameters carry them.
/// </summary>
public static class Blocs
{
    public const string UnitedStates = "US";

    public const string China = "China";

    public const string EuropeanUnion = "EU";

    /// <summary>Every other country.</summary>
    public const string Other = "Other";

    public static IReadOnlyList<string> All { get; } = [UnitedStates, China, EuropeanUnion, Other];

    public static bool IsKnown(string? bloc) => bloc is not null && All.Contains(bloc, StringComparer.Ordinal);
}
