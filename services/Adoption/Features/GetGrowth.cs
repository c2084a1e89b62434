using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /series/{id}/growth</c>: how a series moved between two dates.</summary>
public static class GetGrowth
{
    /// <param name="Days">Days between the two observations used.</param>
    public sealed record GrowthView(
        string SeriesId, DateOnly From, DateOnly To, PointView FromPoint, PointView ToPoint, int Days, decimal Absolute, double? Percent, double? AnnualisedPercent);

    public static IEndpointRouteBuilder MapGetGrowth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/series/{id}/growth", Handle)
            .WithName("GetGrowth")
            .WithSummary("Growth between two dates, each read as the latest standing observation on or before it: absolute, percent, and annualised (compound, over the days between the two observations). "
                + "The start is read in the unit of the end, so figures in different units are never compared. 404 observation-as-of when a date has nothing on or before it (in that unit).")
            .Produces<GrowthView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string id, IQuerySession session, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null)
    {
        var validation = new Validation()
            .Check(from is not null, "from", "is required (yyyy-MM-dd)")
            .Check(to is not null, "to", "is required (yyyy-MM-dd)")
            .Check(from is null || to is null || from <= to, "from", "must not be after to");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var entry = await session.LoadAsync<SeriesEntry>(id, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound("series", id);
        }

        var series = entry.State;
        var end = series.AsOf(to!.Value);
        var start = end is null ? series.AsOf(from!.Value) : series.AsOf(from!.Value, end.UnitKey());
        if (start is null || end is null)
        {
            var missing = start is null ? from.Value : to.Value;
            return Problems.Problem(
                StatusCodes.Status404NotFound,
                "The series has no value at that date.",
                "observation-as-of",
                $"Series '{id}' has no standing observation on or before {missing:yyyy-MM-dd}{(end is null ? string.Empty : $" in {Terms.KeyOf(end.Unit, end.UnitLabel)} (the unit of the {to:yyyy-MM-dd} figure)")}; its first is on {series.Live().FirstOrDefault()?.ObservedOn:yyyy-MM-dd}.");
        }

        var growth = Growth.Between(start, end);
        return TypedResults.Ok(new GrowthView(
            id, from.Value, to.Value, PointView.From(series, start), PointView.From(series, end), growth.Days, growth.Absolute, growth.Percent, growth.AnnualisedPercent));
    }
}
