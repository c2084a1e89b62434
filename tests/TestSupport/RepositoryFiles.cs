namespace Intelligence.TestSupport;

/// <summary>Files of the repository the tests run from, found by walking up to the folder that holds Intelligence.sln.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Intelligence.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Intelligence.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => LazyRoot.Value;

    /// <summary>The full path of <paramref name="relativePath"/> (with '/' separators) under the repository root.</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);
}
