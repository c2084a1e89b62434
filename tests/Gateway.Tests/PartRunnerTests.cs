using System.Diagnostics;
using Intelligence.Gateway.Composition;
using Microsoft.Extensions.Configuration;

namespace Intelligence.Gateway.Tests;

/// <summary>The part runner: a slow or failing service becomes a named missing part; a bug stays a bug.</summary>
public sealed class PartRunnerTests
{
    private static readonly CompositionSettings Settings = new(TimeSpan.FromMilliseconds(200), PartCacheBytes: 1024 * 1024);

    [Fact]
    public async Task A_part_with_no_answer_within_the_timeout_is_missing_and_named_and_the_others_are_kept()
    {
        var runner = new PartRunner(Settings, CancellationToken.None);
        var started = Stopwatch.GetTimestamp();

        var slow = runner.RunAsync<string>("slow", "pricing", async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct); // a service that never answers
            return "never";
        });
        var quick = runner.RunAsync("quick", "releases", _ => Task.FromResult("here"));
        await Task.WhenAll(slow, quick);

        Assert.Null(await slow);
        Assert.Equal("here", await quick);
        // The slow part never answers: that both returned proves it was abandoned; the bound only rules out a hang
        // (a busy CI machine took over 2 s to run these few lines).
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30));
        var missing = Assert.Single(runner.Degraded);
        Assert.Equal(("slow", "pricing"), (missing.Part, missing.Service));
        Assert.Contains("200 ms", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_service_is_a_missing_part_but_any_other_failure_propagates()
    {
        var runner = new PartRunner(Settings, CancellationToken.None);

        var down = await runner.RunAsync<string>("prices", "pricing", _ => throw new ServiceUnavailableException("pricing", "answered 503"));

        Assert.Null(down);
        Assert.Equal([new DegradedPart("prices", "pricing", "answered 503")], runner.Degraded);
        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync<string>("bug", "adoption", _ => throw new InvalidOperationException("a bug")));
    }

    [Fact]
    public void The_timeout_comes_from_configuration_with_a_default()
    {
        var none = new ConfigurationBuilder().Build();
        var set = new ConfigurationBuilder().AddInMemoryCollection([new("Composition:PartTimeoutMilliseconds", "1500")]).Build();

        Assert.Equal(TimeSpan.FromMilliseconds(3000), CompositionSettings.From(none).PartTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), CompositionSettings.From(set).PartTimeout);
    }
}
