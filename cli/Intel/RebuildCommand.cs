using System.ComponentModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Intelligence.Cli;

/// <summary><c>intel rebuild &lt;service&gt; &lt;projection&gt;</c>: rebuilds a projection from every stored event; an unknown name lists the known ones.</summary>
public sealed class RebuildCommand(IAnsiConsole console) : AsyncCommand<RebuildCommand.Settings>
{
    public sealed class Settings : GatewaySettings
    {
        [CommandArgument(0, "<service>")]
        [Description("releases, pricing, regulation or adoption.")]
        public string Service { get; init; } = string.Empty;

        [CommandArgument(1, "<projection>")]
        [Description("The projection's name, as the service lists it.")]
        public string Projection { get; init; } = string.Empty;

        public override ValidationResult Validate() =>
            IsService(Service) ? ValidationResult.Success() : ValidationResult.Error($"service: must be one of {string.Join(", ", Services)}");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.Client(TimeSpan.FromMinutes(15));
        var result = await console.Status().StartAsync($"rebuilding {settings.Service} {settings.Projection}", async _ =>
        {
            using var response = await client.PostAsync(
                new Uri($"api/{settings.Service}/admin/projections/{Uri.EscapeDataString(settings.Projection)}/rebuild", UriKind.Relative), null, cancellationToken);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(cancellationToken));
        });

        if (result.StatusCode == HttpStatusCode.NotFound)
        {
            var known = await client.GetFromJsonAsync<string[]>(new Uri($"api/{settings.Service}/admin/projections", UriKind.Relative), cancellationToken);
            console.MarkupLineInterpolated($"[red]{settings.Service} has no projection '{settings.Projection}'.[/] Known: {string.Join(", ", known ?? [])}");
            return 1;
        }

        if (result.StatusCode != HttpStatusCode.OK)
        {
            console.MarkupLineInterpolated($"[red]rebuild refused: {(int)result.StatusCode}[/] {result.Body}");
            return 1;
        }

        var seconds = JsonDocument.Parse(result.Body).RootElement.GetProperty("seconds").GetDouble();
        console.MarkupLineInterpolated($"{settings.Service}: {settings.Projection} rebuilt in {seconds} s.");
        return 0;
    }
}
