using System.Globalization;
using System.Text;
using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>The answer of a read as of a day (its JSON, as the store serializes it), counted once and kept until a change marks it stale.</summary>
/// <param name="Id">read/variant/yyyyMMdd.</param>
/// <param name="Read">Which read: <c>price-levels</c>, <c>headlines</c>.</param>
public sealed record DayCell(string Id, string Read, int DayKey, string Answer) : IKeptAnswer
{
    public static int DayKeyOf(DateOnly day) => (day.Year * 10_000) + (day.Month * 100) + day.Day;
}

/// <summary>
/// The answers of a read went stale from a day on: written in the transaction of the change (never updated, so
/// concurrent writers never overwrite each other's marks), claimed and deleted by the read that drops the cells it
/// makes stale.
/// </summary>
public sealed record DayCellChange(Guid Id, string Read, DateOnly From) : IKeptAnswer;

/// <summary>
/// Answers as of a day that a whole-market count gives (a median over every price in force, the largest audience
/// per group), kept per day in <see cref="DayCell"/>s while no change marks them stale. Such reads come far more
/// often than the facts change, and a handful of days (today, the landscape's as-of) take most of them, so the count
/// runs once per day and change instead of once per read. The count can't be carried from one change to the next as
/// the price index's months are: at a market's scale facts start or end on almost every day, and a change moves the
/// answer of every later day.
/// </summary>
public static class DayCells
{
    public static StoreOptions AddDayCells(this StoreOptions store)
    {
        store.Schema.For<DayCell>().Duplicate(cell => cell.Read).Duplicate(cell => cell.DayKey);
        store.Schema.For<DayCellChange>().Duplicate(change => change.Read);
        return store;
    }

    /// <summary>Marks the answers of <paramref name="read"/> stale from <paramref name="from"/> on, in the writer's transaction.</summary>
    public static void MarkStale(this IDocumentOperations operations, string read, DateOnly from) =>
        operations.Store(new DayCellChange(Guid.NewGuid(), read, from));

    /// <summary>
    /// The answer of <paramref name="read"/> (in its <paramref name="variant"/>, such as a grouping) as of
    /// <paramref name="day"/>: its cell while no change is marked, else <paramref name="count"/>ed and kept.
    /// </summary>
    public static async Task<T> ReadAsync<T>(
        IQuerySession session, string read, string variant, DateOnly day, Func<IQuerySession, CancellationToken, Task<T>> count, CancellationToken cancellationToken)
    {
        var id = IdOf(read, variant, day);
        var schema = session.DocumentStore.Options.Schema;
        var kept = await session.QueryAsync<string>(
            $"select c.data ->> 'answer' from {schema.For<DayCell>()} c where c.id = ? and not exists (select 1 from {schema.For<DayCellChange>()} m where m.read = ?)",
            cancellationToken,
            id,
            read);
        if (kept is [{ } answer])
        {
            return Deserialize<T>(session, answer);
        }

        return await CountAsync(session.DocumentStore, read, id, day, count, cancellationToken);
    }

    /// <summary>
    /// Under the read's lock, drops the cells the marked changes make stale, then counts the answer and keeps it. A
    /// change committed while this runs leaves its mark, so the next read drops what this one kept.
    /// </summary>
    private static async Task<T> CountAsync<T>(
        IDocumentStore store, string read, string id, DateOnly day, Func<IQuerySession, CancellationToken, Task<T>> count, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellationToken);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(hashtextextended(?, 0))", cancellationToken, $"day-cells/{read}");
        var changes = await session.Query<DayCellChange>().Where(change => change.Read == read).ToListAsync(cancellationToken);
        if (changes.Count > 0)
        {
            var staleFrom = DayCell.DayKeyOf(changes.Min(change => change.From));
            session.DeleteWhere<DayCell>(cell => cell.Read == read && cell.DayKey >= staleFrom);
            session.DeleteWhere<DayCellChange>(change => change.Id.IsOneOf(changes.Select(c => c.Id).ToArray()));
        }
        else if (await session.LoadAsync<DayCell>(id, cancellationToken) is { } counted)
        {
            return Deserialize<T>(session, counted.Answer); // another read counted this day while this one waited for the lock
        }

        var answer = await count(session, cancellationToken);
        session.Store(new DayCell(id, read, DayCell.DayKeyOf(day), store.Options.Serializer().ToJson(answer)));
        await session.SaveChangesAsync(cancellationToken);
        return answer;
    }

    private static string IdOf(string read, string variant, DateOnly day) =>
        $"{read}/{variant}/{DayCell.DayKeyOf(day).ToString(CultureInfo.InvariantCulture)}";

    private static T Deserialize<T>(IQuerySession session, string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return session.DocumentStore.Options.Serializer().FromJson<T>(stream);
    }
}
