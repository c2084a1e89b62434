using Marten;

namespace Intelligence.Platform.EventStore;

/// <summary>Queries the database answers as one JSON text (<c>json_agg</c>): counted and ranked there, read here in one row.</summary>
public static class JsonQueries
{
    /// <summary>
    /// Runs a query whose one row is one JSON text, and reads it as the store reads its documents (rows may hold
    /// documents' own JSON, which the store's serializer reads back as it does any document).
    /// </summary>
    public static async Task<T> QueryJsonAsync<T>(this IQuerySession session, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        var rows = await session.QueryAsync<string>(sql, cancellationToken, parameters);
        using var json = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(rows[0]));
        return session.DocumentStore.Options.Serializer().FromJson<T>(json);
    }
}
