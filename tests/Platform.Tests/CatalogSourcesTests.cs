using Intelligence.Platform.Catalogs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Intelligence.Platform.Tests;

/// <summary>The <c>Catalogs</c> settings as the schedule reads them: bound from configuration, held to what it can run.</summary>
public sealed class CatalogSourcesTests
{
    private static CatalogSources Bound(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IValidateOptions<CatalogSources>, CatalogSourcesValidation>()
            .AddOptions<CatalogSources>().BindConfiguration(CatalogSources.Section).Services
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<CatalogSources>>().Value;
    }

    [Fact]
    public void The_shipped_settings_bind_each_catalog_by_its_name_unscheduled()
    {
        var sources = Bound(
            ("Catalogs:models.dev:Url", "https://models.dev/api.json"),
            ("Catalogs:models.dev:IntervalMinutes", "0"),
            ("Catalogs:genai-prices:Url", "https://example.org/data.json"));

        Assert.Equal(new Uri("https://models.dev/api.json"), sources["models.dev"].Address);
        Assert.False(sources["models.dev"].IsScheduled);
        Assert.False(sources["genai-prices"].IsScheduled);
    }

    [Fact]
    public void A_scheduled_catalog_binds_its_interval()
    {
        var source = Bound(("Catalogs:models.dev:Url", "http://mirror.internal/api.json"), ("Catalogs:models.dev:IntervalMinutes", "1440"))["MODELS.DEV"];

        Assert.True(source.IsScheduled);
        Assert.Equal(1440, source.IntervalMinutes);
    }

    [Theory]
    [InlineData("models.dev/api.json", "30", "Catalogs:models.dev:Url must be an absolute http or https URL when Catalogs:models.dev:IntervalMinutes is above 0, not 'models.dev/api.json'.")]
    [InlineData("ftp://models.dev/api.json", "30", "Catalogs:models.dev:Url must be an absolute http or https URL")]
    [InlineData(null, "30", "Catalogs:models.dev:Url must be an absolute http or https URL when Catalogs:models.dev:IntervalMinutes is above 0, not ''.")]
    [InlineData("https://models.dev/api.json", "-5", "Catalogs:models.dev:IntervalMinutes must be 0 (no schedule) or a number of minutes up to 70560, not -5.")]
    [InlineData("https://models.dev/api.json", "100000", "Catalogs:models.dev:IntervalMinutes must be 0 (no schedule) or a number of minutes up to 70560, not 100000.")]
    public void A_setting_the_schedule_cannot_run_is_refused_naming_it(string? url, string interval, string expected)
    {
        (string, string)[] settings = url is null
            ? [("Catalogs:models.dev:IntervalMinutes", interval)]
            : [("Catalogs:models.dev:Url", url), ("Catalogs:models.dev:IntervalMinutes", interval)];

        var refused = Assert.Throws<OptionsValidationException>(() => Bound(settings));

        Assert.Contains(refused.Failures, failure => failure.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_address_is_not_required_of_a_catalog_left_to_intel_sync()
    {
        Assert.False(Bound(("Catalogs:models.dev:IntervalMinutes", "0"))["models.dev"].IsScheduled);
    }
}
