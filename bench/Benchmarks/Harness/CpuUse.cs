using System.Diagnostics;
using System.Globalization;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// Where the machine's CPU went over a stretch of time, in cores: this process (the hosted services, the gateway and
/// the load generator, all in-process) and everything else (PostgreSQL, RabbitMQ, other work on the machine), from
/// <c>/proc/stat</c> and the process's own CPU time. What says whether a figure is bound by the machine's cores.
/// </summary>
public sealed class CpuUse
{
    private readonly TimeSpan _processStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly (long Busy, long Total)? _machineStart = MachineTicks();
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>Cores busy in this process, in the rest of the machine, and in all, since this was created.</summary>
    public (double Process, double Others, double Machine) Since()
    {
        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _processStart).TotalSeconds / wall;
        var machine = MachineTicks() is { } end && _machineStart is { } start && end.Total > start.Total
            ? (double)(end.Busy - start.Busy) / (end.Total - start.Total) * Environment.ProcessorCount
            : double.NaN;
        return (process, Math.Max(0, machine - process), machine);
    }

    /// <summary>The first line of /proc/stat: busy and total jiffies of every CPU (idle and iowait are not busy).</summary>
    private static (long Busy, long Total)? MachineTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }
}
