using System.ComponentModel;
using System.Net.Http.Headers;
using Spectre.Console.Cli;

namespace Intelligence.Cli;

/// <summary>Where the gateway is and which key to send: options, else INTEL_GATEWAY and INTEL_API_KEY, else the local defaults.</summary>
public class GatewaySettings : CommandSettings
{
    public static readonly string[] Services = ["releases", "pricing", "regulation", "adoption"];

    [CommandOption("-g|--gateway <URL>")]
    [Description("The gateway's address (default: INTEL_GATEWAY or http://127.0.0.1:5000).")]
    public string? Gateway { get; init; }

    [CommandOption("-k|--key <KEY>")]
    [Description("The API key (default: INTEL_API_KEY or the command's development key).")]
    public string? Key { get; init; }

    /// <summary>The development key of the role the command needs, used when no key is given.</summary>
    protected virtual string DevelopmentKey => "dev-operator-key";

    public HttpClient Client(TimeSpan timeout)
    {
        var gateway = Gateway ?? Environment.GetEnvironmentVariable("INTEL_GATEWAY") ?? "http://127.0.0.1:5000";
        var key = Key ?? Environment.GetEnvironmentVariable("INTEL_API_KEY") ?? DevelopmentKey;
        var client = new HttpClient { BaseAddress = new Uri(gateway.TrimEnd('/') + "/"), Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static bool IsService(string name) => Services.Contains(name, StringComparer.Ordinal);
}
