using Intelligence.Adoption.Domain;

namespace Intelligence.Adoption.Features;

/// <summary>
/// Reads the milestone thresholds from <c>Adoption:Milestones</c>: a list of thresholds per metric, keyed by the
/// metric's kebab name. Without that section, the defaults (100M … 1B for user metrics) apply.
/// </summary>
internal static class MilestoneSettings
{
    public const string Section = "Adoption:Milestones";

    public static MilestoneThresholds Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!section.Exists())
        {
            return MilestoneThresholds.Default;
        }

        var byMetric = new List<KeyValuePair<Metric, IEnumerable<decimal>>>();
        foreach (var child in section.GetChildren())
        {
            if (!Vocabulary.TryRead<Metric>(child.Key, out var metric))
            {
                throw new InvalidOperationException($"{Section}:{child.Key} names no metric; use one of {string.Join(", ", Enum.GetValues<Metric>().Select(Vocabulary.Text))}.");
            }

            var thresholds = child.GetChildren()
                .Select(item => decimal.TryParse(item.Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
                    ? value
                    : throw new InvalidOperationException($"{Section}:{child.Key}:{item.Key} must be a positive number, not '{item.Value}'."))
                .ToList();
            byMetric.Add(KeyValuePair.Create(metric, (IEnumerable<decimal>)thresholds));
        }

        return new MilestoneThresholds(byMetric);
    }
}
