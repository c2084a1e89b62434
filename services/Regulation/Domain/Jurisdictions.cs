using System.Text.RegularExpressions;
using Intelligence.Platform.Geography;

namespace Intelligence.Regulation.Domain;

/// <summary>
/// Where a measure applies: an ISO 3166-1 alpha-2 country (<c>CN</c>), the European Union (<c>EU</c>), a
/// subdivision in ISO 3166-2 form (<c>US-CA</c>), or <c>INTL</c> for declarations between countries.
/// Blocs come from the platform's country data: a subdivision is in its country's bloc.
/// </summary>
public static partial class Jurisdictions
{
    public const string EuropeanUnion = "EU";
    public const string International = "INTL";
    public const string InternationalBloc = "International";

    /// <summary>Whether <paramref name="code"/> (upper case) names a jurisdiction.</summary>
    public static bool IsValid(string code, Countries countries)
    {
        if (code is EuropeanUnion or International)
        {
            return true;
        }

        var match = Code().Match(code);
        return match.Success && countries.TryGet(match.Groups["country"].Value, out _);
    }

    /// <summary>The country of a national or subnational jurisdiction; null for EU and INTL.</summary>
    public static string? CountryOf(string code) => code is EuropeanUnion or International ? null : code[..2];

    public static string BlocOf(string code, Countries countries) => code switch
    {
        EuropeanUnion => "EU",
        International => InternationalBloc,
        _ => countries.BlocOf(code[..2]),
    };

    [GeneratedRegex(@"^(?<country>[A-Z]{2})(-[A-Z0-9]{1,3})?\z")]
    private static partial Regex Code();
}
