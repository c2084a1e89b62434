namespace Intelligence.Deployment.Tests;

/// <summary>The repository the tests run in, found by walking up to the folder that holds the solution.</summary>
internal static class Repository
{
    private const string SolutionFile = "Intelligence.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<IReadOnlyList<WebProject>> LazyWebProjects = new(() => WebProject.FindAll(Root));
    private static readonly Lazy<ComposeFile> LazyCompose = new(() => ComposeFile.Load(PathOf(ComposeFile.FileName)));

    public static string Root => LazyRoot.Value;

    /// <summary>Every web project (Sdk Microsoft.NET.Sdk.Web) under services/ and gateway/.</summary>
    public static IReadOnlyList<WebProject> WebProjects => LazyWebProjects.Value;

    public static ComposeFile Compose => LazyCompose.Value;

    /// <summary>The absolute path of a path relative to the repository root (either slash).</summary>
    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(Root, relativePath.Replace('\\', '/').TrimStart('/')));

    /// <summary>The path relative to the repository root, with forward slashes.</summary>
    public static string RelativePathOf(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    public static WebProject WebProjectAt(string relativePath) =>
        WebProjects.SingleOrDefault(project => project.RelativePath == relativePath)
        ?? throw new InvalidOperationException($"No web project at {relativePath}.");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
