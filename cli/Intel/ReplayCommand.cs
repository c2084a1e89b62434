using System.ComponentModel;
using System.Net.Http.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Intelligence.Cli;

/// <summary><c>intel replay &lt;service&gt; --after N</c>: the service's relay publishes its integration events after position N again.</summary>
public sealed class ReplayCommand(IAnsiConsole console) : AsyncCommand<ReplayCommand.Settings>
{
    public sealed class Settings : GatewaySettings
    {
        [CommandArgument(0, "<service>")]
        [Description("releases, pricing, regulation or adoption.")]
        public string Service { get; init; } = string.Empty;

        [CommandOption("-a|--after <POSITION>")]
        [Description("Replay the events after this store position (0: all of them). `intel status` shows the high-water mark.")]
        public long After { get; init; }

        public override ValidationResult Validate() =>
            !IsService(Service) ? ValidationResult.Error($"service: must be one of {string.Join(", ", Services)}")
            : After < 0 ? ValidationResult.Error("--after: must be 0 or more")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.Client(TimeSpan.FromSeconds(30));
        using var response = await client.PostAsJsonAsync(
            new Uri($"api/{settings.Service}/admin/relay/replay", UriKind.Relative), new { afterPosition = settings.After }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            console.MarkupLineInterpolated($"[red]replay refused: {(int)response.StatusCode}[/] {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return 1;
        }

        console.MarkupLineInterpolated($"{settings.Service}: replaying integration events after position {settings.After}; consumers drop the ones they already handled.");
        return 0;
    }
}
