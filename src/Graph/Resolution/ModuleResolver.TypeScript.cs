using System.Collections.Concurrent;
using System.Text.Json;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// TypeScript's module resolution (its moduleNameResolver, 5.9), for imports from files a tsconfig.json covers:
/// <c>paths</c>/<c>baseUrl</c>/<c>rootDirs</c>, relative and node_modules lookups with TypeScript's extension
/// rules (<c>.js</c> names a <c>.ts</c>/<c>.tsx</c>/<c>.d.ts</c>, extensionless and index files outside ESM mode),
/// package <c>exports</c>/<c>imports</c> under its conditions (<c>types</c>, <c>customConditions</c>), self-names,
/// <c>types</c>/<c>typings</c>/<c>main</c>, <c>@types</c>, under classic, node10, node16, nodenext and bundler.
/// </summary>
public sealed partial class ModuleResolver
{
    [Flags]
    private enum TsExtensions
    {
        None = 0,
        TypeScript = 1,
        JavaScript = 2,
        Declaration = 4,
        Json = 8,
        Implementation = TypeScript | JavaScript,
    }

    [Flags]
    private enum TsFeatures
    {
        None = 0,
        Imports = 2,
        SelfName = 4,
        Exports = 8,
        ExportsPatternTrailers = 16,
        All = 30,
        EsmMode = 32,
    }

    private sealed class TsState(TsConfig config, TsFeatures features, string[] conditions)
    {
        public TsConfig Config { get; } = config;

        public TsFeatures Features { get; set; } = features;

        public string[] Conditions { get; } = conditions;

        public bool CandidateIsFromPackageJsonField { get; set; }
    }

    /// <summary>A found file: its path and whether it lies under node_modules (TypeScript realpaths only those).</summary>
    private readonly record struct TsFound(string Path, bool External);

    private static readonly string[] ExtensionsToRemove = [".d.ts", ".d.mts", ".d.cts", ".mjs", ".mts", ".cjs", ".cts", ".ts", ".js", ".tsx", ".jsx", ".json"];

    /// <summary>
    /// Resolves an import of <paramref name="parentPath"/> as TypeScript does under <paramref name="config"/>. A
    /// resolved path is real (symlinks resolved) like every path of the graph.
    /// </summary>
    public Resolution ResolveTypeScript(string specifier, string parentPath, TsConfig config, ImportKind usage = ImportKind.Static)
    {
        try
        {
            var kind = config.ModuleResolution;
            string directory = Path.GetDirectoryName(parentPath)!;
            TsFound? found;
            if (usage == ImportKind.ReferenceTypes)
            {
                found = TypeReferenceResolve(specifier, parentPath, config);
            }
            else if (kind == TsModuleResolution.Classic)
            {
                found = ClassicResolve(specifier, directory, config);
            }
            else
            {
                var extensions = config.NoDtsResolution ? TsExtensions.Implementation : TsExtensions.Implementation | TsExtensions.Declaration;
                if (config.EffectiveResolveJsonModule)
                {
                    extensions |= TsExtensions.Json;
                }

                var state = StateFor(config, parentPath, usage);
                found = kind == TsModuleResolution.Node10
                    ? TsTryResolve(specifier, directory, (TsExtensions.TypeScript | TsExtensions.Declaration) & extensions, state)
                      ?? TsTryResolve(specifier, directory, extensions & ~(TsExtensions.TypeScript | TsExtensions.Declaration), state)
                    : TsTryResolve(specifier, directory, extensions, state);
            }

            if (found is not { } result)
            {
                return usage != ImportKind.ReferenceTypes && NodeBuiltins.TryResolve(specifier, out string builtin)
                    ? Resolution.OfBuiltin(builtin)
                    : Resolution.Failed(usage == ImportKind.ReferenceTypes
                        ? $"TypeScript ({(config.FilePath.Length == 0 ? "defaults" : config.FilePath)}) cannot find the type definitions '{specifier}'"
                        : $"TypeScript ({kind.ToString().ToLowerInvariant()}, {(config.FilePath.Length == 0 ? "defaults" : config.FilePath)}) cannot resolve '{specifier}'");
            }

            return Resolution.File(RealPath(result.Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Resolution.Failed($"cannot resolve '{specifier}': {e.Message}");
        }
    }

    /// <summary>
    /// The features and conditions of one resolution, by the mode TypeScript uses for it (getModeForUsageLocation): a
    /// <c>require</c> (or <c>import x = require()</c>) is CommonJS, an <c>import()</c> ESM, other imports and type
    /// references follow the file's format under node16/nodenext and are ESM under bundler.
    /// </summary>
    private TsState StateFor(TsConfig config, string parentPath, ImportKind usage)
    {
        var kind = config.ModuleResolution;
        TsFeatures features;
        bool? esm = null;
        switch (kind)
        {
            case TsModuleResolution.Node16 or TsModuleResolution.NodeNext:
                esm = usage switch
                {
                    ImportKind.Require => false,
                    ImportKind.Dynamic => true,
                    _ => ImpliedFormatIsEsm(parentPath),
                };
                features = TsFeatures.All | (esm == true ? TsFeatures.EsmMode : 0);
                break;
            case TsModuleResolution.Bundler:
                features = TsFeatures.All;
                if (config.ResolvePackageJsonExports == false)
                {
                    features &= ~TsFeatures.Exports;
                }

                if (config.ResolvePackageJsonImports == false)
                {
                    features &= ~TsFeatures.Imports;
                }

                // The mode is the file's emit syntax: a require is CommonJS, and so is anything in a file emitted as CommonJS.
                esm = usage != ImportKind.Require && !EmitsCommonJs(parentPath, config);
                break;
            default:
                features = TsFeatures.None;
                break;
        }

        return new TsState(config, features, esm is { } isEsm ? Conditions(config, kind, isEsm) : []);
    }

    /// <summary>
    /// TypeScript's resolveTypeReferenceDirective: <c>&lt;typeRoot&gt;/&lt;name&gt;</c> in each type root (the
    /// config's <c>typeRoots</c>, else every <c>node_modules/@types</c> up the folders from the config), then the
    /// name as a package in the nearest node_modules (or a relative path), declaration files only.
    /// </summary>
    private TsFound? TypeReferenceResolve(string name, string parentPath, TsConfig config)
    {
        string directory = Path.GetDirectoryName(parentPath)!;
        var state = StateFor(config, parentPath, ImportKind.ReferenceTypes);
        IEnumerable<string> roots = config.TypeRoots ?? DefaultTypeRoots(config.FilePath.Length == 0 ? directory : config.Directory);
        foreach (var root in roots)
        {
            if (!IsDirectory(root))
            {
                continue;
            }

            string trimmed = root.TrimEnd('/');
            string candidate = Path.Combine(trimmed, trimmed.EndsWith("/node_modules/@types", StringComparison.Ordinal) ? MangleScopedPackageName(name) : name);
            if (LoadFromDirectory(TsExtensions.Declaration, candidate, state, ReadPackageJson(candidate)) is { } primary)
            {
                return primary with { External = true };
            }
        }

        return !IsRelativeName(name)
            ? NearestNodeModules(TsExtensions.Declaration, name, directory, state, typesScopeOnly: false) is { } secondary ? secondary with { External = true } : null
            : NodeLoadByRelativeName(TsExtensions.Declaration, Path.GetFullPath(name, directory), state, considerPackageJson: true);
    }

    private static IEnumerable<string> DefaultTypeRoots(string directory)
    {
        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            yield return Path.Combine(dir, "node_modules", "@types");
        }
    }

    private static string[] Conditions(TsConfig config, TsModuleResolution kind, bool esm)
    {
        var conditions = new List<string> { esm ? "import" : "require" };
        if (!config.NoDtsResolution)
        {
            conditions.Add("types");
        }

        if (kind != TsModuleResolution.Bundler)
        {
            conditions.Add("node");
        }

        if (config.CustomConditions is { } custom)
        {
            conditions.AddRange(custom);
        }

        return [.. conditions];
    }

    /// <summary>
    /// Whether TypeScript emits <paramref name="file"/> as CommonJS outside node16/nodenext (its
    /// getEmitModuleFormatOfFile): a <c>.cts</c>/<c>.cjs</c> file, a file in node_modules under a package of
    /// <c>"type": "commonjs"</c>, or a <c>module</c> setting older than ES2015.
    /// </summary>
    private bool EmitsCommonJs(string file, TsConfig config)
    {
        if (file.EndsWith(".cts", StringComparison.Ordinal) || file.EndsWith(".cjs", StringComparison.Ordinal))
        {
            return true;
        }

        if (file.EndsWith(".mts", StringComparison.Ordinal) || file.EndsWith(".mjs", StringComparison.Ordinal))
        {
            return false;
        }

        if (file.Contains("/node_modules/", StringComparison.Ordinal) && TsPackageScope(Path.GetDirectoryName(file)!) is { } scope
            && ReadPackageJson(scope)?.Type is { } type)
        {
            return type == "commonjs";
        }

        return config.EffectiveModule is "commonjs" or "amd" or "umd" or "system" or "none";
    }

    /// <summary>TypeScript's implied node format of a file under node16/nodenext: by extension, else the nearest package.json's "type".</summary>
    private bool ImpliedFormatIsEsm(string file)
    {
        if (file.EndsWith(".mts", StringComparison.Ordinal) || file.EndsWith(".mjs", StringComparison.Ordinal))
        {
            return true;
        }

        if (file.EndsWith(".cts", StringComparison.Ordinal) || file.EndsWith(".cjs", StringComparison.Ordinal))
        {
            return false;
        }

        return TsPackageScope(Path.GetDirectoryName(file)!) is { } scope && ReadPackageJson(scope)?.Type == "module";
    }

    private string? TsPackageScope(string directory)
    {
        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (IsFile(Path.Combine(dir, "package.json")))
            {
                return dir;
            }
        }

        return null;
    }

    private static bool IsRelativeName(string name) =>
        name.StartsWith("./", StringComparison.Ordinal) || name.StartsWith("../", StringComparison.Ordinal) || name is "." or ".." || name.StartsWith('/');

    private static (string Name, string Subpath) ParsePackageName(string moduleName)
    {
        int index = moduleName.IndexOf('/');
        if (moduleName.StartsWith('@') && index >= 0)
        {
            index = moduleName.IndexOf('/', index + 1);
        }

        return index < 0 ? (moduleName, "") : (moduleName[..index], moduleName[(index + 1)..]);
    }

    private TsFound? TsTryResolve(string moduleName, string directory, TsExtensions extensions, TsState state)
    {
        if (extensions == TsExtensions.None)
        {
            return null;
        }

        if (TryPathsBaseUrlRootDirs(moduleName, directory, extensions, state, (e, c, s) => NodeLoadByRelativeName(e, c, s, considerPackageJson: true)) is { } viaSettings)
        {
            return viaSettings;
        }

        if (!IsRelativeName(moduleName))
        {
            if (state.Features.HasFlag(TsFeatures.Imports) && moduleName.StartsWith('#'))
            {
                if (TsImportsResolve(moduleName, directory, extensions, state, out var imported))
                {
                    return imported;
                }
            }

            if (state.Features.HasFlag(TsFeatures.SelfName) && TsSelfNameResolve(moduleName, directory, extensions, state, out var self))
            {
                return self;
            }

            if (moduleName.Contains(':'))
            {
                return null;
            }

            var fromNodeModules = NearestNodeModules(extensions, moduleName, directory, state, typesScopeOnly: false);
            if (fromNodeModules is null && extensions.HasFlag(TsExtensions.Declaration))
            {
                fromNodeModules = FromTypeRoots(moduleName, state);
            }

            return fromNodeModules is { } f ? f with { External = true } : null;
        }

        string combined = Path.Combine(directory, moduleName);
        string candidate = Path.GetFullPath(combined);
        if (moduleName is "." or ".." || moduleName.EndsWith("/.", StringComparison.Ordinal) || moduleName.EndsWith("/..", StringComparison.Ordinal))
        {
            candidate = candidate.TrimEnd('/') + "/";
        }

        return NodeLoadByRelativeName(extensions, candidate, state, considerPackageJson: true) is { } relative
            ? relative with { External = combined.Split('/').Contains("node_modules") }
            : null;
    }

    private string? TryFileLookup(string path) => IsFile(path) ? path : null;

    private TsFound? NodeLoadByRelativeName(TsExtensions extensions, string candidate, TsState state, bool considerPackageJson)
    {
        if (!candidate.EndsWith('/'))
        {
            if (LoadFromFile(extensions, candidate, state) is { } file)
            {
                return file;
            }
        }

        if (state.Features.HasFlag(TsFeatures.EsmMode))
        {
            return null;
        }

        string directory = candidate.TrimEnd('/');
        if (directory.Length == 0)
        {
            directory = "/";
        }

        var package = considerPackageJson ? ReadPackageJson(directory) : null;
        return LoadFromDirectory(extensions, directory, state, package);
    }

    private TsFound? LoadFromFile(TsExtensions extensions, string candidate, TsState state)
    {
        if (LoadFromFileNoImplicitExtensions(extensions, candidate, state) is { } replaced)
        {
            return replaced;
        }

        return state.Features.HasFlag(TsFeatures.EsmMode) ? null : TryAddingExtensions(candidate, extensions, "", state);
    }

    private TsFound? LoadFromFileNoImplicitExtensions(TsExtensions extensions, string candidate, TsState state)
    {
        string fileName = Path.GetFileName(candidate);
        if (!fileName.Contains('.'))
        {
            return null;
        }

        string extensionless = candidate;
        foreach (var extension in ExtensionsToRemove)
        {
            if (candidate.EndsWith(extension, StringComparison.Ordinal))
            {
                extensionless = candidate[..^extension.Length];
                break;
            }
        }

        if (extensionless == candidate)
        {
            extensionless = candidate[..candidate.LastIndexOf('.')];
        }

        return TryAddingExtensions(extensionless, extensions, candidate[extensionless.Length..], state);
    }

    private TsFound? TryAddingExtensions(string candidate, TsExtensions extensions, string original, TsState state)
    {
        bool ts = extensions.HasFlag(TsExtensions.TypeScript), js = extensions.HasFlag(TsExtensions.JavaScript), dts = extensions.HasFlag(TsExtensions.Declaration);
        TsFound? Try(string extension) => IsFile(candidate + extension) ? new TsFound(candidate + extension, false) : null;
        switch (original)
        {
            case ".mjs" or ".mts" or ".d.mts":
                return (ts ? Try(".mts") : null) ?? (dts ? Try(".d.mts") : null) ?? (js ? Try(".mjs") : null);
            case ".cjs" or ".cts" or ".d.cts":
                return (ts ? Try(".cts") : null) ?? (dts ? Try(".d.cts") : null) ?? (js ? Try(".cjs") : null);
            case ".json":
                return (dts ? Try(".d.json.ts") : null) ?? (extensions.HasFlag(TsExtensions.Json) ? Try(".json") : null);
            case ".tsx" or ".jsx":
                return (ts ? Try(".tsx") ?? Try(".ts") : null) ?? (dts ? Try(".d.ts") : null) ?? (js ? Try(".jsx") ?? Try(".js") : null);
            case ".ts" or ".d.ts" or ".js" or "":
                return (ts ? Try(".ts") ?? Try(".tsx") : null) ?? (dts ? Try(".d.ts") : null) ?? (js ? Try(".js") ?? Try(".jsx") : null);
            default:
                return dts && !TransformOptions.IsDeclarationFile(candidate + original) ? Try($".d{original}.ts") : null;
        }
    }

    /// <summary>TypeScript's loadNodeModuleFromDirectoryWorker: the types/typings/main fields, then index.</summary>
    private TsFound? LoadFromDirectory(TsExtensions extensions, string candidate, TsState state, PackageJson? package)
    {
        string? packageFile = null;
        if (package is not null)
        {
            packageFile = (extensions.HasFlag(TsExtensions.Declaration) && package.Types is { } types ? Path.GetFullPath(types, candidate) : null)
                ?? ((extensions & (TsExtensions.Implementation | TsExtensions.Declaration)) != 0 && package.Main is { } main ? Path.GetFullPath(main, candidate) : null);
        }

        if (packageFile is not null)
        {
            if (LoadFileNameFromPackageJsonField(extensions, packageFile, state) is { } direct)
            {
                return direct;
            }

            var expanded = extensions == TsExtensions.Declaration ? TsExtensions.TypeScript | TsExtensions.Declaration : extensions;
            var features = state.Features;
            bool fromField = state.CandidateIsFromPackageJsonField;
            state.CandidateIsFromPackageJsonField = true;
            if (package?.Type != "module")
            {
                state.Features &= ~TsFeatures.EsmMode;
            }

            var result = NodeLoadByRelativeName(expanded, packageFile, state, considerPackageJson: false);
            state.Features = features;
            state.CandidateIsFromPackageJsonField = fromField;
            if (result is not null)
            {
                return result;
            }
        }

        return state.Features.HasFlag(TsFeatures.EsmMode) ? null : LoadFromFile(extensions, Path.Combine(candidate, "index"), state);
    }

    private TsFound? LoadFileNameFromPackageJsonField(TsExtensions extensions, string candidate, TsState state)
    {
        bool tsImplementation = candidate.EndsWith(".ts", StringComparison.Ordinal) && !TransformOptions.IsDeclarationFile(candidate)
            || candidate.EndsWith(".tsx", StringComparison.Ordinal) || candidate.EndsWith(".mts", StringComparison.Ordinal) && !candidate.EndsWith(".d.mts", StringComparison.Ordinal)
            || candidate.EndsWith(".cts", StringComparison.Ordinal) && !candidate.EndsWith(".d.cts", StringComparison.Ordinal);
        bool declaration = candidate.EndsWith(".d.ts", StringComparison.Ordinal) || candidate.EndsWith(".d.mts", StringComparison.Ordinal) || candidate.EndsWith(".d.cts", StringComparison.Ordinal);
        if ((extensions.HasFlag(TsExtensions.TypeScript) && tsImplementation) || (extensions.HasFlag(TsExtensions.Declaration) && declaration))
        {
            return IsFile(candidate) ? new TsFound(candidate, false) : null;
        }

        return LoadFromFileNoImplicitExtensions(extensions, candidate, state);
    }
}
