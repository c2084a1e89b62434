using Intelligence.Platform.Security;

namespace Intelligence.Platform.Tests;

/// <summary>The shipped passwords (postgres, guest) start an app in Development, elsewhere only by opting in, and never in Production.</summary>
public sealed class DefaultPasswordsTests
{
    private static void Refuse(string environment, string password, params (string Key, string? Value)[] settings) =>
        DefaultPasswords.Refuse(ApiKeyRegistryTests.Settings(settings), new ApiKeyRegistryTests.Environment(environment), "RabbitMq:Password", password, DefaultPasswords.Broker);

    [Fact]
    public void Development_starts_with_the_shipped_password()
    {
        Refuse("Development", "guest");
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Another_environment_refuses_it_naming_the_setting_unless_it_opts_in(string environment)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Refuse(environment, "guest"));

        Assert.Contains($"RabbitMq:Password is the shipped default password 'guest' and the environment is {environment}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Security:AllowDefaultPasswords=true", refused.Message, StringComparison.Ordinal);
        Refuse(environment, "guest", (DefaultPasswords.Setting, "true"));
    }

    [Fact]
    public void Production_refuses_it_even_when_opted_in()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Refuse("Production", "guest", (DefaultPasswords.Setting, "true")));

        Assert.Contains("environment is Production", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void A_password_of_ones_own_starts_anywhere(string environment)
    {
        Refuse(environment, "s3cret-of-our-own");
        Refuse(environment, "Guest"); // compared exactly: only the shipped value is refused
    }
}
