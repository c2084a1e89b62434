namespace Intelligence.Benchmarks.Harness;

/// <summary>The repository the benchmark runs from: the folder holding Intelligence.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(folder.FullName, "Intelligence.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("Intelligence.sln not found above the current folder or the benchmark's binaries.");
    }
}
