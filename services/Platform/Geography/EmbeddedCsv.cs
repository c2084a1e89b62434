using Intelligence.Platform.Import;

namespace Intelligence.Platform.Geography;

/// <summary>Reads the small reference tables embedded in this assembly, each row's fields in column order.</summary>
internal static class EmbeddedCsv
{
    public static IEnumerable<IReadOnlyList<string>> Read(string name) =>
        CsvRecords.ReadEmbedded(typeof(EmbeddedCsv).Assembly, name, []).Select(record => record.Fields);
}
