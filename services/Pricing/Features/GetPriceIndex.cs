using System.ComponentModel;
using System.Globalization;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-index</c>: for each bloc and month, the median blended USD API price of the API offerings priced on
/// the month's last day (as of that day), from the offerings' timelines in their read model.
/// </summary>
public static class GetPriceIndex
{
    public const int MaxMonths = 240;

    public sealed record BlocIndex(string Bloc, IReadOnlyList<PriceIndexPoint> Months);

    public static IEndpointRouteBuilder MapGetPriceIndex(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-index", Handle)
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

        IQueryable<OfferingView> query = session.Query<OfferingView>().Where(view => view.State.Details.Kind == OfferingKind.Api);
        if (bloc is not null)
        {
            query = query.Where(view => view.Bloc == bloc);
        }

        var views = await query.ToListAsync(cancellationToken);
        if (views.Count == 0)
        {
            return TypedResults.Ok(Array.Empty<BlocIndex>());
        }

        var first = fromMonth ?? PriceIndex.FirstOf(views.SelectMany(view => view.State.Timeline).Min(point => point.EffectiveOn));
        var last = toMonth ?? PriceIndex.FirstOf(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (((last.Year - first.Year) * 12) + last.Month - first.Month >= MaxMonths)
        {
            validation.Add("from", $"the range must span at most {MaxMonths} months");
            return validation.ToProblem();
        }

        return TypedResults.Ok(views
            .GroupBy(view => view.Bloc)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new BlocIndex(group.Key, PriceIndex.Compute(group.Select(view => view.State.Timeline), first, last)))
            .ToList());
    }

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
