using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Intelligence.TestSupport;

/// <summary>One series of a PromQL answer: its labels and its value.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A real Prometheus (Debian's package) run for a test on loopback, with its own storage folder, stopped by its process
/// id when disposed.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Promtool = "/usr/bin/promtool";

    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _client;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }

    /// <summary>Starts Prometheus with <paramref name="config"/>, and the rule files beside it, in a folder of its own.</summary>
    public static async Task<PrometheusServer> StartAsync(string config, IReadOnlyDictionary<string, string> ruleFiles)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: apt-get install -y --no-install-recommends prometheus (.ci/run does).");
        }

        var folder = Directory.CreateTempSubdirectory("intelligence-prometheus-").FullName;
        var configPath = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config);
        foreach (var (name, text) in ruleFiles)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), text);
        }

        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo(Binary,
        [
            $"--config.file={configPath}",
            $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--log.level=warn",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("prometheus did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        await Eventually.Until(server.IsReadyAsync, ready => ready || process.HasExited, TimeSpan.FromSeconds(30), "Prometheus to be ready");
        return process.HasExited
            ? throw new InvalidOperationException($"prometheus exited with {process.ExitCode}; is the configuration valid?")
            : server;
    }

    /// <summary>The series an instant query returns.</summary>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string promql)
    {
        using var response = await _client.GetAsync(new Uri($"api/v1/query?query={Uri.EscapeDataString(promql)}", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused '{promql}': {body}");
        }

        return
        [
            .. body.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => new PromSample(
                series.GetProperty("metric").EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? string.Empty),
                double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))),
        ];
    }

    /// <summary>The sum of what <paramref name="promql"/> returns; 0 when it returns nothing.</summary>
    public async Task<double> ValueAsync(string promql) => (await QueryAsync(promql)).Sum(sample => sample.Value);

    /// <summary>The scrape targets as Prometheus sees them: job, health and last error.</summary>
    public async Task<IReadOnlyList<(string Job, string Health, string LastError)>> TargetsAsync()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("api/v1/targets", UriKind.Relative));
        return
        [
            .. body.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(target => (
                target.GetProperty("labels").GetProperty("job").GetString() ?? string.Empty,
                target.GetProperty("health").GetString() ?? string.Empty,
                target.GetProperty("lastError").GetString() ?? string.Empty)),
        ];
    }

    /// <summary>The rules Prometheus loaded, by group, with the alerts' names.</summary>
    public async Task<IReadOnlyList<string>> AlertRuleNamesAsync()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>(new Uri("api/v1/rules?type=alert", UriKind.Relative));
        return
        [
            .. body.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(group => group.GetProperty("rules").EnumerateArray())
                .Select(rule => rule.GetProperty("name").GetString() ?? string.Empty),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _client.GetAsync(new Uri("-/ready", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
