using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// <c>GET /observations</c>: standing observations across series in a date window, each with its subject's link to
/// the catalog; with <c>latest=true</c>, only each series' latest standing observation on or before <c>to</c>.
/// </summary>
public static class ListObservations
{
    public const int MaxPageSize = 500;

    public sealed record Line(
        string Id,
        string SeriesId,
        SubjectView Subject,
        Metric Metric,
        string? MetricLabel,
        Unit Unit,
        string? UnitLabel,
        string Region,
        string? RegionLabel,
        decimal Value,
        Bound Bound,
        DateOnly ObservedOn,
        string? Period,
        MeasurementType MeasurementType,
        string? MeasurementTypeLabel,
        Confidence Confidence,
        string? ConfidenceLabel,
        string Source);

    public sealed record Page(IReadOnlyList<Line> Items, int Total, int PageNumber, int PageSize);

    public static IEndpointRouteBuilder MapListObservations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/observations", Handle)
            .WithName("ListObservations")
            .WithSummary("Standing (not retracted) observations observed from 'from' to 'to' (both optional, included), oldest first, each with its subject's "
                + "catalog link. latest=true keeps only each series' latest standing observation on or before 'to' (default today). Filters: metric (name, or the label or key of one kept as other), "
                + "bloc and country (of origin, through the catalog), model (a catalog model id the subject links to). page from 1, pageSize up to 500.")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        DateOnly? from = null,
        DateOnly? to = null,
        string? metric = null,
        string? bloc = null,
        string? country = null,
        string? model = null,
        bool latest = false,
        int page = 1,
        int pageSize = 100)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize)
            .Check(from is null || to is null || from <= to, "from", "must not be after to")
            .Check(country is null || country.Trim().Length == 2, "country", "must be an ISO 3166-1 alpha-2 code");
        var chosen = Queries.ReadMetric(metric, required: false, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (first, last) = (from ?? DateOnly.MinValue, to ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var code = country?.Trim().ToUpperInvariant();
        var link = Catalog.Linker(await Catalog.KnownModelsAsync(session, cancellationToken));
        var lines = (await Queries.SeriesOfAsync(session.Query<SeriesEntry>(), chosen, regionCode: null, cancellationToken))
            .Select(e => (Series: e.State, Link: link(e.State.Key.Subject)))
            .Where(x => bloc is null || string.Equals(x.Link.Bloc, bloc, StringComparison.OrdinalIgnoreCase))
            .Where(x => code is null || x.Link.OriginCountries.Contains(code))
            .Where(x => model is null || x.Link.ModelIds.Contains(model))
            .SelectMany(x => (latest ? x.Series.AsOf(last) is { } one ? [one] : [] : x.Series.Live())
                .Where(o => o.ObservedOn >= first && o.ObservedOn <= last)
                .Select(o => new Line(
                    o.Id, x.Series.Id, SubjectView.From(x.Series.Key.Subject, x.Link), x.Series.Key.Metric, x.Series.Key.MetricLabel, o.Unit, o.UnitLabel,
                    x.Series.Key.Region, x.Series.Key.RegionLabel, o.Value, o.Bound, o.ObservedOn, o.Period, o.MeasurementType, o.MeasurementTypeLabel,
                    o.Confidence, o.ConfidenceLabel, o.Source)))
            .OrderBy(line => line.ObservedOn)
            .ThenBy(line => line.Id, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new Page([.. lines.Skip((page - 1) * pageSize).Take(pageSize)], lines.Count, page, pageSize));
    }
}
