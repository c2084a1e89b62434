using System.Reflection;
using System.Text.Json;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// The gateway takes the web half of the platform (Platform.Web) and the contracts, never the event store or the bus:
/// no Marten, MassTransit or Npgsql (nor Weasel and JasperFx, which come with Marten) reaches it, and not Platform,
/// which brings them.
/// </summary>
public sealed class GatewayDependencyTests
{
    /// <summary>The packages, by the first part of their names (Marten.*, MassTransit.RabbitMQ...).</summary>
    private static readonly string[] StoreAndBus = ["Marten", "MassTransit", "Npgsql", "Weasel", "JasperFx"];

    /// <summary>The project that brings them (the manifest may also list it as <c>Intelligence.Platform.Reference</c>).</summary>
    private const string Platform = "Intelligence.Platform";

    [Fact]
    public void The_gateways_deps_json_names_no_store_or_bus_library()
    {
        // The gateway's own dependency manifest, copied beside the tests with its assembly: every library it loads.
        var depsFile = Path.Combine(AppContext.BaseDirectory, "Intelligence.Gateway.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(library => library.Name.Split('/')[0])
            .ToList();

        Assert.Contains("Intelligence.Platform.Web", libraries);
        Assert.Contains("Intelligence.Contracts", libraries);
        Assert.DoesNotContain(libraries, IsStoreOrBus);
    }

    [Fact]
    public void No_assembly_the_gateway_references_directly_or_not_is_a_store_or_bus_one()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(Program).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                // The framework's assemblies reference nothing of the application's.
                if (reference.Name is not { } name || IsFramework(name) || !seen.Add(name))
                {
                    continue;
                }

                pending.Push(Assembly.Load(reference));
            }
        }

        Assert.Contains("Intelligence.Platform.Web", seen);
        Assert.DoesNotContain(seen, IsStoreOrBus);
    }

    private static bool IsStoreOrBus(string name) =>
        name is Platform or $"{Platform}.Reference"
        || StoreAndBus.Any(prefix => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal));

    private static bool IsFramework(string name) =>
        name is "mscorlib" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System"
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);
}
