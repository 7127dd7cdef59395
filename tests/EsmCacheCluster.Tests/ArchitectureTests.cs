using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EsmCacheCluster.Tests;

/// <summary>
/// The project graph as the project files have it: dependencies point one way (from the hosts down to the
/// format), docs/architecture.md draws exactly these arrows, and the thin client carries neither Acornima nor V8.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>Layers, lowest first: a project may reference only projects of lower layers.</summary>
    private static readonly string[][] Layers =
    [
        ["Format"],
        ["Analysis", "Bytecode", "Grains.Interfaces", "Records", "NodeCache"],
        ["Transform", "Client"],
        ["Generation"],
        ["Graph", "Grains"],
        ["Runtime", "Hosting"],
        ["Silo", "Cli"],
    ];

    private static readonly Dictionary<string, string[]> References = ReadReferences();

    [Fact]
    public void Every_project_is_in_a_layer_and_references_only_lower_layers()
    {
        var layerOf = new Dictionary<string, int>();
        for (int i = 0; i < Layers.Length; i++)
        {
            foreach (var project in Layers[i])
            {
                layerOf[project] = i;
            }
        }

        Assert.Equal(layerOf.Keys.Order(), References.Keys.Order());
        foreach (var (project, targets) in References)
        {
            foreach (var target in targets)
            {
                Assert.True(layerOf[target] < layerOf[project], $"{project} -> {target} points back (layer {layerOf[project]} -> {layerOf[target]})");
            }
        }
    }

    [Fact]
    public void The_architecture_document_draws_the_graph_as_it_is()
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "architecture.md"));
        var drawn = Arrow().Matches(doc).Select(m => $"{m.Groups[1].Value} -> {m.Groups[2].Value}").Order().ToList();
        var actual = References.SelectMany(p => p.Value.Select(t => $"{p.Key.Replace(".", "")} -> {t.Replace(".", "")}")).Order().ToList();
        Assert.Equal(actual, drawn);
    }

    [Theory]
    [InlineData("Client")]
    [InlineData("Analysis")]
    [InlineData("Graph")]
    [InlineData("Grains.Interfaces")]
    [InlineData("NodeCache")]
    public void Portable_projects_reach_no_V8(string project)
    {
        Assert.DoesNotContain(Reachable(project), p => p is "Bytecode" or "Generation" or "Runtime" or "Transform");
        Assert.DoesNotContain(Reachable(project).SelectMany(Packages), p => p.StartsWith("Microsoft.ClearScript", StringComparison.Ordinal));
    }

    [Fact]
    public void The_thin_client_reaches_neither_the_analyser_nor_V8()
    {
        var reachable = Reachable("Client");
        Assert.Equal(["Client", "Format", "Grains.Interfaces", "Records"], reachable.Order());
        Assert.DoesNotContain(reachable.SelectMany(Packages), p => p is "Acornima" || p.StartsWith("Microsoft.ClearScript", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Graph")]
    [InlineData("Runtime")]
    [InlineData("Records")]
    public void The_graph_and_the_runtime_reach_no_Orleans(string project)
    {
        var reachable = Reachable(project);
        Assert.DoesNotContain(reachable, p => p is "Client" or "Grains" or "Grains.Interfaces" or "Hosting" or "Silo");
        Assert.DoesNotContain(reachable.SelectMany(Packages), p => p.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("esmcache.deps.json")]
    [InlineData("../../../../Silo/bin/{0}/net10.0/EsmCacheCluster.Silo.deps.json")]
    public void The_programs_ship_no_compiler(string depsFile)
    {
        // Orleans' packages declare Roslyn as a dependency; Directory.Build.targets keeps its assemblies out of the programs.
        string path = Path.GetFullPath(Path.Combine(RepoPaths.CliFolder, string.Format(System.Globalization.CultureInfo.InvariantCulture, depsFile, RepoPaths.Configuration)));
        using var deps = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                bool compiler = library.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || library.Name.StartsWith("Humanizer", StringComparison.Ordinal);
                Assert.False(compiler && library.Value.TryGetProperty("runtime", out _), $"{path} ships {library.Name}");
            }
        }
    }

    [Fact]
    public void The_commands_change_nothing_of_the_process()
    {
        // The daemon runs requests side by side, each in its CommandContext: a command that set the current folder,
        // the environment or the console (or read a variable past its context) would reach another client's request.
        string[] forbidden =
        [
            "System.Console.SetOut", "System.Console.SetError", "System.Console.SetIn",
            "System.Environment.set_CurrentDirectory", "System.Environment.SetEnvironmentVariable", "System.Environment.GetEnvironmentVariable",
            "System.IO.Directory.SetCurrentDirectory", "System.IO.Directory.GetCurrentDirectory",
        ];
        using var file = File.OpenRead(RepoPaths.Cli);
        using var pe = new System.Reflection.PortableExecutable.PEReader(file);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var used = new List<string>();
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind == System.Reflection.Metadata.HandleKind.TypeReference)
            {
                var type = metadata.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)member.Parent);
                used.Add($"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}.{metadata.GetString(member.Name)}");
            }
        }

        Assert.Contains("System.Environment.GetEnvironmentVariables", used); // the scan sees the references
        Assert.Empty(used.Intersect(forbidden));
    }

    private static HashSet<string> Reachable(string project)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([project]);
        while (stack.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var target in References[next])
                {
                    stack.Push(target);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<string> Packages(string project) =>
        XDocument.Load(ProjectFile(project)).Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!);

    private static string ProjectFile(string project) =>
        Path.Combine(RepoPaths.Root, "src", project, $"EsmCacheCluster.{project}.csproj");

    private static Dictionary<string, string[]> ReadReferences()
    {
        var projects = new Dictionary<string, string[]>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(Path.GetDirectoryName(file))!;
            projects[name] = XDocument.Load(file).Descendants("ProjectReference")
                .Select(e => Path.GetFileName(Path.GetDirectoryName(((string)e.Attribute("Include")!).Replace('\\', '/')))!)
                .ToArray();
        }

        return projects;
    }

    // An arrow of the mermaid graph in docs/architecture.md: "  Cli --> Client".
    [GeneratedRegex(@"^\s+([A-Za-z]+) --> ([A-Za-z]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Arrow();
}
