using System.ComponentModel;
using System.Globalization;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-performance/gap?benchmark=&amp;from=&amp;to=</c>: per month, how close the best free or open-weight model
/// came to the best paid one on a benchmark, as of each month's last day. A model is on the free side when its
/// weights were open on that day (the catalog replica's dated access) or an API offering of it was priced at zero;
/// else on the paid side. A consumer app's capped free tier does not count: every frontier lab has one, so it
/// would put nearly every paid model on the free side. Counted from the benchmark's score histories, then the models
/// and API offerings they name (indexed queries), and kept as of the last month's end (<see cref="DayCells"/>): a
/// change dated after it leaves the answer standing.
/// </summary>
public static class GetQualityGap
{
    public const int MaxMonths = 240;

    public const string FreeSide = "open weights on the day, or an API offering priced at zero then (a capped consumer free tier does not count)";

    public const string PaidSide = "closed weights and no API offering priced at zero";

    /// <param name="Openness">open-weights, free-api or paid.</param>
    /// <param name="Score">The model's latest score on or before the month's last day, with its source.</param>
    public sealed record Side(string ModelId, string? Model, string? Variant, string? Bloc, string Openness, ScoreResponse Score);

    /// <param name="Gap">The best paid score minus the best free one (negative when the free side leads); null when a side has no model.</param>
    /// <param name="RelativeGap">The gap as a share of the best paid score.</param>
    /// <param name="FreeWinRate">On a rating scale, the share of battles the best free model would win against the best paid one (0.5 when level).</param>
    public sealed record MonthGap(string Month, DateOnly AsOf, Side? BestFree, Side? BestPaid, decimal? Gap, decimal? RelativeGap, decimal? FreeWinRate);

    /// <param name="UnplacedModels">Models with a score by the range's end that the catalog replica does not know yet: their side cannot be told, so they are left out.</param>
    public sealed record QualityGap(
        BenchmarkResponse Benchmark, string From, string To, string FreeSide, string PaidSide, IReadOnlyList<string> UnplacedModels, IReadOnlyList<MonthGap> Months);

    public static IEndpointRouteBuilder MapGetQualityGap(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-performance/gap", Handle)
            .WithName("GetQualityGap")
            .WithSummary("Per month from..to (yyyy-MM; default the first month with a score to the current month, at most 240 months), as of the month's last day: "
                + "the best score on the benchmark (default lmarena-text) among free or open-weight models (open weights then, or an API price of zero) against "
                + "the best among paid closed ones, naming both models with the score's date and source, and the gap, absolute and relative "
                + "(and, on a rating scale, the free model's expected win rate). Models not yet released or already retired that day are left out.")
            .Produces<QualityGap>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [Description(QualityQueries.BenchmarkDescription)] string? benchmark = null,
        [Description("The first month, yyyy-MM; default the first month with a score.")] string? from = null,
        [Description("The last month, yyyy-MM; default the current month.")] string? to = null)
    {
        var validation = new Validation();
        var fromMonth = GetPriceIndex.Month(from, "from", validation);
        var toMonth = GetPriceIndex.Month(to, "to", validation);
        validation.Check(fromMonth is null || toMonth is null || fromMonth <= toMonth, "from", "must not be after to");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (found, problem) = await QualityQueries.FindAsync(session, benchmark, cancellationToken);
        if (found is null)
        {
            return problem!;
        }

        var last = toMonth ?? PriceIndex.FirstOf(clock.UtcDate());
        validation.Check(fromMonth is null || fromMonth <= last, "from", $"must not be after to ({last:yyyy-MM})")
            .Check(fromMonth is null || fromMonth > last || MonthsBetween(fromMonth.Value, last) < MaxMonths, "from", $"the range must span at most {MaxMonths} months");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        // Kept as of the last month's end: a change dated later moves no month of the answer.
        var variant = $"gap/{found.Benchmark}/{(fromMonth is { } given ? $"{given:yyyy-MM}" : "first")}/{last:yyyy-MM}";
        var answer = await DayCells.ReadAsync(
            session, ModelScore.QualityRead, variant, Quality.MonthEnd(last), (counting, ct) => CountAsync(counting, found, fromMonth, last, ct), cancellationToken);
        if (fromMonth is null)
        {
            // The first score's month, known once counted: the default range is checked as a given one.
            var first = DateOnly.ParseExact(answer.From + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            validation.Check(first <= last, "from", $"must not be after to ({last:yyyy-MM})")
                .Check(first > last || MonthsBetween(first, last) < MaxMonths, "from", $"the range must span at most {MaxMonths} months");
        }

        return validation.IsValid ? TypedResults.Ok(answer) : validation.ToProblem();
    }

    private static int MonthsBetween(DateOnly first, DateOnly last) => ((last.Year - first.Year) * 12) + last.Month - first.Month;

    /// <summary>
    /// The answer counted from the benchmark's score histories, the models they name and those models' API offerings;
    /// no months when the default range, from the first score, is out of bounds (a 400 for the caller).
    /// </summary>
    private static async Task<QualityGap> CountAsync(IQuerySession session, ModelScore found, DateOnly? fromMonth, DateOnly last, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelScore> scores = await QualityQueries.LoadAsync(session, found.Benchmark, cancellationToken);
        var first = fromMonth ?? PriceIndex.FirstOf(scores.SelectMany(score => score.Points).Min(point => point.MeasuredOn));
        var months = new List<MonthGap>();
        // Only scores by the range's end place a model on a side: a later one, even of a model the catalog does not
        // know yet, leaves this answer as it is (and its cell standing).
        var lastDay = Quality.MonthEnd(last);
        scores = [.. scores.Where(score => score.Points[0].MeasuredOn <= lastDay)];
        var modelIds = scores.Select(score => score.ModelId).Distinct(StringComparer.Ordinal).ToArray();
        var models = (await session.LoadManyAsync<CatalogModel>(cancellationToken, modelIds)).Where(model => model.Known).ToDictionary(model => model.Id, StringComparer.Ordinal);
        if (first <= last && MonthsBetween(first, last) < MaxMonths)
        {
            var views = (await session.Query<OfferingListing>()
                    .Where(view => view.ModelId.IsOneOf(modelIds) && view.State.Details.Kind == OfferingKind.Api)
                    .ToListAsync(cancellationToken))
                .ToLookup(view => view.ModelId!, StringComparer.Ordinal);
            var placed = scores.Where(score => models.ContainsKey(score.ModelId)).ToList();
            var ratingScale = found.Unit == ModelScore.Rating;
            for (var month = first; month <= last; month = month.AddMonths(1))
            {
                var day = Quality.MonthEnd(month);
                var standings = placed
                    .Select(score => (Score: score, Point: Quality.On(score.Points, day), Model: models[score.ModelId]))
                    .Where(s => s.Point is not null && !(s.Model.ReleasedOn > day) && !(s.Model.RetiredOn <= day))
                    .Select(s => new Standing(s.Score.ModelId, s.Model.Name, s.Score.Variant, s.Model.Bloc, OpennessOn(s.Model, s.Score.Variant, views[s.Score.ModelId], day), s.Point!))
                    .ToList();
                var free = Quality.Best(standings.Where(standing => standing.Openness != Openness.Paid));
                var paid = Quality.Best(standings.Where(standing => standing.Openness == Openness.Paid));
                var (gap, relative, winRate) = Quality.Gap(free, paid, ratingScale);
                months.Add(new MonthGap($"{month:yyyy-MM}", day, SideOf(free), SideOf(paid), gap, relative, winRate));
                if (month.Year == DateOnly.MaxValue.Year && month.Month == 12)
                {
                    break;
                }
            }
        }

        return new QualityGap(
            BenchmarkResponse.Of(found),
            $"{first:yyyy-MM}",
            $"{last:yyyy-MM}",
            FreeSide,
            PaidSide,
            [.. modelIds.Where(id => !models.ContainsKey(id)).Order(StringComparer.Ordinal)],
            months);
    }

    /// <summary>Open weights on the day, else a free API price in force that day for an offering the score fits, else paid.</summary>
    private static Openness OpennessOn(CatalogModel model, string? variant, IEnumerable<OfferingListing> views, DateOnly day) =>
        model.OpenWeightsOn(day) ? Openness.OpenWeights
        : views.Any(view => Quality.Fits(variant, view.State.Details.Name) && PriceTimeline.AsOf(view.State.Timeline, day)?.Price.IsFree == true) ? Openness.FreeApi
        : Openness.Paid;

    private static Side? SideOf(Standing? standing) => standing is null
        ? null
        : new Side(standing.ModelId, standing.Name, standing.Variant, standing.Bloc, KebabCase.Name(standing.Openness), ScoreResponse.Of(standing.Score));
}
