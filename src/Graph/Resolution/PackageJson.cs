using System.Text.Json;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>The fields of a package.json that resolution reads; a malformed file reads as having none of them.</summary>
internal sealed class PackageJson
{
    public string? Name { get; private init; }

    public string? Main { get; private init; }

    public string? Module { get; private init; }

    /// <summary>"module" or "commonjs": the format of .js (and, for TypeScript, .ts) files in the package.</summary>
    public string? Type { get; private init; }

    /// <summary>TypeScript's declaration entry: "typings", else "types".</summary>
    public string? Types { get; private init; }

    /// <summary>A package's tsconfig entry, for <c>extends</c> naming the package.</summary>
    public string? TsConfig { get; private init; }

    public JsonElement? Exports { get; private init; }

    public JsonElement? Imports { get; private init; }

    // Package manifests are small; a huge one is not a manifest we should parse.
    private const long MaxBytes = 8 * 1024 * 1024;

    public static PackageJson Read(string path, ResolverFileSystem fileSystem)
    {
        try
        {
            if (fileSystem.ReadAllBytes(path, MaxBytes) is not { } bytes)
            {
                return new PackageJson();
            }

            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new PackageJson();
            }

            return new PackageJson
            {
                Name = String(root, "name"),
                Main = String(root, "main"),
                Module = String(root, "module"),
                Type = String(root, "type"),
                Types = String(root, "typings") ?? String(root, "types"),
                TsConfig = String(root, "tsconfig"),
                Exports = root.TryGetProperty("exports", out var exports) && exports.ValueKind != JsonValueKind.Null ? exports.Clone() : null,
                Imports = root.TryGetProperty("imports", out var imports) && imports.ValueKind != JsonValueKind.Null ? imports.Clone() : null,
            };
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new PackageJson();
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
