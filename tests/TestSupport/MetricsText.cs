using System.Globalization;
using System.Text.RegularExpressions;

namespace Intelligence.TestSupport;

/// <summary>One sample of Prometheus text exposition: name, labels, value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A <c>/metrics</c> page read: the metric names it declares and the samples it holds.</summary>
public sealed partial class MetricsText
{
    private MetricsText(IReadOnlySet<string> names, IReadOnlyList<MetricSample> samples)
    {
        Names = names;
        Samples = samples;
    }

    /// <summary>Every name a query may select: each declared family, with a histogram's _bucket, _sum and _count series.</summary>
    public IReadOnlySet<string> Names { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    public static MetricsText Parse(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<MetricSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                names.Add(parts[2]);
                if (parts[3] is "histogram" or "summary")
                {
                    names.UnionWith([parts[2] + "_sum", parts[2] + "_count"]);
                    if (parts[3] == "histogram")
                    {
                        names.Add(parts[2] + "_bucket");
                    }
                }

                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"Not a sample line: {line}");
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups["name"].Value, pair => Regex.Unescape(pair.Groups["value"].Value), StringComparer.Ordinal);
            names.Add(match.Groups["name"].Value);
            samples.Add(new MetricSample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }

        return new MetricsText(names, samples);
    }

    /// <summary>Reads an app's (or RabbitMQ's) metrics page; <paramref name="page"/> defaults to <c>metrics</c> under <paramref name="app"/>.</summary>
    public static async Task<MetricsText> ScrapeAsync(Uri app, string page = "metrics")
    {
        using var client = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(30) };
        return Parse(await client.GetStringAsync(new Uri(page, UriKind.Relative)));
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) => Samples
        .Where(sample => sample.Name == name && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value))
        .Sum(sample => sample.Value);

    /// <summary>How much the samples <see cref="Sum"/> selects grew from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static double Delta(MetricsText before, MetricsText after, string name, params (string Name, string Value)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
