using Intelligence.TestSupport;

namespace Intelligence.Pricing.Tests;

/// <summary>
/// Adds up what this project's property tests generated, and writes it as the reliability record
/// <c>property-pricing</c> after each property, so the record holds every property that ran.
/// </summary>
internal static class PropertyLedger
{
    private static readonly Lock Gate = new();
    private static long _cases;
    private static long _rejected;
    private static TimeSpan _elapsed;

    public static void Add(long cases, long rejected, TimeSpan elapsed)
    {
        lock (Gate)
        {
            _cases += cases;
            _rejected += rejected;
            _elapsed += elapsed;
            ReliabilityLedger.Write(new ReliabilityRecord
            {
                Scenario = "property-pricing",
                Fault = "generated commands and CSV rows through the pure decider and importer",
                BadInputsTried = _rejected,
                ServerErrors = null,
                Observations = new Dictionary<string, string> { ["cases"] = $"{_cases}", ["exceptions"] = "0" },
                Seconds = Math.Round(_elapsed.TotalSeconds, 2),
            });
        }
    }
}
