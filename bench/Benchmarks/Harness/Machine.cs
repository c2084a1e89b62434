using System.Globalization;
using System.Runtime.InteropServices;
using Intelligence.TestSupport;
using Npgsql;

namespace Intelligence.Benchmarks.Harness;

/// <summary>What the figures were measured on: they mean little without it.</summary>
public static class Machine
{
    public static async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        var postgres = (string?)await command.ExecuteScalarAsync(cancellationToken);
        var build = typeof(Machine).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().Any(debuggable => debuggable.IsJITOptimizerDisabled) ? "Debug" : "Release";
        return string.Join(
            ", ",
            $"{Environment.ProcessorCount} CPUs (nproc)",
            $"{MemoryGiB():0.#} GiB memory",
            RuntimeInformation.OSDescription,
            $"{RuntimeInformation.FrameworkDescription} ({build}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)",
            $"PostgreSQL {postgres?.Split(' ')[0]}",
            $"load average {LoadAverage()} at start");
    }

    private static double MemoryGiB()
    {
        var line = ProcFile("/proc/meminfo").FirstOrDefault(text => text.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
    }

    private static string LoadAverage() =>
        ProcFile("/proc/loadavg").FirstOrDefault() is { } line ? string.Join(" ", line.Split(' ').Take(3)) : "unknown";

    private static string[] ProcFile(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];
}
