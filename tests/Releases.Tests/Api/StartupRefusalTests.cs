using Intelligence.TestSupport;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// A service outside Development that would run on the shipped passwords or accept no API key refuses to start,
/// saying which setting to change, before it touches the database or the broker.
/// </summary>
public sealed class StartupRefusalTests
{
    private static string RefusalOf(params (string Key, string? Value)[] settings)
    {
        using var host = new ServiceHost<Program>(
            [
                new("ConnectionStrings:Marten", "Host=127.0.0.1;Port=5432;Database=never_created;Username=postgres;Password=postgres"),
                .. TestServers.RabbitSettings(),
                .. settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)),
            ]);
        var refused = Assert.ThrowsAny<Exception>(() => host.Start());
        return refused.ToString();
    }

    [Fact]
    public void The_shipped_database_password_outside_development_names_the_connection_string()
    {
        var refusal = RefusalOf(("Security:AllowDefaultPasswords", "false"));

        Assert.Contains("ConnectionStrings:Marten (Password) is the shipped default password 'postgres' and the environment is Testing", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_broker_password_outside_development_names_its_setting()
    {
        var refusal = RefusalOf(
            ("Security:AllowDefaultPasswords", "false"),
            ("ConnectionStrings:Marten", "Host=127.0.0.1;Port=5432;Database=never_created;Username=postgres;Password=$OWN_PASSWORD"));

        Assert.Contains("RabbitMq:Password is the shipped default password 'guest'", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void No_api_key_outside_development_refuses_to_start()
    {
        var refusal = RefusalOf(("Auth:DevelopmentKeys", "false"));

        Assert.Contains("No API keys are configured (Auth:ApiKeys) and the environment is Testing", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_setting_out_of_range_refuses_to_start_naming_it()
    {
        var refusal = RefusalOf(("Import:ListedNotesPerKind", "-1"));

        Assert.Contains("ListedNotesPerKind", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scheduled_catalog_without_a_web_address_refuses_to_start_naming_it()
    {
        var refusal = RefusalOf(("Catalogs:models.dev:IntervalMinutes", "60"), ("Catalogs:models.dev:Url", "models.dev/api.json"));

        Assert.Contains("Catalogs:models.dev:Url must be an absolute http or https URL", refusal, StringComparison.Ordinal);
    }
}
