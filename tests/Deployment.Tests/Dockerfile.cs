namespace Intelligence.Deployment.Tests;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
internal sealed record DockerInstruction(int Index, string Keyword, string Arguments)
{
    /// <summary>The words of the arguments, flags such as <c>--chown=app</c> left out.</summary>
    public IReadOnlyList<string> Words =>
        Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(word => !word.StartsWith("--", StringComparison.Ordinal))
            .ToList();

    public bool HasFlag(string flag) =>
        Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(word => word.StartsWith(flag, StringComparison.Ordinal));
}

/// <summary>The instructions of a Dockerfile, read as far as the tests need (shell form of COPY, no heredocs).</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The instructions of the last stage: what the image runs.</summary>
    public IReadOnlyList<DockerInstruction> FinalStage =>
        Instructions.SkipWhile(instruction => instruction.Index < Instructions.Last(IsFrom).Index).ToList();

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var pending = string.Empty;
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            pending = $"{pending} {line}".Trim();
            if (pending.EndsWith('\\'))
            {
                pending = pending[..^1];
                continue;
            }

            var parts = pending.Split(' ', 2, StringSplitOptions.TrimEntries);
            instructions.Add(new DockerInstruction(instructions.Count, parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : string.Empty));
            pending = string.Empty;
        }

        return new Dockerfile(instructions);
    }

    /// <summary>The sources (relative to the build context) of every COPY or ADD from the context, i.e. without <c>--from</c>.</summary>
    public IEnumerable<(DockerInstruction Instruction, string Source)> ContextCopies =>
        Instructions
            .Where(instruction => instruction.Keyword is "COPY" or "ADD" && !instruction.HasFlag("--from"))
            .SelectMany(instruction => instruction.Words.SkipLast(1).Select(source => (instruction, Normalize(source))));

    /// <summary>The first RUN whose command contains the text, or null.</summary>
    public DockerInstruction? FirstRun(string command) =>
        Instructions.FirstOrDefault(instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains(command, StringComparison.Ordinal));

    /// <summary>Whether a file or folder of the context, relative to its root, is copied before the given instruction.</summary>
    public bool CopiesBefore(DockerInstruction instruction, string path) =>
        ContextCopies.Any(copy => copy.Instruction.Index < instruction.Index && Covers(copy.Source, path));

    /// <summary>Whether a file or folder of the context is copied after one instruction and before another.</summary>
    public bool CopiesBetween(DockerInstruction after, DockerInstruction before, string path) =>
        ContextCopies.Any(copy => copy.Instruction.Index > after.Index && copy.Instruction.Index < before.Index && Covers(copy.Source, path));

    private static bool IsFrom(DockerInstruction instruction) => instruction.Keyword == "FROM";

    private static bool Covers(string source, string path) =>
        source.Length == 0 || source == path || path.StartsWith(source + "/", StringComparison.Ordinal);

    private static string Normalize(string source)
    {
        var path = source.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path is "." ? string.Empty : path.TrimEnd('/');
    }
}
