using System.Text.Json;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// The compiler options of one tsconfig.json that decide how its files are resolved and transformed, read through
/// its <c>extends</c> chain as TypeScript reads them: later configs override earlier ones, and path options are
/// relative to the config that sets them. Also which files it covers (<c>files</c>, <c>include</c>,
/// <c>exclude</c>, inherited the same way).
/// </summary>
public sealed class TsConfig
{
    private const long MaxBytes = 4 * 1024 * 1024;
    private const int MaxExtendsDepth = 32;

    public required string FilePath { get; init; }

    /// <summary>
    /// TypeScript's defaults for a TypeScript file no tsconfig.json reaches, with bundler resolution (extensionless
    /// imports, <c>./x.js</c> naming <c>x.ts</c>, index files, JSON) as every bundler resolves such files. Its path is empty.
    /// </summary>
    public static TsConfig Defaults { get; } = new() { FilePath = "", Module = "esnext", ModuleResolutionOption = "bundler", AllowJs = true };

    public string Directory => System.IO.Path.GetDirectoryName(FilePath)!;

    public string? Module { get; private set; }

    public string? Target { get; private set; }

    public string? ModuleResolutionOption { get; private set; }

    public string? BaseUrl { get; private set; }

    public IReadOnlyDictionary<string, string[]>? Paths { get; private set; }

    /// <summary>Where <see cref="Paths"/> entries are relative to when there is no <see cref="BaseUrl"/>: the config that set them.</summary>
    public string? PathsBasePath { get; private set; }

    public IReadOnlyList<string>? CustomConditions { get; private set; }

    public IReadOnlyList<string>? TypeRoots { get; private set; }

    public IReadOnlyList<string>? RootDirs { get; private set; }

    public bool? ResolveJsonModule { get; private set; }

    public bool? ResolvePackageJsonExports { get; private set; }

    public bool? ResolvePackageJsonImports { get; private set; }

    public bool NoDtsResolution { get; private set; }

    public bool AllowJs { get; private set; }

    public bool PreserveSymlinks { get; private set; }

    public string? Jsx { get; private set; }

    public string? JsxImportSource { get; private set; }

    public bool ExperimentalDecorators { get; private set; }

    public bool EmitDecoratorMetadata { get; private set; }

    /// <summary>How this config's TypeScript lowers decorators.</summary>
    public DecoratorMode Decorators => !ExperimentalDecorators ? DecoratorMode.Standard : EmitDecoratorMetadata ? DecoratorMode.LegacyWithMetadata : DecoratorMode.Legacy;

    public IReadOnlyList<string>? Files { get; private set; }

    public IReadOnlyList<string>? Include { get; private set; }

    public IReadOnlyList<string>? Exclude { get; private set; }

    public IReadOnlyList<string> References { get; private set; } = [];

    /// <summary>What was wrong with this config or one it extends (the options read so far still apply), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>TypeScript's computed module kind: <c>module</c>, else ES2015 from an ES2015+ target, else CommonJS.</summary>
    public string EffectiveModule => Module ?? (TargetAtLeastEs2015() ? "es2015" : "commonjs");

    /// <summary>TypeScript's computed <c>moduleResolution</c>.</summary>
    public TsModuleResolution ModuleResolution => ModuleResolutionOption switch
    {
        "node" or "node10" => TsModuleResolution.Node10,
        "node16" => TsModuleResolution.Node16,
        "nodenext" => TsModuleResolution.NodeNext,
        "bundler" => TsModuleResolution.Bundler,
        "classic" => TsModuleResolution.Classic,
        _ => EffectiveModule switch
        {
            "commonjs" => TsModuleResolution.Node10,
            "node16" or "node18" or "node20" => TsModuleResolution.Node16,
            "nodenext" => TsModuleResolution.NodeNext,
            "preserve" => TsModuleResolution.Bundler,
            _ => TsModuleResolution.Classic,
        },
    };

    public bool EffectiveResolveJsonModule => ResolveJsonModule ?? (EffectiveModule is "node20" or "nodenext" || ModuleResolution == TsModuleResolution.Bundler);

    /// <summary>
    /// The transform options of a file under this config: its language, and for JSX files the jsx setting. A
    /// JavaScript file is JSX to TypeScript when the config takes JavaScript (<c>allowJs</c>) and sets <c>jsx</c>;
    /// otherwise it is analysed as written.
    /// </summary>
    public TransformOptions TransformFor(SourceLanguage language)
    {
        if (language == SourceLanguage.Declaration)
        {
            return new TransformOptions(language);
        }

        if (language == SourceLanguage.JavaScript)
        {
            if (!AllowJs || Jsx is null)
            {
                return TransformOptions.None;
            }

            language = SourceLanguage.Jsx;
        }

        // preserve, react-native and no setting leave JSX as written.
        var mode = JsxModeNames.TryParse(Jsx, out var named) ? named : JsxMode.Preserve;
        try
        {
            return new TransformOptions(language, mode, JsxImportSource, Decorators);
        }
        catch (ArgumentException)
        {
            return new TransformOptions(language, mode, decorators: Decorators);
        }
    }

    private bool TargetAtLeastEs2015() => Target is { } t && t is not ("es3" or "es5");

    /// <summary>Reads a config and what it extends; never throws for a bad file (see <see cref="Problem"/>).</summary>
    public static TsConfig Load(string path, ResolverFileSystem fileSystem, Func<string, string, string?> resolvePackageConfig)
    {
        var config = new TsConfig { FilePath = System.IO.Path.GetFullPath(path) };
        config.Apply(config.FilePath, fileSystem, resolvePackageConfig, 0, new HashSet<string>(StringComparer.Ordinal));
        return config;
    }

    private void Apply(string path, ResolverFileSystem fileSystem, Func<string, string, string?> resolvePackageConfig, int depth, HashSet<string> seen)
    {
        if (depth > MaxExtendsDepth || !seen.Add(path))
        {
            Problem ??= $"{path}: extends forms a cycle or a chain deeper than {MaxExtendsDepth}";
            return;
        }

        JsonDocument document;
        try
        {
            if (fileSystem.ReadAllBytes(path, MaxBytes) is not { } bytes)
            {
                Problem ??= $"{path}: larger than {MaxBytes} bytes";
                return;
            }

            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            Problem ??= $"{path}: {e.Message}";
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem ??= $"{path}: not a JSON object";
                return;
            }

            string directory = System.IO.Path.GetDirectoryName(path)!;
            if (root.TryGetProperty("extends", out var extends))
            {
                var bases = extends.ValueKind switch
                {
                    JsonValueKind.String => [extends.GetString()!],
                    JsonValueKind.Array => extends.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
                    _ => Array.Empty<string>(),
                };
                foreach (var name in bases)
                {
                    if (ResolveExtends(name, directory, fileSystem, resolvePackageConfig) is { } basePath)
                    {
                        Apply(basePath, fileSystem, resolvePackageConfig, depth + 1, seen);
                    }
                    else
                    {
                        Problem ??= $"{path}: cannot find the config it extends, '{name}'";
                    }
                }
            }

            if (root.TryGetProperty("compilerOptions", out var options) && options.ValueKind == JsonValueKind.Object)
            {
                ApplyOptions(options, directory);
            }

            if (Strings(root, "files") is { } files)
            {
                Files = files.Select(f => System.IO.Path.GetFullPath(f, directory)).ToArray();
            }

            if (Strings(root, "include") is { } include)
            {
                Include = include.Select(f => Absolute(f, directory)).ToArray();
            }

            if (Strings(root, "exclude") is { } exclude)
            {
                Exclude = exclude.Select(f => Absolute(f, directory)).ToArray();
            }

            if (depth == 0 && root.TryGetProperty("references", out var references) && references.ValueKind == JsonValueKind.Array)
            {
                var list = new List<string>();
                foreach (var reference in references.EnumerateArray())
                {
                    if (reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String)
                    {
                        string target = System.IO.Path.GetFullPath(p.GetString()!, directory);
                        list.Add(target.EndsWith(".json", StringComparison.Ordinal) ? target : System.IO.Path.Combine(target, "tsconfig.json"));
                    }
                }

                References = list;
            }
        }
    }

    private static string Absolute(string pattern, string directory) => System.IO.Path.GetFullPath(pattern, directory).TrimEnd('/');

    private static string? ResolveExtends(string name, string directory, ResolverFileSystem fileSystem, Func<string, string, string?> resolvePackageConfig)
    {
        if (name.StartsWith("./", StringComparison.Ordinal) || name.StartsWith("../", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(name))
        {
            string path = System.IO.Path.GetFullPath(name, directory);
            if (!fileSystem.IsFile(path) && !path.EndsWith(".json", StringComparison.Ordinal))
            {
                path += ".json";
            }

            return fileSystem.IsFile(path) ? path : null;
        }

        return resolvePackageConfig(name, directory);
    }

    private void ApplyOptions(JsonElement options, string directory)
    {
        foreach (var property in options.EnumerateObject())
        {
            var value = property.Value;
            string? text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            bool? flag = value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
            switch (property.Name)
            {
                case "module": Module = text?.ToLowerInvariant(); break;
                case "target": Target = text?.ToLowerInvariant(); break;
                case "moduleResolution": ModuleResolutionOption = text?.ToLowerInvariant(); break;
                case "baseUrl": BaseUrl = text is null ? null : System.IO.Path.GetFullPath(text, directory); break;
                case "paths" when value.ValueKind == JsonValueKind.Object:
                    var paths = new Dictionary<string, string[]>(StringComparer.Ordinal);
                    foreach (var entry in value.EnumerateObject())
                    {
                        if (entry.Value.ValueKind == JsonValueKind.Array)
                        {
                            paths[entry.Name] = entry.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray();
                        }
                    }

                    Paths = paths;
                    PathsBasePath = directory;
                    break;
                case "customConditions": CustomConditions = StringArray(value); break;
                case "typeRoots": TypeRoots = StringArray(value)?.Select(t => System.IO.Path.GetFullPath(t, directory)).ToArray(); break;
                case "rootDirs": RootDirs = StringArray(value)?.Select(t => System.IO.Path.GetFullPath(t, directory)).ToArray(); break;
                case "resolveJsonModule": ResolveJsonModule = flag; break;
                case "resolvePackageJsonExports": ResolvePackageJsonExports = flag; break;
                case "resolvePackageJsonImports": ResolvePackageJsonImports = flag; break;
                case "noDtsResolution": NoDtsResolution = flag ?? false; break;
                case "allowJs": AllowJs = flag ?? false; break;
                case "preserveSymlinks": PreserveSymlinks = flag ?? false; break;
                case "jsx": Jsx = text?.ToLowerInvariant(); break;
                case "jsxImportSource": JsxImportSource = text; break;
                case "experimentalDecorators": ExperimentalDecorators = flag ?? false; break;
                case "emitDecoratorMetadata": EmitDecoratorMetadata = flag ?? false; break;
            }
        }
    }

    private static string[]? StringArray(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray() : null;

    private static string[]? Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? StringArray(value) : null;

    /// <summary>
    /// Whether TypeScript would take <paramref name="file"/> into this project: JavaScript only with <c>allowJs</c>;
    /// listed in <c>files</c>, or matched by <c>include</c> (default: everything under the config's folder) and not
    /// by <c>exclude</c> (default: node_modules, bower_components, jspm_packages).
    /// </summary>
    public bool Covers(string file)
    {
        // JavaScript is part of a TypeScript project only with allowJs.
        if (!AllowJs && (file.EndsWith(".js", StringComparison.Ordinal) || file.EndsWith(".jsx", StringComparison.Ordinal)
                         || file.EndsWith(".mjs", StringComparison.Ordinal) || file.EndsWith(".cjs", StringComparison.Ordinal)))
        {
            return false;
        }

        if (Files is { } files && files.Contains(file, StringComparer.Ordinal))
        {
            return true;
        }

        var include = Include ?? (Files is null ? [Directory + "/**/*"] : []);
        if (!include.Any(pattern => Glob.Matches(pattern, file)))
        {
            return false;
        }

        if (Exclude is { } exclude)
        {
            return !exclude.Any(pattern => Glob.Matches(pattern, file));
        }

        string relative = System.IO.Path.GetRelativePath(Directory, file);
        return !relative.Split('/').Any(part => part is "node_modules" or "bower_components" or "jspm_packages");
    }

    /// <summary>tsconfig's wildcards: <c>*</c> and <c>?</c> within a path segment, <c>**/</c> for any folders; a pattern without a file part matches everything under it.</summary>
    private static class Glob
    {
        public static bool Matches(string pattern, string path)
        {
            var parts = pattern.Split('/');
            var segments = path.Split('/');
            bool hasWildcardFile = parts[^1].Contains('*') || parts[^1].Contains('?') || parts[^1].Contains('.');
            if (!hasWildcardFile)
            {
                parts = [.. parts, "**", "*"];
            }

            return Match(parts, 0, segments, 0);
        }

        private static bool Match(string[] pattern, int p, string[] path, int s)
        {
            while (p < pattern.Length)
            {
                if (pattern[p] == "**")
                {
                    for (int skip = s; skip <= path.Length; skip++)
                    {
                        if (skip > s && path[skip - 1].StartsWith('.'))
                        {
                            break; // ** does not enter dot folders
                        }

                        if (Match(pattern, p + 1, path, skip))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                if (s >= path.Length || !Segment(pattern[p], path[s]))
                {
                    return false;
                }

                p++;
                s++;
            }

            return s == path.Length;
        }

        private static bool Segment(string pattern, string name)
        {
            if (!pattern.Contains('*') && !pattern.Contains('?'))
            {
                return string.Equals(pattern, name, StringComparison.Ordinal);
            }

            return System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false);
        }
    }
}
