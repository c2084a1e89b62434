using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// A setting out of its range stops the app at start, naming the setting, instead of failing later in a background
/// loop (a timer of zero seconds) or being quietly replaced by another value.
/// </summary>
public sealed class SettingsCheckedAtStartTests
{
    private const string NeverCreated = "Host=127.0.0.1;Port=5432;Database=never_created;Username=postgres;Password=postgres";

    [Theory]
    [InlineData("releases", "Releases:ShippedScoreSweepSeconds", "0", "ShippedScoreSweepSeconds")]
    [InlineData("pricing", "Pricing:PendingSweepSeconds", "0", "PendingSweepSeconds")]
    [InlineData("adoption", "Observability:SampleSeconds", "0", "SampleSeconds")]
    [InlineData("regulation", "Observability:SampleSeconds", "301", "SampleSeconds")]
    [InlineData("gateway", "Events:MaxStreamsPerKey", "0", "MaxStreamsPerKey")]
    [InlineData("gateway", "Events:Heartbeat", "00:00:00", "Heartbeat")]
    [InlineData("gateway", "Metrics:Port", "0", "Metrics:Port")]
    public void A_setting_out_of_range_stops_the_app_at_start_naming_it(string app, string setting, string value, string named)
    {
        KeyValuePair<string, string?>[] settings =
        [
            new("ConnectionStrings:Marten", NeverCreated),
            .. TestServers.RabbitSettings(),
            new(setting, value),
        ];
        var (host, start) = app switch
        {
            "releases" => Startable(new ServiceHost<Releases.Program>(settings)),
            "pricing" => Startable(new ServiceHost<Pricing.Program>(settings)),
            "regulation" => Startable(new ServiceHost<Regulation.Program>(settings)),
            "adoption" => Startable(new ServiceHost<Adoption.Program>(settings)),
            _ => Startable(new ServiceHost<Program>(settings)),
        };
        using (host)
        {
            var refused = Assert.ThrowsAny<Exception>(() => start());

            Assert.Contains(named, refused.ToString(), StringComparison.Ordinal);
        }
    }

    private static (IDisposable Host, Func<Uri> Start) Startable<TProgram>(ServiceHost<TProgram> host)
        where TProgram : class => (host, host.Start);
}
