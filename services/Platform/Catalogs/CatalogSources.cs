using System.Globalization;
using Microsoft.Extensions.Options;

namespace Intelligence.Platform.Catalogs;

/// <summary>Where a catalog is read from, and how often (<c>Catalogs:{catalog}</c>).</summary>
public sealed class CatalogSource
{
    /// <summary>The upstream snapshot's absolute http(s) address.</summary>
    public string? Url { get; init; }

    /// <summary>Minutes between scheduled syncs; 0 leaves the catalog to <c>intel sync</c>.</summary>
    public double IntervalMinutes { get; init; }

    public bool IsScheduled => IntervalMinutes > 0;

    public Uri Address => new(Url!, UriKind.Absolute);
}

/// <summary>The <c>Catalogs</c> section: each catalog's source, by the catalog's name.</summary>
public sealed class CatalogSources : Dictionary<string, CatalogSource>
{
    public const string Section = "Catalogs";

    public CatalogSources()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}

/// <summary>
/// Holds the schedule to settings it can run, at start: a bad address or interval would otherwise surface only when
/// the first scheduled run failed, minutes into the service's life, and every run after it.
/// </summary>
public sealed class CatalogSourcesValidation : IValidateOptions<CatalogSources>
{
    /// <summary>49 days: PeriodicTimer counts its period in 32-bit milliseconds, and refuses a longer one.</summary>
    private const double MaxIntervalMinutes = 49 * 24 * 60;

    public ValidateOptionsResult Validate(string? name, CatalogSources options)
    {
        var failures = new List<string>();
        foreach (var (catalog, source) in options)
        {
            var setting = $"{CatalogSources.Section}:{catalog}";
            if (source.IntervalMinutes is < 0 or > MaxIntervalMinutes || double.IsNaN(source.IntervalMinutes))
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{setting}:IntervalMinutes must be 0 (no schedule) or a number of minutes up to {MaxIntervalMinutes:0}, not {source.IntervalMinutes}."));
            }
            else if (source.IsScheduled && !IsWebAddress(source.Url))
            {
                failures.Add($"{setting}:Url must be an absolute http or https URL when {setting}:IntervalMinutes is above 0, not '{source.Url}'.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp);
}
