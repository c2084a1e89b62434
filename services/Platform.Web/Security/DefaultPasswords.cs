using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Intelligence.Platform.Security;

/// <summary>
/// The passwords the bundled configuration ships (PostgreSQL's <c>postgres</c>, RabbitMQ's <c>guest</c>) are for a
/// developer's machine. Anywhere else an app that still carries one refuses to start, unless
/// <c>Security:AllowDefaultPasswords</c> opts in (tests, a demo); Production refuses them even then.
/// </summary>
public static class DefaultPasswords
{
    public const string Setting = "Security:AllowDefaultPasswords";

    public const string Database = "postgres";

    public const string Broker = "guest";

    /// <summary>Throws, naming <paramref name="setting"/>, when <paramref name="password"/> is the shipped default and the environment may not use it.</summary>
    public static void Refuse(IConfiguration configuration, IHostEnvironment environment, string setting, string? password, string shipped)
    {
        if (!string.Equals(password, shipped, StringComparison.Ordinal))
        {
            return;
        }

        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                $"{setting} is the shipped default password '{shipped}' and the environment is Production: set a password of your own.");
        }

        if (!DevelopmentConvenience.IsOn(configuration, environment, Setting, "the shipped passwords"))
        {
            throw new InvalidOperationException(
                $"{setting} is the shipped default password '{shipped}' and the environment is {environment.EnvironmentName}: set a password of your own, "
                + $"or {Setting}=true where the defaults are meant (never in Production).");
        }
    }
}

/// <summary>
/// A convenience for a developer's machine (the documented API keys, the shipped passwords): on in Development by
/// default, elsewhere only where its setting opts in, and refused in Production even then.
/// </summary>
public static class DevelopmentConvenience
{
    /// <summary>Whether <paramref name="setting"/> is on (default: in Development); throws, naming it, when Production turns it on.</summary>
    public static bool IsOn(IConfiguration configuration, IHostEnvironment environment, string setting, string what)
    {
        var on = configuration.GetValue(setting, environment.IsDevelopment());
        return on && environment.IsProduction()
            ? throw new InvalidOperationException($"{setting} is on but the environment is Production: {what} are refused in Production.")
            : on;
    }
}
