using Intelligence.Platform.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Intelligence.Platform.Tests;

public sealed class ApiKeyRegistryTests
{
    private static readonly string DashboardHash = ApiKeyRegistry.Hash("a-long-random-dashboard-key");

    internal static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static ApiKeyRegistry Registry(string environment, params (string Key, string? Value)[] settings) =>
        ApiKeyRegistry.FromConfiguration(Settings(settings), new Environment(environment));

    [Fact]
    public void Outside_production_the_documented_development_keys_work_with_their_roles()
    {
        var registry = Registry("Development");

        Assert.Equal(["reader"], registry.Find("dev-reader-key")!.Roles);
        Assert.Equal(["editor", "reader"], registry.Find("dev-editor-key")!.Roles.Order());
        Assert.Equal(["editor", "operator", "reader"], registry.Find("dev-operator-key")!.Roles.Order());
        Assert.Null(registry.Find("dev-reader-key "));
    }

    [Fact]
    public void A_configured_key_is_found_by_its_hash_and_never_stored_in_clear()
    {
        var registry = Registry(
            "Production",
            ("Auth:ApiKeys:dashboard:Sha256", DashboardHash.ToUpperInvariant()),
            ("Auth:ApiKeys:dashboard:Roles:0", "reader"),
            ("Auth:ApiKeys:dashboard:RequestsPerSecond", "20"));

        var key = registry.Find("a-long-random-dashboard-key");

        Assert.NotNull(key);
        Assert.Equal("dashboard", key.Name);
        Assert.Equal(20, key.RequestsPerSecond);
        Assert.Null(registry.Find("dev-operator-key"));
    }

    [Fact]
    public void Production_refuses_to_start_with_development_keys_switched_on()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Registry(
            "Production",
            ("Auth:DevelopmentKeys", "true"),
            ("Auth:ApiKeys:dashboard:Sha256", DashboardHash),
            ("Auth:ApiKeys:dashboard:Roles:0", "reader")));

        Assert.Contains("refused in Production", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_refuses_a_development_key_configured_under_another_name()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Registry(
            "Production",
            ("Auth:ApiKeys:sneaky:Sha256", ApiKeyRegistry.Hash("dev-operator-key")),
            ("Auth:ApiKeys:sneaky:Roles:0", "operator")));

        Assert.Contains("Auth:ApiKeys:sneaky is a documented development key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_without_any_key_refuses_to_start()
    {
        Assert.Throws<InvalidOperationException>(() => Registry("Production"));
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Outside_development_the_development_keys_are_off_and_no_key_at_all_refuses_to_start(string environment)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Registry(environment));
        var configured = Registry(environment, ("Auth:ApiKeys:dashboard:Sha256", DashboardHash), ("Auth:ApiKeys:dashboard:Roles:0", "reader"));

        Assert.Contains($"No API keys are configured (Auth:ApiKeys) and the environment is {environment}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:DevelopmentKeys=true", refused.Message, StringComparison.Ordinal);
        Assert.Null(configured.Find("dev-operator-key"));
        Assert.NotNull(configured.Find("a-long-random-dashboard-key"));
    }

    [Fact]
    public void Outside_development_and_production_the_development_keys_are_an_explicit_opt_in()
    {
        var registry = Registry("Staging", ("Auth:DevelopmentKeys", "true"));

        Assert.Equal(["editor", "operator", "reader"], registry.Find("dev-operator-key")!.Roles.Order());
    }

    [Theory]
    [InlineData("not-hex", "reader", "Sha256 must be 64 hex digits")]
    [InlineData(null, "admin", "'admin' is not a role")]
    public void Unusable_key_settings_name_the_setting(string? hash, string role, string expected)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Registry(
            "Development",
            ("Auth:ApiKeys:broken:Sha256", hash ?? DashboardHash),
            ("Auth:ApiKeys:broken:Roles:0", role)));

        Assert.Contains("Auth:ApiKeys:broken", refused.Message, StringComparison.Ordinal);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    internal sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
