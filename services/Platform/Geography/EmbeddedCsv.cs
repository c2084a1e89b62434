namespace Intelligence.Platform.Geography;

/// <summary>Reads the small reference tables embedded in this assembly (simple CSV: the last field may be quoted).</summary>
internal static class EmbeddedCsv
{
    public static IEnumerable<string[]> Read(string name)
    {
        using var stream = typeof(EmbeddedCsv).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the platform assembly.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                rows.Add(Import.CsvRecords.Split(line).Fields.ToArray());
            }
        }

        return rows;
    }
}
