using System.Text.RegularExpressions;

namespace Intelligence.Deployment.Tests;

/// <summary>
/// The metrics docs/metrics.md promises: the names in the first column of its tables (a histogram also as its
/// <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series), families it names by prefix (<c>`process_*`</c>), and <c>up</c>.
/// </summary>
internal sealed partial class MetricCatalogue(IReadOnlySet<string> names, IReadOnlyList<string> prefixes)
{
    public IReadOnlySet<string> Names { get; } = names;

    public IReadOnlyList<string> Prefixes { get; } = prefixes;

    public bool Contains(string metric) =>
        metric == "up" || Names.Contains(metric) || Prefixes.Any(prefix => metric.StartsWith(prefix, StringComparison.Ordinal));

    public static MetricCatalogue Load(string path)
    {
        var text = File.ReadAllText(path);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match row in TableRow().Matches(text))
        {
            var name = row.Groups["name"].Value;
            names.Add(name);
            if (row.Groups["type"].Value == "histogram")
            {
                names.UnionWith([$"{name}_bucket", $"{name}_sum", $"{name}_count"]);
            }
        }

        var prefixes = Family().Matches(text).Select(match => match.Groups["prefix"].Value).Distinct().ToList();
        return new MetricCatalogue(names, prefixes);
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[a-z_:][a-z0-9_:]*)`\s*\|\s*(?<type>\w+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`(?<prefix>[a-z][a-z0-9]*_)\*`")]
    private static partial Regex Family();
}
