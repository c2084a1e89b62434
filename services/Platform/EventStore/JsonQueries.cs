using Marten;
using Npgsql;

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
        return Read<T>(session, rows[0]);
    }

    /// <summary>The same for a command built elsewhere (a query Marten wrote, wrapped in an aggregate).</summary>
    public static async Task<T> QueryJsonAsync<T>(this IQuerySession session, NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await session.ExecuteReaderAsync(command, cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read<T>(session, reader.GetString(0));
    }

    private static T Read<T>(IQuerySession session, string text)
    {
        using var json = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return session.DocumentStore.Options.Serializer().FromJson<T>(json);
    }
}
