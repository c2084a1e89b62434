using System.ComponentModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Intelligence.Cli;

/// <summary>
/// <c>intel status</c>: per service, its readiness, stored events and streams, and how far its relay and projections
/// lag behind the store; the facts kept but waiting for reference data (prices whose USD amounts wait for an FX rate);
/// then the broker's queues with their depths. Exits 0 when every service is ready with no lag, else 1 (waiting facts
/// are kept facts, not a fault). <c>--wait N</c> polls for up to N seconds until that holds.
/// </summary>
public sealed class StatusCommand(IAnsiConsole console) : AsyncCommand<StatusCommand.Settings>
{
    public sealed class Settings : GatewaySettings
    {
        [CommandOption("-w|--wait <SECONDS>")]
        [Description("Poll until every service is ready with zero lag, for at most this many seconds.")]
        public int Wait { get; init; }

        [CommandOption("--rabbit-management <URL>")]
        [Description("RabbitMQ's management API (default: INTEL_RABBIT_MANAGEMENT or http://127.0.0.1:15672).")]
        public string? RabbitManagement { get; init; }

        [CommandOption("--rabbit-user <USER>")]
        public string RabbitUser { get; init; } = "guest";

        [CommandOption("--rabbit-password <PASSWORD>")]
        public string RabbitPassword { get; init; } = "guest";

        public override ValidationResult Validate() =>
            Wait is >= 0 and <= 3600 ? ValidationResult.Success() : ValidationResult.Error("--wait: must be 0 to 3600 seconds");
    }

    /// <summary>One service as the gateway sees it; <see cref="Problem"/> says what could not be read.</summary>
    public sealed record ServiceStatus(string Service, string Health, long Events, long Streams, long HighWaterMark, long Lag, string? Problem)
    {
        public bool IsSettled => Problem is null && Health is "Healthy" or "Degraded" && Lag == 0;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var client = settings.Client(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(settings.Wait);
        IReadOnlyList<ServiceStatus> services;
        while (true)
        {
            services = await Task.WhenAll(GatewaySettings.Services.Select(service => ReadAsync(client, service, cancellationToken)));
            if (services.All(service => service.IsSettled) || DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var table = new Table().AddColumns("service", "health", "events", "streams", "high-water mark", "lag", "problem");
        foreach (var service in services)
        {
            table.AddRow(
                service.Service,
                service.Health is "Healthy" ? "[green]Healthy[/]" : $"[red]{Markup.Escape(service.Health)}[/]",
                Number(service.Events),
                Number(service.Streams),
                Number(service.HighWaterMark),
                service.Lag == 0 ? "0" : $"[yellow]{Number(service.Lag)}[/]",
                Markup.Escape(service.Problem ?? string.Empty));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(await PendingUsdAsync(client, cancellationToken)));
        foreach (var line in await CatalogsAsync(client, cancellationToken))
        {
            console.MarkupLine(Markup.Escape(line));
        }

        await WriteQueuesAsync(settings, cancellationToken);
        return services.All(service => service.IsSettled) ? 0 : 1;
    }

    public static async Task<ServiceStatus> ReadAsync(HttpClient client, string service, CancellationToken cancellationToken)
    {
        string health;
        try
        {
            using var ready = await client.GetAsync(new Uri($"api/{service}/health/ready", UriKind.Relative), cancellationToken);
            health = (await ready.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("status").GetString() ?? "Unknown";
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
        {
            return new ServiceStatus(service, "Unreachable", 0, 0, 0, 0, exception.Message);
        }

        using var response = await client.GetAsync(new Uri($"api/{service}/admin/progress", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new ServiceStatus(service, health, 0, 0, 0, 0, $"/admin/progress answered {(int)response.StatusCode} (an operator key is needed)");
        }

        var progress = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var lag = progress.GetProperty("shards").EnumerateArray().Select(shard => shard.GetProperty("behind").GetInt64()).DefaultIfEmpty(0).Max();
        return new ServiceStatus(
            service,
            health,
            progress.GetProperty("events").GetInt64(),
            progress.GetProperty("streams").GetInt64(),
            progress.GetProperty("highWaterMark").GetInt64(),
            lag,
            null);
    }

    /// <summary>One line on the prices kept without an FX rate on their date, by currency, with the earliest date a rate is needed for.</summary>
    public static async Task<string> PendingUsdAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri("api/pricing/prices/pending-usd?pageSize=1", UriKind.Relative), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return $"USD pending: unknown (pricing answered {(int)response.StatusCode})";
            }

            var pending = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var total = pending.GetProperty("total").GetInt32();
            var currencies = pending.GetProperty("byCurrency").EnumerateArray()
                .Select(c => $"{c.GetProperty("currency").GetString()} {c.GetProperty("prices").GetInt32()} from {c.GetProperty("earliest").GetString()}");
            return total == 0
                ? "USD pending: none (every price has an FX rate on its date)"
                : $"USD pending: {total.ToString("N0", CultureInfo.InvariantCulture)} prices wait for an FX rate ({string.Join(", ", currencies)}); "
                    + "record rates with POST /api/pricing/fx-rates, list them at /api/pricing/prices/pending-usd";
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException or KeyNotFoundException or InvalidOperationException)
        {
            return $"USD pending: unknown ({exception.Message})";
        }
    }

    /// <summary>
    /// A line per synced catalog: its snapshot, when it was read, what it came to, and the providers the provider
    /// map does not know (kept with bloc unknown), which want a row in the map.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CatalogsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var (catalog, service, _) in SyncCommand.Catalogs)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"api/{service}/sync", UriKind.Relative), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    lines.Add($"{catalog}: unknown ({service} answered {(int)response.StatusCode})");
                    continue;
                }

                var record = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).EnumerateArray()
                    .FirstOrDefault(r => r.GetProperty("id").GetString() == catalog);
                if (record.ValueKind == JsonValueKind.Undefined)
                {
                    lines.Add($"{catalog}: never synced (intel sync {catalog})");
                    continue;
                }

                var unmapped = record.GetProperty("unmappedProviders").EnumerateArray().Select(p => p.GetString()).ToList();
                lines.Add(
                    $"{catalog}: {record.GetProperty("version").GetString()} read {record.GetProperty("readAt").GetDateTimeOffset():yyyy-MM-dd HH:mm}Z, "
                    + $"{record.GetProperty("entries").GetInt32():N0} entries of {record.GetProperty("providers").GetInt32()} providers; "
                    + (unmapped.Count == 0 ? "every provider mapped" : $"{unmapped.Count} providers not in the provider map (bloc unknown): {string.Join(", ", unmapped)}"));
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException or KeyNotFoundException or InvalidOperationException)
            {
                lines.Add($"{catalog}: unknown ({exception.Message})");
            }
        }

        return lines;
    }

    private async Task WriteQueuesAsync(Settings settings, CancellationToken cancellationToken)
    {
        var management = settings.RabbitManagement ?? Environment.GetEnvironmentVariable("INTEL_RABBIT_MANAGEMENT") ?? "http://127.0.0.1:15672";
        using var rabbit = new HttpClient { BaseAddress = new Uri(management.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        rabbit.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.RabbitUser}:{settings.RabbitPassword}")));
        try
        {
            var queues = await rabbit.GetFromJsonAsync<JsonElement>(new Uri("api/queues", UriKind.Relative), cancellationToken);
            var table = new Table().AddColumns("queue (vhost)", "ready", "unacked", "consumers");
            foreach (var queue in queues.EnumerateArray().OrderBy(queue => queue.GetProperty("name").GetString(), StringComparer.Ordinal))
            {
                var ready = Long(queue, "messages_ready");
                table.AddRow(
                    Markup.Escape($"{queue.GetProperty("name").GetString()} ({queue.GetProperty("vhost").GetString()})"),
                    ready == 0 ? "0" : $"[yellow]{Number(ready)}[/]",
                    Number(Long(queue, "messages_unacknowledged")),
                    Number(Long(queue, "consumers")));
            }

            console.Write(table);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
        {
            console.MarkupLineInterpolated($"[yellow]broker queues unknown:[/] {management} did not answer ({exception.Message})");
        }
    }

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
