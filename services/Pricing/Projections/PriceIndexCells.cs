using System.Globalization;
using Intelligence.Platform.EventStore;
using Intelligence.Pricing.Domain;
using Marten;

namespace Intelligence.Pricing.Projections;

/// <summary>
/// The price index of a bloc at the end of a month where its prices in force changed (a spell starts or ends in it).
/// Between two such months the set in force stays the same, so the months in between carry the cell before them:
/// the index of any range reads at most a cell per month of price history, never the spells.
/// </summary>
/// <param name="Id">bloc/yyyyMM.</param>
public sealed record PriceIndexCell(string Id, string Bloc, int MonthKey, string Month, int Offerings, decimal? MedianBlendedUsdPerMillion) : IKeptAnswer
{
    public static int MonthKeyOf(DateOnly date) => (date.Year * 100) + date.Month;
}

/// <summary>
/// A bloc's price index went stale from a month on: written in the transaction that changed its spells (one per bloc
/// and transaction, never updated, so concurrent writers never overwrite each other's marks), claimed and deleted by
/// the read that brings the cells up to date.
/// </summary>
public sealed record PriceIndexChange(Guid Id, string Bloc, int FromMonthKey) : IKeptAnswer;

/// <summary>
/// Keeps <see cref="PriceIndexCell"/>s up to date, lazily: a read that finds changes marked recomputes the cells of
/// the blocs they name from the earliest month marked, under a lock, and deletes the marks in the same transaction.
/// So a read after a write sees the write, and reads of unchanged prices read only cells. The cost of bringing a bloc
/// up to date grows with its spells, once per change rather than once per read.
/// </summary>
public static class PriceIndexCells
{
    private const long LockKey = 0x7072696365_696478; // "price" "idx"

    /// <summary>
    /// The earliest day on which the change from <paramref name="before"/> to <paramref name="after"/> may move what is in
    /// force (its month's index, its price levels); null when none.
    /// </summary>
    public static DateOnly? EarliestChange(IReadOnlyList<ApiPriceSpell> before, IReadOnlyList<ApiPriceSpell> after)
    {
        var i = 0;
        while (i < before.Count && i < after.Count && Same(before[i], after[i]))
        {
            i++;
        }

        if (i == before.Count && i == after.Count)
        {
            return null;
        }

        // Spells the same up to i end the same too: what is in force first differs in spell i, from its start at the latest.
        return new[] { i < before.Count ? before[i].ValidFrom : DateOnly.MaxValue, i < after.Count ? after[i].ValidFrom : DateOnly.MaxValue }.Min();
    }

    public static async Task BringUpToDateAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellationToken);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", cancellationToken, LockKey);
        var changes = await session.Query<PriceIndexChange>().ToListAsync(cancellationToken);
        if (changes.Count == 0)
        {
            return; // another read brought the cells up to date while this one waited for the lock
        }

        var spells = store.Options.Schema.For<ApiPriceSpell>();
        foreach (var bloc in changes.GroupBy(change => change.Bloc, StringComparer.Ordinal))
        {
            var from = bloc.Min(change => change.FromMonthKey);
            var blocName = bloc.Key;
            var boundaries = await session.QueryAsync<DateOnly>(
                $"select s.valid_from from {spells} s where s.bloc = ? union select s.valid_until from {spells} s where s.bloc = ? and s.valid_until is not null",
                cancellationToken,
                blocName,
                blocName);
            var months = boundaries.Select(day => new DateOnly(day.Year, day.Month, 1))
                .Where(month => PriceIndexCell.MonthKeyOf(month) >= from)
                .Distinct()
                .Order()
                .ToArray();
            session.DeleteWhere<PriceIndexCell>(cell => cell.Bloc == blocName && cell.MonthKey >= from);
            foreach (var cell in await ComputeAsync(session, spells, blocName, months, cancellationToken))
            {
                session.Store(cell);
            }
        }

        session.DeleteWhere<PriceIndexChange>(change => change.Id.IsOneOf(changes.Select(c => c.Id).ToArray()));
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The cells of <paramref name="months"/> (first days), counted and ranked by the database; a month with nothing in force is a cell of 0.</summary>
    private static async Task<IEnumerable<PriceIndexCell>> ComputeAsync(
        IQuerySession session, string spells, string bloc, DateOnly[] months, CancellationToken cancellationToken)
    {
        if (months.Length == 0)
        {
            return [];
        }

        // The months go as their labels beside their last days: Npgsql sends 9999-12-31 as infinity, which has no month.
        var ends = months.Select(month => new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month))).ToArray();
        var labels = months.Select(month => month.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
        var counted = (await session.QueryJsonAsync<List<PriceIndexPoint>>(
            $"""
            select coalesce(json_agg(json_build_object('month', label, 'offerings', n, 'medianBlendedUsdPerMillion', {ApiPriceSpell.Median})), '[]')::text
            from (
                select m.label, count(*) as n, {ApiPriceSpell.MiddlePrices}
                from unnest(?::date[], ?::text[]) as m(month_end, label)
                join {spells} s on s.bloc = ? and s.valid_from <= m.month_end and (s.valid_until is null or s.valid_until > m.month_end)
                group by m.label) as levels
            """,
            cancellationToken,
            ends,
            labels,
            bloc)).ToDictionary(point => point.Month, StringComparer.Ordinal);
        return months.Select((month, i) =>
        {
            var point = counted.GetValueOrDefault(labels[i]);
            return new PriceIndexCell($"{bloc}/{PriceIndexCell.MonthKeyOf(month)}", bloc, PriceIndexCell.MonthKeyOf(month), labels[i], point?.Offerings ?? 0, point?.MedianBlendedUsdPerMillion);
        });
    }

    private static bool Same(ApiPriceSpell a, ApiPriceSpell b) =>
        a.ValidFrom == b.ValidFrom && a.ValidUntil == b.ValidUntil && a.BlendedUsdPerMillion == b.BlendedUsdPerMillion && a.Bloc == b.Bloc
        && a.Countries.SequenceEqual(b.Countries, StringComparer.Ordinal);
}
