using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Intelligence.Pricing.Projections;

/// <summary>What the catalog replica says of the model an offering names.</summary>
public sealed record ModelLink(string Name, IReadOnlyList<string> OriginCountries, string Bloc, string? OrganizationName, DateOnly? RetiredOn);

/// <summary>
/// An offering as queries read it (the price index and the cheapest-per-bloc query among them): its state (with the dated timeline), and its link to the catalog replica. The
/// bloc is the model's (the bloc of its first origin country) once the replica knows the model, else the bloc of
/// the provider's country; <see cref="LinkPending"/> marks a named model the replica has not seen yet.
/// </summary>
/// <param name="BlocFrom">model or provider.</param>
public sealed record OfferingListing(string Id, Offering State, string? ModelId, ModelLink? Model, string Bloc, string BlocFrom, bool LinkPending)
{
    public long Version { get; init; }

    public OfferingKind Kind => State.Details.Kind;

    public static OfferingListing Of(Offering state, long version, CatalogModel? model, Countries countries)
    {
        var modelId = state.ModelId;
        return model is { Known: true }
            ? new OfferingListing(
                state.Id, state, modelId, new ModelLink(model.Name!, model.OriginCountries, model.Bloc!, model.OrganizationName, model.RetiredOn), model.Bloc!, "model", LinkPending: false)
            { Version = version }
            : new OfferingListing(
                state.Id, state, modelId, Model: null, Origins.BlocOf(countries, state.Details.ProviderCountry), "provider", LinkPending: modelId is not null)
            { Version = version };
    }
}

/// <summary>A detected price cut, one document per <see cref="PriceCutDetected"/> event.</summary>
public sealed record PriceCutRecord(
    Guid Id, string OfferingId, string? ModelId, DateOnly EffectiveOn, Price From, Price To, decimal Percent, bool ToFree, string Source);

/// <summary>
/// A price of an offering stated in a currency other than USD, one document per price of a timeline: what an FX
/// rate recorded for the currency may derive again (by currency and date), and what still waits for a rate.
/// </summary>
/// <param name="UnitsPerUsd">The rate the price carries; null while its USD amounts are pending.</param>
public sealed record ForeignPricePoint(string Id, string OfferingId, string Currency, DateOnly EffectiveOn, bool Promotion, decimal? UnitsPerUsd, bool UsdPending)
{
    public static string IdOf(string offeringId, PricePoint point) => $"{offeringId}/{point.EffectiveOn:yyyy-MM-dd}/{(point.Promotion ? "promotion" : "list")}";
}

/// <summary>
/// Keeps <see cref="OfferingListing"/>s, their <see cref="OfferingPriceSpell"/>s and <see cref="ApiPriceSpell"/>s (marking the price index, the levels and the quality reads stale where they change: <see cref="PriceIndexChange"/>, <see cref="Platform.EventStore.DayCellChange"/>), <see cref="PriceMoveRecord"/>s, <see cref="PriceCutRecord"/>s and <see cref="ForeignPricePoint"/>s in step
/// with the offerings' events, inline with each write. A view is linked to the catalog replica as it stands then;
/// the replica's consumers patch the link fields (never the timeline) when a model arrives or changes. A cut's
/// prices take the rates their points get when USD amounts are derived again.
/// </summary>
public sealed class OfferingListingProjection(Countries countries) : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byOffering = events.Where(e => e.Data is IOfferingEvent).GroupBy(e => e.StreamKey!).ToList();
        if (byOffering.Count == 0)
        {
            return;
        }

        var previous = (await operations.LoadManyAsync<OfferingListing>(cancellation, byOffering.Select(group => group.Key)))
            .ToDictionary(view => view.Id);
        var derivedOfferings = byOffering.Where(group => group.Any(e => e.Data is UsdAmountsDerived)).Select(group => group.Key).ToArray();
        var cuts = derivedOfferings.Length == 0
            ? []
            : (await operations.Query<PriceCutRecord>().Where(cut => cut.OfferingId.IsOneOf(derivedOfferings)).ToListAsync(cancellation)).ToDictionary(cut => cut.Id);
        var states = new List<(Offering State, long Version, bool Replaces)>();
        foreach (var group in byOffering)
        {
            var before = previous.GetValueOrDefault(group.Key);
            var (state, unfolded) = await StreamCatchUp.FromAsync<Offering, IOfferingEvent>(
                operations, before?.State, before?.Version ?? 0, [.. group], OfferingDecider.Evolve, cancellation);
            if (unfolded.Count == 0)
            {
                continue; // folded already: a replay over what this listing holds changes nothing
            }

            foreach (var e in unfolded)
            {
                state = OfferingDecider.Evolve(state, (IOfferingEvent)e.Data);
                switch (e.Data)
                {
                    case PriceCutDetected cut:
                        cuts[e.Id] = new PriceCutRecord(e.Id, cut.OfferingId, cut.ModelId, cut.EffectiveOn, cut.From, cut.To, cut.Percent, cut.ToFree, cut.Source);
                        operations.Store(cuts[e.Id]);
                        break;
                    case UsdAmountsDerived derived when state is not null:
                        foreach (var record in cuts.Values.Where(record => record.OfferingId == derived.OfferingId).ToList())
                        {
                            var (from, to) = UsdDerivation.ApplyToCut(state.Timeline, record.EffectiveOn, record.From, record.To, derived);
                            if (from != record.From || to != record.To)
                            {
                                cuts[record.Id] = record with { From = from, To = to };
                                operations.Store(cuts[record.Id]);
                            }
                        }

                        break;
                }
            }

            if (state is not null)
            {
                // A listing missing while its stream has earlier events (a rebuild racing a live write) may have left documents to replace.
                states.Add((state, group.Last().Version, before is not null || group.First().Version > 1));
                foreach (var point in state.Timeline.Where(point => point.Price.Currency != FxRateTable.Usd))
                {
                    operations.Store(new ForeignPricePoint(
                        ForeignPricePoint.IdOf(state.Id, point), state.Id, point.Price.Currency, point.EffectiveOn, point.Promotion, point.Price.UnitsPerUsd, point.Price.UsdPending));
                }
            }
        }

        var modelIds = states.Select(s => s.State.ModelId).OfType<string>().Distinct().ToList();
        var models = modelIds.Count == 0
            ? []
            : (await operations.LoadManyAsync<CatalogModel>(cancellation, modelIds)).ToDictionary(model => model.Id);
        var staleFrom = new Dictionary<string, int>(StringComparer.Ordinal);
        DateOnly? levelsStaleFrom = null;
        DateOnly? qualityStaleFrom = null;
        foreach (var (state, version, replaces) in states)
        {
            var view = OfferingListing.Of(state, version, state.ModelId is { } id ? models.GetValueOrDefault(id) : null, countries);
            operations.Store(view);
            if (QualityStaleFrom(previous.GetValueOrDefault(state.Id)?.State, state) is { } changedFrom && !(qualityStaleFrom <= changedFrom))
            {
                qualityStaleFrom = changedFrom;
            }

            // A new offering has no spells or moves to replace: an import of new offerings adds no delete.
            var before = previous.GetValueOrDefault(state.Id) is { } old ? ApiPriceSpell.Of(old).ToList() : [];
            if (replaces)
            {
                operations.DeleteWhere<ApiPriceSpell>(spell => spell.OfferingId == state.Id);
                operations.DeleteWhere<OfferingPriceSpell>(spell => spell.OfferingId == state.Id);
            }

            foreach (var spell in OfferingPriceSpell.Of(view))
            {
                operations.Store(spell);
            }

            var after = ApiPriceSpell.Of(view).ToList();
            foreach (var spell in after)
            {
                operations.Store(spell);
            }

            if (replaces)
            {
                operations.DeleteWhere<PriceMoveRecord>(move => move.OfferingId == state.Id);
            }

            foreach (var move in PriceMoveRecord.Of(view))
            {
                operations.Store(move);
            }

            if (PriceIndexCells.EarliestChange(before, after) is { } day)
            {
                var month = PriceIndexCell.MonthKeyOf(day);
                levelsStaleFrom = levelsStaleFrom is { } earlier && earlier < day ? earlier : day;
                foreach (var bloc in before.Concat(after).Select(spell => spell.Bloc).Distinct())
                {
                    staleFrom[bloc] = Math.Min(staleFrom.GetValueOrDefault(bloc, int.MaxValue), month);
                }
            }
        }

        foreach (var (bloc, month) in staleFrom)
        {
            operations.Store(new PriceIndexChange(Guid.NewGuid(), bloc, month));
        }

        if (levelsStaleFrom is { } levelsFrom)
        {
            operations.MarkStale(ApiPriceSpell.LevelsRead, levelsFrom);
        }

        if (qualityStaleFrom is { } qualityFrom)
        {
            operations.MarkStale(ModelScore.QualityRead, qualityFrom);
        }
    }

    /// <summary>
    /// The first day whose quality answers a change of an API offering that names a model may move: none is in force
    /// (so none counts) before the first price of its timeline, before or after the change. Null for other offerings.
    /// </summary>
    private static DateOnly? QualityStaleFrom(Offering? before, Offering after) =>
        new[] { before, after }
            .Where(state => state is { ModelId: not null, Details.Kind: OfferingKind.Api } && state.Timeline.Count > 0)
            .Select(state => (DateOnly?)state!.Timeline.Min(point => point.EffectiveOn))
            .Min();
}
