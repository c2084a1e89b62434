using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-index</c>: for each bloc and month, the median blended USD API price of the API offerings priced on
/// the month's last day (as of that day). One query over the price spells (<see cref="ApiPriceSpell"/>), ranked by
/// the database; it agrees with <see cref="PriceIndex.Compute"/> over the same timelines.
/// </summary>
public static class GetPriceIndex
{
    public const int MaxMonths = 240;

    public sealed record BlocIndex(string Bloc, IReadOnlyList<PriceIndexPoint> Months);

    public static IEndpointRouteBuilder MapGetPriceIndex(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-index", Handle)
            .WithDataVersion()
            .WithName("GetPriceIndex")
            .WithSummary("Per bloc (of the model's origin, else the provider's country) and month: the number of API offerings with a price "
                + "in force on the month's last day and the median of their blended USD prices (per million tokens, input 3 : output 1). "
                + "from/to are months (yyyy-MM); default from the first priced month to the current month. bloc filters.")
            .Produces<IReadOnlyList<BlocIndex>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [Description("The first month, yyyy-MM; default the first priced month.")] string? from = null,
        [Description("The last month, yyyy-MM; default the current month.")] string? to = null,
        string? bloc = null)
    {
        var validation = new Validation();
        var fromMonth = Month(from, "from", validation);
        var toMonth = Month(to, "to", validation);
        validation.Check(fromMonth is null || toMonth is null || fromMonth <= toMonth, "from", "must not be after to");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var spells = session.DocumentStore.Options.Schema.For<ApiPriceSpell>();
        var blocFilter = bloc is null ? string.Empty : "and s.bloc = ?";
        DateOnly? earliest = fromMonth;
        if (earliest is null)
        {
            var firsts = await session.QueryAsync<DateOnly>(
                $"select s.valid_from from {spells} s where true {blocFilter} order by s.valid_from limit 1", cancellationToken, bloc is null ? [] : [bloc]);
            if (firsts.Count == 0)
            {
                return TypedResults.Ok(Array.Empty<BlocIndex>());
            }

            earliest = firsts[0];
        }

        var first = PriceIndex.FirstOf(earliest.Value);
        var last = toMonth ?? PriceIndex.FirstOf(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (((last.Year - first.Year) * 12) + last.Month - first.Month >= MaxMonths)
        {
            validation.Add("from", $"the range must span at most {MaxMonths} months");
            return validation.ToProblem();
        }

        // The months go as their labels beside their last days: Npgsql sends 9999-12-31 as infinity, which has no month.
        var monthEnds = PriceIndex.MonthEnds(first, last);
        var labels = PriceIndex.Months(first, last).ToArray();
        object[] parameters = bloc is null ? [monthEnds, labels] : [monthEnds, labels, bloc];

        // One row per bloc and month with a price in force on the month's last day; the months between stay empty.
        var answer = await session.QueryAsync<string>(
            $"""
            select coalesce(json_agg(json_build_object('bloc', bloc, 'month', label, 'offerings', n,
                'medianBlendedUsdPerMillion', trim_scale(round((lo + hi) / 2, 6)))), '[]')::text
            from (
                select s.bloc, m.label, count(*) as n,
                    percentile_disc(0.5) within group (order by (s.data ->> 'blendedUsdPerMillion')::numeric) as lo,
                    percentile_disc(0.5) within group (order by (s.data ->> 'blendedUsdPerMillion')::numeric desc) as hi
                from unnest(?::date[], ?::text[]) as m(month_end, label)
                join {spells} s on s.valid_from <= m.month_end and (s.valid_until is null or s.valid_until > m.month_end)
                where true {blocFilter}
                group by s.bloc, m.label) as levels
            """,
            cancellationToken,
            parameters);
        var rows = JsonSerializer.Deserialize<List<IndexRow>>(answer[0], JsonSerializerOptions.Web)!;
        return TypedResults.Ok(rows
            .GroupBy(row => row.Bloc, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var byMonth = group.ToDictionary(row => row.Month, StringComparer.Ordinal);
                return new BlocIndex(group.Key, [.. PriceIndex.Months(first, last).Select(month =>
                    byMonth.TryGetValue(month, out var row) ? new PriceIndexPoint(month, row.Offerings, row.MedianBlendedUsdPerMillion) : new PriceIndexPoint(month, 0, null))]);
            })
            .ToList());
    }

    private sealed record IndexRow(string Bloc, string Month, int Offerings, decimal? MedianBlendedUsdPerMillion);

    /// <summary>A month parameter (yyyy-MM) as its first day; null when absent, or when it is no month (then <paramref name="validation"/> says so).</summary>
    internal static DateOnly? Month(string? text, string field, Validation validation)
    {
        if (text is null)
        {
            return null;
        }

        var valid = DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month);
        validation.Check(valid, field, "must be a month, yyyy-MM");
        return valid ? month : null;
    }
}
