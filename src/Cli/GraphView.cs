using System.Text;
using System.Text.Json;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Cli;

/// <summary>How the graph commands print their answers: text (paths relative to the root), JSON, or Graphviz dot.</summary>
internal static class GraphView
{
    /// <summary>Modules as text (one relative path per line), a JSON array of paths, or the dot subgraph they span.</summary>
    public static void WriteModules(CommandContext context, ModuleGraph graph, List<int> modules, string format)
    {
        switch (format)
        {
            case "json":
                using (var json = new Utf8JsonWriter(context.OpenStandardOutput(), RecordJsonWriter.Options))
                {
                    json.WriteStartArray();
                    foreach (int m in modules)
                    {
                        RecordJsonWriter.WriteString(json, null, graph.Modules[m].File.RelativePath);
                    }

                    json.WriteEndArray();
                }

                context.Out.WriteLine();
                break;
            case "dot":
                context.Out.Write(Dot(graph, modules));
                break;
            default:
                foreach (int m in modules)
                {
                    context.Out.WriteLine(graph.Modules[m].File.RelativePath);
                }

                break;
        }
    }

    /// <summary>The subgraph of <paramref name="modules"/> in Graphviz dot: nodes by relative path, edges between them.</summary>
    public static string Dot(ModuleGraph graph, IReadOnlyCollection<int> modules)
    {
        var included = new HashSet<int>(modules);
        var dot = new StringBuilder("digraph modules {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n");
        foreach (int m in included.Order())
        {
            dot.Append("  ").Append(QuotedString.Quote(graph.Modules[m].File.RelativePath)).Append(";\n");
        }

        foreach (int m in included.Order())
        {
            foreach (int target in graph.Targets(m).Distinct())
            {
                if (included.Contains(target))
                {
                    dot.Append("  ").Append(QuotedString.Quote(graph.Modules[m].File.RelativePath))
                        .Append(" -> ").Append(QuotedString.Quote(graph.Modules[target].File.RelativePath)).Append(";\n");
                }
            }
        }

        return dot.Append("}\n").ToString();
    }

    /// <summary>Cycles as text (one per line, joined by &lt;-&gt;), a JSON array of arrays of paths, or the dot subgraph they span.</summary>
    public static void WriteCycles(CommandContext context, ModuleGraph graph, List<int[]> cycles, string format)
    {
        if (format == "json")
        {
            using var json = new Utf8JsonWriter(context.OpenStandardOutput(), RecordJsonWriter.Options);
            json.WriteStartArray();
            foreach (var cycle in cycles)
            {
                json.WriteStartArray();
                foreach (int m in cycle)
                {
                    RecordJsonWriter.WriteString(json, null, graph.Modules[m].File.RelativePath);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }
        else if (format == "dot")
        {
            context.Out.Write(Dot(graph, cycles.SelectMany(c => c).ToList()));
        }
        else
        {
            foreach (var cycle in cycles)
            {
                context.Out.WriteLine(string.Join(" <-> ", cycle.Select(m => graph.Modules[m].File.RelativePath)));
            }
        }
    }
}
