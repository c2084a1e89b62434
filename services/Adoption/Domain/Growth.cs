namespace Intelligence.Adoption.Domain;

/// <summary>How a series moved between two dates, each read as the latest standing observation on or before it.</summary>
/// <param name="Days">Days between the two observations used (not the dates asked for).</param>
/// <param name="Percent">Change over the starting value, in percent; null when the start is zero.</param>
/// <param name="AnnualisedPercent">
/// The compound yearly rate that gives the same change; null when it is undefined (no days, a zero at either end) or
/// beyond any number (a ten-fold rise overnight compounds past the largest double, and JSON has no infinity).
/// </param>
public sealed record GrowthFigures(
    Observation From, Observation To, int Days, decimal Absolute, double? Percent, double? AnnualisedPercent);

public static class Growth
{
    public const double DaysPerYear = 365.25;

    public static GrowthFigures Between(Observation from, Observation to)
    {
        var days = to.ObservedOn.DayNumber - from.ObservedOn.DayNumber;
        var absolute = to.Value - from.Value;
        double? percent = from.Value == 0 ? null : Math.Round((double)(absolute / from.Value) * 100, 4);
        double? annualised = from.Value == 0 || to.Value == 0 || days <= 0
            ? null
            : Math.Round((Math.Pow((double)(to.Value / from.Value), DaysPerYear / days) - 1) * 100, 4);
        return new GrowthFigures(from, to, days, absolute, percent, double.IsFinite(annualised ?? 0) ? annualised : null);
    }
}
