using EsmCacheCluster.Format;
using System.Text.Json;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Cli;

/// <summary>The scan's JSON document: root, every module with its record and resolved imports, and the summary.</summary>
internal static class ScanJsonWriter
{
    public static void Write(Stream output, ScanResult scan)
    {
        using var json = new Utf8JsonWriter(output, RecordJsonWriter.Options);
        var graph = scan.Graph;
        json.WriteStartObject();
        RecordJsonWriter.WriteString(json, "root", graph.Root);
        json.WriteStartArray("modules");
        foreach (var module in graph.Modules)
        {
            json.WriteStartObject();
            RecordJsonWriter.WriteString(json, "file", module.File.RelativePath);
            json.WriteString("sha256", module.File.Hash.ToString());
            json.WritePropertyName("record");
            RecordJsonWriter.Write(json, module.Record, file: null);
            json.WriteStartArray("imports");
            foreach (var edge in module.Imports)
            {
                json.WriteStartObject();
                RecordJsonWriter.WriteString(json, "specifier", edge.Specifier);
                json.WriteString("kind", ImportKinds.Name(edge.Kind));
                json.WriteStartArray("attributes");
                foreach (var attribute in edge.Attributes)
                {
                    json.WriteStartObject();
                    RecordJsonWriter.WriteString(json, "key", attribute.Key);
                    RecordJsonWriter.WriteString(json, "value", attribute.Value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                RecordJsonWriter.WriteString(json, "resolved", edge.Resolution.Path is { } path ? RelativeTo(graph.Root, path) : null);
                json.WriteBoolean("builtin", edge.Resolution.Builtin is not null);
                json.WriteBoolean("declaration", edge.Resolution.IsDeclaration);
                RecordJsonWriter.WriteString(json, "error", edge.Resolution.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("nonLiteral", ModuleReferences.NonLiteral(module.Record));
            json.WriteEndObject();
            if (json.BytesPending > 64 * 1024)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("commonjs");
        foreach (var file in scan.CommonJs)
        {
            RecordJsonWriter.WriteString(json, null, file);
        }

        json.WriteEndArray();
        json.WriteStartObject("summary");
        json.WriteNumber("files", graph.Modules.Count);
        json.WriteNumber("bytes", scan.Bytes);
        json.WriteNumber("distinct", scan.Distinct);
        json.WriteNumber("hits", scan.Hits);
        json.WriteNumber("misses", scan.Misses);
        json.WriteNumber("generated", scan.Generated);
        json.WriteNumber("hashed", scan.Hashed);
        json.WriteNumber("analysed", scan.Analysed);
        json.WriteNumber("resolved", scan.Resolved);
        json.WriteBoolean("watched", scan.Watched);
        json.WriteNumber("syntaxErrors", scan.SyntaxErrors);
        json.WriteNumber("unresolved", scan.Unresolved);
        json.WriteNumber("commonjs", scan.CommonJs.Count);
        json.WriteNumber("nonLiteral", scan.NonLiteral);
        json.WriteNumber("cycles", graph.Following(ImportKinds.Runtime).Cycles().Count);
        json.WriteNumber("ms", (long)scan.Timings.Total.TotalMilliseconds);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static string RelativeTo(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
