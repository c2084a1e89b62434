namespace Intelligence.Benchmarks.Harness;

/// <summary>One side of a comparison: its name, the events each run handles, and one measured run.</summary>
public sealed record Contender(string Name, int Events, Func<CancellationToken, Task<TimeSpan>> RunAsync);

/// <summary>
/// Runs contenders in turn, run 1 of each, then run 2 of each, and so on, so that a load that comes and goes
/// on the shared machine falls on all of them alike; prints each run as it ends.
/// </summary>
public static class Alternating
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(int runs, IReadOnlyList<Contender> contenders, CancellationToken cancellationToken)
    {
        var times = contenders.Select(_ => new List<TimeSpan>()).ToList();
        for (var run = 1; run <= runs; run++)
        {
            for (var i = 0; i < contenders.Count; i++)
            {
                var elapsed = await contenders[i].RunAsync(cancellationToken);
                times[i].Add(elapsed);
                Console.WriteLine($"  run {run}: {contenders[i].Name} {elapsed.TotalSeconds:0.00} s");
            }
        }

        return [.. contenders.Select((contender, i) => new Measurement(contender.Name, contender.Events, times[i]))];
    }
}
