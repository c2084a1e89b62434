using Weasel.Postgresql.Tables;

namespace Intelligence.Platform.EventStore;

/// <summary>How the read models' GIN indexes are declared.</summary>
public static class GinIndexes
{
    /// <summary>
    /// Makes <paramref name="index"/> a GIN index that takes new entries straight in. By default GIN keeps them in a
    /// pending list until a vacuum, and every read through the index reads the whole list: after 10,000 models were
    /// imported, the catalog's name search scanned the table instead, 10.9 ms a search against 0.17 once vacuumed
    /// (<c>EXPLAIN ANALYZE</c>; BENCHMARKS.md). The read models are read far more often than written, so the writes
    /// take the cost. A store made before gets the setting at its next start.
    /// </summary>
    public static void TakingEntriesAtOnce(IndexDefinition index)
    {
        index.Method = IndexMethod.gin;
        index.StorageParameters["fastupdate"] = "off";
    }
}
