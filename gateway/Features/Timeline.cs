using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Observability;
using Intelligence.Platform;
using Intelligence.Platform.Http;

namespace Intelligence.Gateway.Features;

/// <summary>
/// <c>GET /api/timeline?from=&amp;to=&amp;kinds=&amp;bloc=&amp;limit=</c>: one chronological feed of the facts of the four
/// services: releases, price moves, regulatory lifecycle steps and adoption observations. Each kind comes one page
/// (at most <c>limit</c> facts, oldest first): a window holding more ends the feed at the first day
/// one of them could not show whole, and <c>nextFrom</c> says where the next read starts.
/// </summary>
public static class Timeline
{
    public const int MaxDays = 366;

    /// <summary>The most facts of one paged kind a feed takes: one page of the services' lists.</summary>
    public const int MaxLimit = 200;

    /// <param name="Kind">release, price, regulation or adoption.</param>
    /// <param name="Id">The fact's subject in its service: model, offering, measure or observation id.</param>
    /// <param name="Details">The fact as its service wrote it.</param>
    public sealed record Fact(DateOnly On, string Kind, string Service, string Id, string Title, string? Bloc, JsonElement Details);

    /// <param name="NextFrom">Where the next read of the window starts when this one ended early (a paged kind held more than <c>limit</c> facts); null when the feed is whole.</param>
    public sealed record Answer(
        DateOnly From, DateOnly To, IReadOnlyList<string> Kinds, string? Bloc, IReadOnlyList<Fact> Facts, IReadOnlyList<DegradedPart> Degraded, DateOnly? NextFrom = null)
        : IComposedAnswer;

    /// <summary>One kind's facts, and whether the service holds more of them in the window than it sent.</summary>
    public sealed record Feed(IReadOnlyList<Fact> Facts, bool More);

    public static IEndpointRouteBuilder MapTimeline(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/timeline", Handle)
            .WithName("GetTimeline")
            .WithTags("Composed")
            .WithSummary("Facts dated from 'from' (required) to 'to' (default today), at most 366 days, oldest first: releases, price moves, regulatory "
                + "lifecycle steps and adoption observations. kinds: a comma-separated subset of release, price, regulation, adoption (default all). "
                + "bloc: US, China, EU or Other. limit (1 to 200, default 200): the most releases, price moves, regulatory steps and adoption observations taken, one page each; when "
                + "either holds more, the feed ends before the first day it could not show whole and nextFrom says where to read on. "
                + "A service down or slow leaves its kind out, named in 'degraded'.")
            .Produces<Answer>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        ReleasesClient releases,
        PricingClient pricing,
        RegulationClient regulation,
        AdoptionClient adoption,
        CompositionSettings settings,
        TimeProvider clock,
        HttpContext http,
        DateOnly? from = null,
        DateOnly? to = null,
        string? kinds = null,
        string? bloc = null,
        int limit = MaxLimit)
    {
        var until = to ?? clock.UtcDate();
        var validation = new Validation()
            .Check(from is not null, "from", "is required (yyyy-MM-dd)")
            .Check(from is null || from <= until, "from", "must not be after to")
            .Check(from is null || until.DayNumber - from.Value.DayNumber < MaxDays, "to", $"must be less than {MaxDays} days after from")
            .Check(bloc is null || Blocs.IsKnown(bloc), "bloc", "must be US, China, EU or Other")
            .Check(limit is >= 1 and <= MaxLimit, "limit", $"must be 1 to {MaxLimit}");
        var wanted = ReadKinds(kinds, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var start = from!.Value;
        var parts = new PartRunner(settings, http);
        var feeds = new List<Task<Feed?>>();
        if (wanted.Contains(FactKind.Release))
        {
            feeds.Add(parts.RunAsync("release", releases.Service, async ct =>
            {
                var (models, more) = await releases.FirstModelsAsync(start, until, bloc, limit, ct);
                return new Feed(Releases(models), more);
            }));
        }

        if (wanted.Contains(FactKind.Price))
        {
            feeds.Add(parts.RunAsync("price", pricing.Service, async ct =>
            {
                var (moves, more) = await pricing.FirstPriceMovesAsync(start, until, bloc, [], limit, ct);
                return new Feed(Prices(moves), more);
            }));
        }

        if (wanted.Contains(FactKind.Regulation))
        {
            feeds.Add(parts.RunAsync("regulation", regulation.Service, async ct =>
            {
                var events = await regulation.EventsAsync(start, until, bloc, limit, ct);
                return new Feed(Regulation(events.Responses), events.More);
            }));
        }

        if (wanted.Contains(FactKind.Adoption))
        {
            feeds.Add(parts.RunAsync("adoption", adoption.Service, async ct =>
            {
                var (observations, more) = await adoption.FirstObservedAsync(start, until, bloc, limit, ct);
                return new Feed(Adoption(observations), more);
            }));
        }

        var (facts, nextFrom) = Cut([.. (await Task.WhenAll(feeds)).OfType<Feed>()], until);
        return TypedResults.Ok(new Answer(start, until, [.. wanted.Select(KebabCase.Name)], bloc, facts, parts.Degraded, nextFrom));
    }

    /// <summary>
    /// The merged feed, whole up to the first day a cut feed may be missing facts of: the last day it sent. Facts
    /// before that day are all there; the read goes on from it. When even the window's first day is cut, that day is
    /// shown as far as it came and the read goes on from the next day.
    /// </summary>
    public static (IReadOnlyList<Fact> Facts, DateOnly? NextFrom) Cut(IReadOnlyList<Feed> feeds, DateOnly until)
    {
        var merged = Merge(feeds.Select(feed => feed.Facts));
        var cutDays = feeds.Where(feed => feed.More && feed.Facts.Count > 0).Select(feed => feed.Facts.Max(fact => fact.On)).ToList();
        if (cutDays.Count == 0)
        {
            return (merged, null);
        }

        var cut = cutDays.Min();
        var whole = merged.Where(fact => fact.On < cut).ToList();
        if (whole.Count > 0)
        {
            return (whole, cut);
        }

        return ([.. merged.Where(fact => fact.On == cut)], cut < until ? cut.AddDays(1) : null);
    }

    /// <summary>One feed: by date, then kind (release, price, regulation, adoption), then id.</summary>
    public static IReadOnlyList<Fact> Merge(IEnumerable<IReadOnlyList<Fact>> feeds) =>
    [
        .. feeds.SelectMany(feed => feed)
            .OrderBy(fact => fact.On)
            .ThenBy(fact => KebabCase.TryParse<FactKind>(fact.Kind, out var kind) ? kind : FactKind.Adoption)
            .ThenBy(fact => fact.Id, StringComparer.Ordinal)
            .ThenBy(fact => fact.Title, StringComparer.Ordinal),
    ];

    private static FactKind[] ReadKinds(string? kinds, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(kinds))
        {
            return Enum.GetValues<FactKind>();
        }

        var read = new List<FactKind>();
        foreach (var text in kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (KebabCase.TryParse<FactKind>(text, out var kind))
            {
                read.Add(kind);
            }
            else
            {
                validation.Add("kinds", $"'{text}' is not one of {KebabCase.Names<FactKind>()}");
            }
        }

        return [.. read.Distinct().Order()];
    }

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, ServiceClient.Json);

    private static IReadOnlyList<Fact> Releases(IEnumerable<ModelCard> models) =>
        [.. models.Select(m => new Fact(m.ReleasedOn, "release", "releases", m.Id, $"{m.Organization.Name} released {m.Name}", m.Bloc, Json(m)))];

    private static IReadOnlyList<Fact> Prices(IEnumerable<PriceMove> moves) =>
    [
        .. moves.Select(m => new Fact(
            m.EffectiveOn,
            "price",
            "pricing",
            m.OfferingId,
            m switch
            {
                { From: null } => $"{m.Provider} listed {m.Offering}",
                { To: null } => $"{m.Provider} closed the price of {m.Offering}",
                { ChangePercent: { } percent } => $"{m.Provider} changed the price of {m.Offering} by {percent:0.##}%",
                _ => $"{m.Provider} changed the price of {m.Offering}",
            },
            m.Bloc,
            Json(m))),
    ];

    private static IReadOnlyList<Fact> Regulation(IEnumerable<MeasureResponse> responses) =>
    [
        .. responses.Select(r => new Fact(
            r.Event.On, "regulation", "regulation", r.MeasureId, $"{r.Jurisdiction}: {r.Title} ({StepWords(r.Event)})", r.Bloc, Json(r))),
    ];

    /// <summary>An event no step names reads as the source words it; a proposed amendment names the proposal.</summary>
    private static string StepWords(LifecycleEntry step) => step switch
    {
        { Step: "other", StepLabel: { } label } => label,
        { Step: "amendment-proposed", LinkedTitle: { } proposal } => $"amendment proposed: {proposal}",
        _ => step.Step,
    };

    private static IReadOnlyList<Fact> Adoption(IEnumerable<AdoptionObservation> observations) =>
    [
        .. observations.Select(o => new Fact(
            o.ObservedOn, "adoption", "adoption", o.Id, $"{o.Subject.Name}: {o.Value:0.##} {o.MetricLabel ?? o.Metric} in {o.RegionLabel ?? o.Region}",
            o.Subject.Link.Bloc == "unknown" ? null : o.Subject.Link.Bloc, Json(o))),
    ];
}
