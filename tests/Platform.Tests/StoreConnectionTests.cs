using Intelligence.Platform.EventStore;
using Npgsql;

namespace Intelligence.Platform.Tests;

public sealed class StoreConnectionTests
{
    [Fact]
    public void A_connection_string_that_says_nothing_of_preparation_gets_automatic_preparation()
    {
        var tuned = new NpgsqlConnectionStringBuilder(StoreConnection.Of("Host=127.0.0.1;Database=releases;Username=postgres"));

        Assert.Equal(200, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.Equal("releases", tuned.Database);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;MaxAutoPrepare=0", 0)]
    [InlineData("Host=127.0.0.1;max auto prepare=50", 50)]
    public void A_connection_string_that_sets_preparation_keeps_its_own_setting(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(StoreConnection.Of(connectionString)).MaxAutoPrepare);

    [Fact]
    public void A_connection_string_that_says_nothing_of_options_turns_the_jit_off() =>
        Assert.Equal("-c jit=off", new NpgsqlConnectionStringBuilder(StoreConnection.Of("Host=127.0.0.1;Database=pricing")).Options);

    [Fact]
    public void A_connection_string_that_sets_options_keeps_its_own() =>
        Assert.Equal("-c statement_timeout=5000", new NpgsqlConnectionStringBuilder(StoreConnection.Of("Host=127.0.0.1;Options=-c statement_timeout=5000")).Options);
}
