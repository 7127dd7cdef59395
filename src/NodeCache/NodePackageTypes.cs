using System.Collections.Concurrent;
using System.Text.Json;

namespace EsmCacheCluster.NodeCache;

/// <summary>Node's module format of a file: .mjs, .mts, .cjs and .cts by extension, .js and .ts by the nearest package.json's "type" (read once per folder).</summary>
internal sealed class NodePackageTypes
{
    /// <summary>A package.json larger than this claims nothing here (the largest real ones are a few hundred KB).</summary>
    private const long MaxManifestBytes = 4 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, NodeModuleFormat> _byFolder = new(StringComparer.Ordinal);

    // Each package.json is read once, for its "type" (formats) and its "bin" (the listing), whichever asks first.
    private readonly ConcurrentDictionary<string, Manifest> _manifests = new(StringComparer.Ordinal);

    public NodeModuleFormat FormatOf(string fullPath) => Path.GetExtension(fullPath) switch
    {
        ".mjs" or ".mts" => NodeModuleFormat.EsModule,
        ".cjs" or ".cts" => NodeModuleFormat.CommonJs,
        _ => OfFolder(Path.GetDirectoryName(fullPath)!),
    };

    /// <summary>
    /// The files a package.json's "bin" names (a path, or an object of command names to paths) that have no extension,
    /// exist, and lie inside the package's folder; the others are listed by their extension, or are not JavaScript.
    /// </summary>
    public IReadOnlyList<string> ExtensionlessBins(string manifest) => Read(manifest).Bins;

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
            format = Read(manifest).Type switch
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

    private Manifest Read(string manifest) => _manifests.GetOrAdd(manifest, Parse);

    private static Manifest Parse(string manifest)
    {
        string folder = Path.GetDirectoryName(manifest)!;
        try
        {
            if (new FileInfo(manifest).Length > MaxManifestBytes)
            {
                return Manifest.None;
            }

            using var json = JsonDocument.Parse(File.ReadAllBytes(manifest), new JsonDocumentOptions { MaxDepth = 64 });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Manifest.None;
            }

            string? type = json.RootElement.TryGetProperty("type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String ? typeValue.GetString() : null;
            var bins = new List<string>();
            if (json.RootElement.TryGetProperty("bin", out var bin))
            {
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
                        bins.Add(path);
                    }
                }
            }

            return new Manifest(type, bins);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return Manifest.None; // Node fails such a package's loads itself; no claim here, nothing to warm
        }
    }

    private sealed record Manifest(string? Type, IReadOnlyList<string> Bins)
    {
        public static readonly Manifest None = new(null, []);
    }
}
