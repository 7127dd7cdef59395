using System.Collections.Concurrent;
using System.Text.Json;

namespace EsmCacheCluster.NodeCache;

/// <summary>Node's module format of a file: .mjs, .mts, .cjs and .cts by extension, .js and .ts by the nearest package.json's "type" (read once per folder).</summary>
internal sealed class NodePackageTypes
{
    private readonly ConcurrentDictionary<string, NodeModuleFormat> _byFolder = new(StringComparer.Ordinal);

    public NodeModuleFormat FormatOf(string fullPath) => Path.GetExtension(fullPath) switch
    {
        ".mjs" or ".mts" => NodeModuleFormat.EsModule,
        ".cjs" or ".cts" => NodeModuleFormat.CommonJs,
        _ => OfFolder(Path.GetDirectoryName(fullPath)!),
    };

    private NodeModuleFormat OfFolder(string folder)
    {
        if (_byFolder.TryGetValue(folder, out var known))
        {
            return known;
        }

        string manifest = Path.Combine(folder, "package.json");
        NodeModuleFormat format;
        if (File.Exists(manifest))
        {
            // As Node: the nearest package.json decides, whatever it says ("type" absent or unknown: no claim).
            format = TypeOf(manifest) switch
            {
                "module" => NodeModuleFormat.EsModule,
                "commonjs" => NodeModuleFormat.CommonJs,
                _ => NodeModuleFormat.Detect,
            };
        }
        else
        {
            format = Path.GetDirectoryName(folder) is { } parent ? OfFolder(parent) : NodeModuleFormat.Detect;
        }

        _byFolder[folder] = format;
        return format;
    }

    private static string? TypeOf(string manifest)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(manifest), new JsonDocumentOptions { MaxDepth = 64 });
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null; // Node fails such a package's loads itself; no claim here
        }
    }
}
