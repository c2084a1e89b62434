using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Intelligence.TestSupport;

namespace Intelligence.Reliability.Tests;

/// <summary>
/// One instance of a service run as its own operating-system process from its build output, as a deployment runs it,
/// so a test can kill it outright (<c>SIGKILL</c>: no shutdown code runs) and start it again on the same port.
/// Its console goes to <c>TestResults/reliability/logs/&lt;instance&gt;.log</c>.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _service;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _logPath;
    private Process? _process;

    private ServiceProcess(string service, string instance, int port, IReadOnlyDictionary<string, string> settings)
    {
        _service = service;
        Instance = instance;
        Port = port;
        _settings = settings;
        _logPath = Path.Combine(ReliabilityLedger.Folder, "logs", instance + ".log");
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public string Instance { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int? ProcessId => _process is { HasExited: false } running ? running.Id : null;

    /// <summary>
    /// Starts <paramref name="service"/> (releases, pricing, adoption, gateway) on a free loopback port with <paramref name="settings"/>
    /// (configuration keys, as in appsettings) and waits until it answers <c>/health/ready</c>.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string service, string instance, IReadOnlyDictionary<string, string> settings)
    {
        var process = Launch(service, instance, settings);
        await process.WaitUntilReadyAsync();
        return process;
    }

    /// <summary>Starts <paramref name="service"/> without waiting for it, for a test that acts while it starts.</summary>
    public static ServiceProcess Launch(string service, string instance, IReadOnlyDictionary<string, string> settings)
    {
        var process = new ServiceProcess(service, instance, FreePort(), settings);
        process.LaunchAgain();
        return process;
    }

    /// <summary>Starts the process again on its port, after <see cref="Kill"/> or <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        LaunchAgain();
        await WaitUntilReadyAsync();
    }

    private void LaunchAgain()
    {
        if (ProcessId is not null)
        {
            throw new InvalidOperationException($"{Instance} is still running.");
        }

        var project = char.ToUpperInvariant(_service[0]) + _service[1..];
        var folder = _service == "gateway" ? "gateway" : $"services/{project}";
        var assembly = RepositoryFiles.PathOf($"{folder}/bin/{BuildConfiguration}/net10.0/Intelligence.{project}.dll");
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Auth__DevelopmentKeys"] = "true";
        start.Environment["Security__AllowDefaultPasswords"] = "true";
        start.Environment["RateLimits__RequestsPerSecond"] = "1000000"; // the fault suite's load is not what it tests
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Urls"] = BaseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_logPath)!);
        // Standard output and error arrive on two threads: one synchronised writer keeps their lines whole.
        var log = TextWriter.Synchronized(new StreamWriter(_logPath, append: true) { AutoFlush = true });
        log.WriteLine($"---- {DateTime.UtcNow:O} starting {Instance} on {BaseAddress}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Instance} did not start.");
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => log.Dispose();
        _process = process;
    }

    /// <summary>Waits until the instance answers <c>/health/ready</c> with 200.</summary>
    public async Task WaitUntilReadyAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{Instance} was never started.");
        using var client = NewClient(timeout: TimeSpan.FromSeconds(2));
        await Eventually.Until(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Instance} exited with {process.ExitCode}; see {_logPath}.");
                }

                try
                {
                    using var ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
                    return ready.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            ready => ready,
            TimeSpan.FromSeconds(60),
            $"{Instance} to be ready");
    }

    /// <summary><c>SIGKILL</c>: the process ends at once, mid-whatever it was doing, with nothing flushed or acknowledged.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } running)
        {
            running.Kill();
            running.WaitForExit(10_000);
        }
    }

    /// <summary><c>SIGTERM</c>, as an orchestrator stops a pod: the host shuts down in order.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } running)
        {
            return;
        }

        using var signal = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]);
        await signal.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await running.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            running.Kill();
        }
    }

    public HttpClient NewClient(string? apiKey = TestApiKeys.Operator, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }

    /// <summary>Debug or Release: the services were built alongside this test assembly, in the same configuration.</summary>
    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private static void Write(TextWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // The last lines of a killed process may arrive after its log closed; they are lost with the process.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
