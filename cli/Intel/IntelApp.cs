using Spectre.Console;
using Spectre.Console.Cli;

namespace Intelligence.Cli;

/// <summary>The <c>intel</c> command line: one command per operator task, all through the gateway.</summary>
public static class IntelApp
{
    public static Task<int> RunAsync(string[] args, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("intel");
            if (console is not null)
            {
                config.ConfigureConsole(console);
            }

            config.AddCommand<ImportCommand>("import")
                .WithDescription("Import CSV files (a file, or every known file of a folder) through the gateway, with progress and each file's report.")
                .WithExample("import", "data")
                .WithExample("import", "data/prices.csv", "--allow-rejected");
            config.AddCommand<SyncCommand>("sync")
                .WithDescription("Sync a public catalog's snapshot (genai-prices: prices; models.dev: models) from a file or its upstream URL, and print what it did.")
                .WithExample("sync", "genai-prices", "--from", "data/catalogs/genai-prices.json")
                .WithExample("sync", "models.dev");
            config.AddCommand<StatusCommand>("status")
                .WithDescription("Each service's health, events, relay and projection lag, and the broker's queue depths.")
                .WithExample("status", "--wait", "60");
            config.AddCommand<ReplayCommand>("replay")
                .WithDescription("Publish a service's integration events after a position again (for a consumer that lost its state).")
                .WithExample("replay", "releases", "--after", "0");
            config.AddCommand<RebuildCommand>("rebuild")
                .WithDescription("Rebuild one of a service's projections from its events (operator key).")
                .WithExample("rebuild", "releases", "Catalog");
        });
        return app.RunAsync(args);
    }
}
