using System.ComponentModel;
using System.Diagnostics;
using Xunit.Sdk;

namespace Intelligence.Deployment.Tests;

/// <summary>Runs a command-line tool (promtool, python3) as a child process and fails the test with its output.</summary>
internal static class Tool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs the tool in the repository root; returns its output when it exits with 0, else fails with it.</summary>
    public static async Task<string> SucceedsAsync(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = $"{fileName} {string.Join(' ', arguments)}";
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new XunitException($"Could not start {command}.");
        }
        catch (Win32Exception exception)
        {
            throw new XunitException($"Could not start {command}: {exception.Message}. Is {fileName} installed and on the PATH?");
        }

        using (process)
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new XunitException($"{command} did not finish within {Timeout.TotalSeconds:0} s.");
            }

            var output = ((await standardOutput) + (await standardError)).Trim();
            return process.ExitCode == 0
                ? output
                : throw new XunitException($"{command} exited with {process.ExitCode}:\n{output}");
        }
    }
}
