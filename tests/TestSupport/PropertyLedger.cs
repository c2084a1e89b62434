namespace Intelligence.TestSupport;

/// <summary>
/// Adds up what a project's property tests generated, and writes it as the reliability record <c>property-&lt;service&gt;</c>
/// after each property, so the record holds every property that ran (a filtered run holds only what ran).
/// </summary>
public static class PropertyLedger
{
    private static readonly Lock Gate = new();
    private const string DecidersAndImporters = "generated commands and CSV rows through the pure decider and importer";

    private static readonly Dictionary<string, (long Cases, long Rejected, TimeSpan Elapsed)> Tallies = [];

    /// <param name="service">The service whose decider or importer was exercised: <c>releases</c>, <c>pricing</c>...; or what else was.</param>
    /// <param name="cases">Generated cases run.</param>
    /// <param name="rejected">Of those, the invalid ones the code refused (the bad inputs tried).</param>
    /// <param name="fault">What was generated, in a sentence, when it is not commands and CSV rows.</param>
    public static void Add(string service, long cases, long rejected, TimeSpan elapsed, string fault = DecidersAndImporters)
    {
        lock (Gate)
        {
            var tally = Tallies.GetValueOrDefault(service);
            tally = (tally.Cases + cases, tally.Rejected + rejected, tally.Elapsed + elapsed);
            Tallies[service] = tally;
            ReliabilityLedger.Write(new ReliabilityRecord
            {
                Scenario = $"property-{service}",
                Fault = fault,
                BadInputsTried = tally.Rejected,
                Observations = new Dictionary<string, string> { ["cases"] = $"{tally.Cases}", ["exceptions"] = "0" },
                Seconds = Math.Round(tally.Elapsed.TotalSeconds, 2),
            });
        }
    }
}
