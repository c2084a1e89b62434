using System.Globalization;
using System.Net;
using System.Text;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>
/// The reads the gateway composes from, and the list of measures, send the same SQL commands at the 25 measures of the reference file and after
/// ten times as many are added: they count status spells in the database, or read the spells and step dates of the
/// jurisdictions and window asked for and load only those measures, never every measure. Counted from Npgsql's own
/// activities (<see cref="SqlCommands"/>).
/// </summary>
public sealed class ReadShapeTests(ReferenceRegulations service, ITestOutputHelper output) : IClassFixture<ReferenceRegulations>
{
    private static readonly string[] Reads =
    [
        "/in-force-counts?asOf=2025-06-01",
        "/in-force-counts?asOf=2025-06-01&groupBy=country",
        "/jurisdictions/US/in-force?asOf=2025-02-01",
        "/jurisdictions/IT/in-force?asOf=2025-02-01",
        "/responses?after=2025-01-20&days=30",
        "/responses?after=2025-01-20&days=30&bloc=US",
        "/measures?pageSize=3",
        "/measures?jurisdiction=US&pageSize=3",
        "/measures?status=in-force&asOf=2025-06-01&pageSize=3",
        "/status?asOf=2025-06-01&pageSize=3",
        "/status?asOf=2025-06-01&jurisdiction=US&type=executive-order&pageSize=3",
        "/divergence?asOf=2025-06-01",
        "/divergence?asOf=2025-06-01&by=bloc&direction=restrictive",
    ];

    private static readonly string[] Counted = ["/in-force-counts?asOf=2025-06-01", "/in-force-counts?asOf=2025-06-01&groupBy=country"];

    [Fact]
    public async Task Counts_in_force_measures_and_responses_send_the_same_commands_whatever_the_number_of_measures()
    {
        using var sql = new SqlCommands();
        foreach (var read in Reads)
        {
            await sql.OfAsync(service.Client, read); // the first use of a document type may check its schema
        }

        var small = await CountAsync(sql);
        var counted = await InForceCountAsync();
        await ImportAsync(Synthetic(250));

        // The first count of a day after a write counts it again (a few commands, not one per measure); the reads
        // after it read the kept cell.
        var catchingUp = await CountAsync(sql);
        var large = await CountAsync(sql);
        foreach (var read in Reads)
        {
            output.WriteLine($"{read}: {small[read]} SQL commands at 25 measures, {large[read]} at 275");
        }


        Assert.Equal(small, large);
        Assert.All(Counted, read => Assert.Equal(2, small[read])); // the data version, then the day's kept cell
        Assert.All(Counted, read => Assert.InRange(catchingUp[read], 3, 8));
        Assert.All(small.Values, count => Assert.InRange(count, 1, 3)); // the data version (on tagged reads), then one or two queries (a list's page and its bounded total)

        // The added measures are in the answers: the same commands read more, not nothing new.
        Assert.True(await InForceCountAsync() > counted + 100, "The synthetic measures in force on 2025-06-01 are counted.");
        var counts = await sql.OfAsync(service.Client, Counted[0]);
        Assert.DoesNotContain(counts, command => command.Contains("mt_doc_measureentry", StringComparison.OrdinalIgnoreCase));

        // /status reads its counts from the day's kept cell: no count over the spells, only the page of measures.
        foreach (var read in Reads.Where(read => read.StartsWith("/status", StringComparison.Ordinal)))
        {
            var commands = await sql.OfAsync(service.Client, read);
            Assert.Contains(commands, command => command.Contains("mt_doc_daycell", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(commands, command => command.Contains("group by", StringComparison.OrdinalIgnoreCase));
        }
    }

    private Task<Dictionary<string, int>> CountAsync(SqlCommands sql) => sql.CountEachAsync(service.Client, Reads);

    private async Task<int> InForceCountAsync()
    {
        using var answer = System.Text.Json.JsonDocument.Parse(await service.Client.GetStringAsync(Counted[0]));
        return answer.RootElement.EnumerateArray().Sum(group => group.GetProperty("inForce").GetInt32());
    }

    private async Task ImportAsync(string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await service.Client.PostAsync("/imports", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await service.CaughtUpAsync();
    }

    /// <summary>
    /// Executive orders (in force when signed) in the jurisdictions the reads ask about, signed every four days from
    /// 2023, one in three revoked 200 days later: many in force on the dates asked, some with steps in the window.
    /// </summary>
    private static string Synthetic(int count)
    {
        string[] jurisdictions = ["US", "US (California)", "Italy", "EU", "China"];
        string[] directions = ["restrictive", "promotional", "governance"];
        var csv = new StringBuilder(OpenVocabularyFacts.Header + "\n");
        for (var i = 0; i < count; i++)
        {
            var signed = new DateOnly(2023, 1, 1).AddDays(i * 4);
            string Row(string id, string step, DateOnly on) =>
                $"{id},SHAPE-{i},{jurisdictions[i % jurisdictions.Length]},Shape order {i},executive order,{step},{Day(on)},active,frontier models,{directions[i % directions.Length]},,https://example.org/shape-{i},high,";
            csv.AppendLine(Row($"S{i}A", "signed", signed));
            if (i % 3 == 0)
            {
                csv.AppendLine(Row($"S{i}R", "revoked", signed.AddDays(200)));
            }
        }

        return csv.ToString();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
