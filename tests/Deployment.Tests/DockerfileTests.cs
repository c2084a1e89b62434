namespace Intelligence.Deployment.Tests;

/// <summary>The Dockerfile of every web project builds it from the repository root, layer-cached, and runs it unprivileged.</summary>
public sealed class DockerfileTests
{
    /// <summary>Files of the repository root that the build reads, when they exist.</summary>
    private static readonly string[] RootBuildFiles =
        ["global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "NuGet.config", "nuget.config"];

    /// <summary>The folders of the repository that hold projects.</summary>
    private static readonly string[] ProjectFolders = ["services/", "gateway/", "cli/", "tests/", "bench/"];

    /// <summary>How a Dockerfile names the non-root user of the .NET images.</summary>
    private static readonly string[] NonRootUser = ["app", "$APP_UID", "${APP_UID}"];

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_dockerfile_copies_the_root_build_files_before_restoring(string project)
    {
        var dockerfile = DockerfileOf(project);
        var restore = Restore(dockerfile);

        Assert.All(
            RootBuildFiles.Where(file => File.Exists(Repository.PathOf(file))),
            file => Assert.True(dockerfile.CopiesBefore(restore, file), $"{file} is not copied before the restore."));
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_dockerfile_copies_the_csproj_of_the_project_and_of_every_project_it_references_before_restoring(string project)
    {
        var dockerfile = DockerfileOf(project);
        var restore = Restore(dockerfile);

        Assert.All(
            ProjectAndReferences(project),
            csproj => Assert.True(dockerfile.CopiesBefore(restore, csproj), $"{csproj} is not copied before the restore."));
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_dockerfile_copies_the_folder_of_the_project_and_of_every_project_it_references_after_restoring(string project)
    {
        var dockerfile = DockerfileOf(project);
        var restore = Restore(dockerfile);
        var publish = Publish(dockerfile);

        Assert.All(
            ProjectAndReferences(project).Select(csproj => Path.GetDirectoryName(csproj)!.Replace('\\', '/')),
            folder => Assert.True(
                dockerfile.CopiesBetween(restore, publish, folder),
                $"{folder}/ is not copied between the restore and the publish (for the layer cache, sources come after the restore)."));
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_dockerfile_copies_no_project_that_the_project_does_not_reference(string project)
    {
        // The gateway's image, for one, holds Platform.Web and Contracts but not Platform (the event store and the bus).
        var dockerfile = DockerfileOf(project);
        var folders = ProjectAndReferences(project).Select(csproj => Path.GetDirectoryName(csproj)!.Replace('\\', '/')).ToList();

        Assert.All(
            dockerfile.ContextCopies.Select(copy => copy.Source).Where(source => ProjectFolders.Any(root => source.StartsWith(root, StringComparison.Ordinal))),
            source => Assert.True(
                folders.Any(folder => source == folder || source.StartsWith(folder + "/", StringComparison.Ordinal)),
                $"{source} is copied, but {project} does not reference its project."));
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_dockerfile_restores_the_project_then_publishes_it_in_release_to_app_without_restoring_again(string project)
    {
        var dockerfile = DockerfileOf(project);
        var restore = Restore(dockerfile);
        var publish = Publish(dockerfile);

        Assert.Contains(project, restore.Arguments, StringComparison.Ordinal);
        Assert.True(publish.Index > restore.Index, "The publish comes before the restore.");
        Assert.Contains(project, publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-o /app", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--no-restore", publish.Arguments, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_dockerfile_builds_on_the_sdk_image_and_runs_the_assembly_on_the_aspnet_image_as_a_non_root_user(string project)
    {
        var dockerfile = DockerfileOf(project);
        var finalStage = dockerfile.FinalStage;
        var assembly = $"Intelligence.{Path.GetFileNameWithoutExtension(project)}.dll";

        Assert.Contains(dockerfile.Instructions, instruction =>
            instruction.Keyword == "FROM" && instruction.Arguments.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", StringComparison.Ordinal));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", finalStage[0].Arguments, StringComparison.Ordinal);
        Assert.Contains(finalStage, instruction => instruction.Keyword == "COPY" && instruction.Arguments.Contains("--from=build /app", StringComparison.Ordinal));
        Assert.Contains(finalStage.Single(instruction => instruction.Keyword == "USER").Arguments, NonRootUser);
        Assert.Contains(assembly, finalStage.Single(instruction => instruction.Keyword == "ENTRYPOINT").Arguments, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_image_listens_on_all_interfaces_at_the_port_of_Urls_in_appsettings(string project)
    {
        var finalStage = DockerfileOf(project).FinalStage;
        var port = Repository.WebProjectAt(project).UrlsPort;

        Assert.Contains(finalStage, instruction => instruction.Keyword == "EXPOSE" && instruction.Words.Contains($"{port}"));
        Assert.Contains(finalStage, instruction => instruction.Keyword == "ENV" && instruction.Arguments == $"Urls=http://0.0.0.0:{port}");
    }

    [Fact]
    public void The_dockerignore_keeps_build_output_and_local_state_out_of_the_context()
    {
        // .dockerignore patterns are anchored at the context root: nested folders need **/.
        var patterns = File.ReadLines(Repository.PathOf(".dockerignore"))
            .Select(line => line.Trim().TrimEnd('/'))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

        Assert.All(
            ["**/bin", "**/obj", "**/TestResults", "**/node_modules", ".local", ".git"],
            expected => Assert.Contains(expected, patterns));
    }

    private static Dockerfile DockerfileOf(string project) =>
        Dockerfile.Load(Repository.PathOf(Deployed.DockerfilePathOf(Repository.WebProjectAt(project))));

    private static IEnumerable<string> ProjectAndReferences(string project) =>
        Repository.WebProjectAt(project).ReferencedProjects.Prepend(project);

    private static DockerInstruction Restore(Dockerfile dockerfile) =>
        dockerfile.FirstRun("dotnet restore") ?? throw new Xunit.Sdk.XunitException("The Dockerfile runs no dotnet restore.");

    private static DockerInstruction Publish(Dockerfile dockerfile) =>
        dockerfile.FirstRun("dotnet publish") ?? throw new Xunit.Sdk.XunitException("The Dockerfile runs no dotnet publish.");
}
