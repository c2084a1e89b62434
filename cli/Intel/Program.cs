namespace Intelligence.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => IntelApp.RunAsync(args);
}
