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

    /// <summary>
    /// The files a package.json's "bin" names (a path, or an object of command names to paths) that have no extension,
    /// exist, and lie inside the package's folder; the others are listed by their extension, or are not JavaScript.
    /// </summary>
    public static IEnumerable<string> ExtensionlessBins(string manifest)
    {
        string folder = Path.GetDirectoryName(manifest)!;
        var targets = new List<string>();
        try
        {
            var info = new FileInfo(manifest);
            if (info.Length > MaxManifestBytes)
            {
                return targets;
            }

            using var json = JsonDocument.Parse(File.ReadAllBytes(manifest), new JsonDocumentOptions { MaxDepth = 64 });
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("bin", out var bin))
            {
                return targets;
            }

            foreach (var target in bin.ValueKind == JsonValueKind.Object ? bin.EnumerateObject().Select(p => p.Value) : [bin])
            {
                if (target.ValueKind != JsonValueKind.String || target.GetString() is not { Length: > 0 } relative)
                {
                    continue;
                }

                string path = Path.GetFullPath(relative, folder);
                if (Path.GetExtension(path).Length == 0 && path.StartsWith(folder + "/", StringComparison.Ordinal) && File.Exists(path)
                    && (new FileInfo(path).Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    targets.Add(path);
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // Node fails such a package's loads itself; nothing to warm
        }

        return targets;
    }

    /// <summary>A package.json larger than this names no scripts here (the largest real ones are a few hundred KB).</summary>
    private const long MaxManifestBytes = 4 * 1024 * 1024;

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
