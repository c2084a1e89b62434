using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Intelligence.TestSupport;
using static Intelligence.Gateway.Tests.FeedTestData;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// The AMQP contract is readable outside .NET: the README's Python example (pika) binds its own queue, and prints
/// the model posted through the gateway with the stored event's id as its message id.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class NonDotNetConsumerTests(WholeSystem system)
{
    private const string Exchange = "intelligence.releases.model-released";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_python_pika_consumer_reads_a_model_released_through_the_gateway()
    {
        var python = await PythonWithPikaAsync();
        var script = Path.Combine(RepositoryRoot(), "docs", "examples", "amqp_consume.py");
        var model = UniqueId("amqp-py");
        using var process = Process.Start(new ProcessStartInfo(python)
        {
            ArgumentList =
            {
                script,
                "--host", TestServers.RabbitHost,
                "--port", TestServers.RabbitPort.ToString(CultureInfo.InvariantCulture),
                "--vhost", TestServers.RabbitVirtualHost,
                "--user", "guest",
                "--password", "guest",
                "--exchange", Exchange,
                "--contains", model,
                "--timeout", Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            using var deadline = new CancellationTokenSource(Timeout + TimeSpan.FromSeconds(15));
            var bound = await process.StandardError.ReadLineAsync(deadline.Token);
            Assert.True(bound?.StartsWith($"bound ", StringComparison.Ordinal) == true, $"the script did not bind its queue: {bound} {await RestAsync(process.StandardError)}");

            await AnnounceModelAsync(system.Client, model);

            var printed = await process.StandardOutput.ReadLineAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0 && printed is not null, $"exit {process.ExitCode}, printed '{printed}', stderr: {await RestAsync(process.StandardError)}");

            using var envelope = JsonDocument.Parse(printed);
            var message = envelope.RootElement.GetProperty("message");
            Assert.Equal(model, message.GetProperty("modelId").GetString());
            var stored = Assert.Single(
                (await ReadToEndAsync(system.Client, after: null, limit: 1000, types: Exchange)).Items,
                i => i.Text("modelId") == model);
            Assert.Equal(stored.GetProperty("messageId").GetString(), envelope.RootElement.GetProperty("messageId").GetString());
            Assert.Equal(stored.GetProperty("messageId").GetString(), message.GetProperty("eventId").GetString());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// A Python 3 that can import pika: <c>INTEL_PYTHON</c> if set, else <c>python3</c> on the path, else Debian's
    /// <c>/usr/bin/python3</c> (where <c>apt-get install python3-pika</c> puts it). None is a failure, not a skip.
    /// </summary>
    private static async Task<string> PythonWithPikaAsync()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("INTEL_PYTHON"), "python3", "/usr/bin/python3" }
            .Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                using var check = Process.Start(new ProcessStartInfo(candidate!, ["-c", "import pika"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                })!;
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await check.WaitForExitAsync(deadline.Token);
                }
                finally
                {
                    if (!check.HasExited)
                    {
                        check.Kill(entireProcessTree: true);
                    }
                }

                if (check.ExitCode == 0)
                {
                    return candidate!;
                }

                tried.Add($"{candidate}: {(await check.StandardError.ReadToEndAsync()).Trim().Split('\n').Last()}");
            }
            catch (Win32Exception exception)
            {
                tried.Add($"{candidate}: {exception.Message}");
            }
        }

        Assert.Fail($"No Python 3 with pika to run docs/examples/amqp_consume.py. Install it: apt-get install -y python3-pika (Debian), or set INTEL_PYTHON to a python3 that has pika. Tried: {string.Join("; ", tried)}");
        throw new UnreachableException();
    }

    private static async Task<string> RestAsync(StreamReader reader)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await reader.ReadToEndAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return "(no more output)";
        }
    }
}
