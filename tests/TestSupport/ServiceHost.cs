using System.Net;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.TestSupport;

/// <summary>
/// One of the system's apps, run in the test process exactly as its Program builds it, but on a real Kestrel
/// socket on 127.0.0.1 (so the gateway can proxy to it) and with the test run's settings.
/// </summary>
public sealed class ServiceHost<TProgram> : WebApplicationFactory<TProgram>
    where TProgram : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly List<int> _extraPorts;

    /// <param name="configureServices">Registrations made after the app's own, such as a test's span exporter.</param>
    /// <param name="alsoListenOn">Loopback ports the app listens on besides its own, such as a metrics port.</param>
    public ServiceHost(
        IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configureServices = null, IEnumerable<int>? alsoListenOn = null)
    {
        _configureServices = configureServices;
        // Later settings win, so a test can override one of a shared list.
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Urls"] = "http://127.0.0.1:0" };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
        _extraPorts = alsoListenOn?.ToList() ?? [];
        UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            foreach (var port in _extraPorts)
            {
                options.Listen(IPAddress.Loopback, port);
            }
        });
    }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts the app and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = addresses.Addresses
            .Select(address => new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"))
            .First(address => !_extraPorts.Contains(address.Port));
        return BaseAddress;
    }

    /// <summary>
    /// Waits, for 30 s at most, until an event-sourced service's async daemon has projected every event stored so
    /// far: its lists and counts follow a write by a moment, so a test that reads them after writing waits first.
    /// </summary>
    public Task ProjectionsCaughtUpAsync() =>
        ProjectionCatchUp.WaitAsync(Services.GetRequiredService<IDocumentStore>(), TimeSpan.FromSeconds(30));

    /// <summary>A client that sends <paramref name="apiKey"/> (by default the development operator key, which holds every role).</summary>
    public HttpClient NewClient(string? apiKey = TestApiKeys.Operator)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Tests use the documented development keys and the local servers' shipped passwords: opted in, as a
        // Testing environment must; a test's own settings below may still turn either off.
        builder.UseSetting("Auth:DevelopmentKeys", "true");
        builder.UseSetting(Platform.Security.DefaultPasswords.Setting, "true");

        // Tests drive the apps far faster than a key's default rate; a test of the limits sets its own.
        builder.UseSetting("RateLimits:RequestsPerSecond", "1000000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }
}
