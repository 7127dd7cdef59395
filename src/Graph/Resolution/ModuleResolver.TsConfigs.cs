using System.Collections.Concurrent;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>
/// Which tsconfig.json covers a file (the nearest one up the folders that includes it, or a project it references,
/// <c>extends</c> through packages) and the transform a file gets from it and from its package's <c>type</c>.
/// </summary>
public sealed partial class ModuleResolver
{
    private readonly ConcurrentDictionary<string, Remembered<TsConfig?>> _tsConfigs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Remembered<TsConfig?>> _tsConfigForFile = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Remembered<TsConfig[]>> _tsConfigsAbove = new(StringComparer.Ordinal);

    /// <summary>
    /// The tsconfig.json that covers <paramref name="file"/>: the nearest one up the folders that includes it (or a
    /// project it references); null when none does. Found once per file, for its transform and its imports alike.
    /// </summary>
    public TsConfig? TsConfigFor(string file) =>
        // Most folders have no tsconfig.json above them at all (plain JavaScript, node_modules): nothing to match per file.
        TsConfigsAbove(Path.GetDirectoryName(file)).Length == 0 ? null : ResolverFileSystem.Remember(_tsConfigForFile, file, static (f, self) => self.FindTsConfig(f), this);

    private TsConfig? FindTsConfig(string file)
    {
        foreach (var config in TsConfigsAbove(Path.GetDirectoryName(file)))
        {
            if (config.Covers(file))
            {
                return config;
            }

            foreach (var reference in config.References)
            {
                if (LoadTsConfig(reference) is { } referenced && referenced.Covers(file))
                {
                    return referenced;
                }
            }
        }

        return null;
    }

    /// <summary>The tsconfig.json files up the folders from <paramref name="dir"/>, nearest first, not crossing node_modules: once per folder.</summary>
    private TsConfig[] TsConfigsAbove(string? dir) =>
        dir is null || Path.GetFileName(dir) == "node_modules" ? [] : ResolverFileSystem.Remember(_tsConfigsAbove, dir, static (d, self) =>
        {
            var above = self.TsConfigsAbove(Path.GetDirectoryName(d));
            return self.LoadTsConfig(Path.Combine(d, "tsconfig.json")) is { } own ? [own, .. above] : above;
        }, this);

    /// <summary>
    /// How the module at <paramref name="path"/> becomes JavaScript: by its extension and the tsconfig that covers
    /// it (jsx settings; <c>allowJs</c> with <c>jsx</c> makes .js files JSX). None for JavaScript as written.
    /// </summary>
    public TransformOptions TransformFor(string path)
    {
        if (!TransformOptions.TryGetLanguage(path, out var language))
        {
            return TransformOptions.None;
        }

        var config = TsConfigFor(path) ?? (IsTypeScriptSource(path) ? NearestTsConfig(path) : null);
        var options = config?.TransformFor(language) ?? TransformOptions.ForFile(path);
        return options.IsNone && path.EndsWith(".js", StringComparison.Ordinal) ? new TransformOptions(JavaScriptFormat(path)) : options;
    }

    /// <summary>
    /// The module format of a <c>.js</c> file, as Node decides it: the nearest package.json's <c>type</c> (not looking
    /// past a node_modules folder), <c>module</c> or <c>commonjs</c>; with no type, its syntax decides.
    /// </summary>
    private SourceLanguage JavaScriptFormat(string path) =>
        (LookupPackageScope(path) is { } scope ? ReadPackageJson(scope)?.Type : null) switch
        {
            "module" => SourceLanguage.JavaScript,
            "commonjs" => SourceLanguage.CommonJs,
            _ => SourceLanguage.Ambiguous,
        };

    /// <summary>A TypeScript source or declaration file (<c>.ts</c>, <c>.tsx</c>, <c>.mts</c>, <c>.cts</c>, <c>.d.ts</c>...).</summary>
    private static bool IsTypeScriptSource(string path) =>
        path.EndsWith(".ts", StringComparison.Ordinal) || path.EndsWith(".tsx", StringComparison.Ordinal)
        || path.EndsWith(".mts", StringComparison.Ordinal) || path.EndsWith(".cts", StringComparison.Ordinal);

    /// <summary>The nearest tsconfig.json up the folders from a file, whether or not it includes the file.</summary>
    private TsConfig? NearestTsConfig(string file) => TsConfigsAbove(Path.GetDirectoryName(file)) is [var nearest, ..] ? nearest : null;

    /// <summary>The rules of a TypeScript file no tsconfig covers: the nearest tsconfig's, else TypeScript's defaults with bundler resolution.</summary>
    private TsConfig LooseTsConfig(string file) => NearestTsConfig(file) ?? TsConfig.Defaults;

    private TsConfig? LoadTsConfig(string path) =>
        ResolverFileSystem.Remember(_tsConfigs, path, static (p, self) => self.IsFile(p) ? TsConfig.Load(p, self._fs, self.ResolvePackageTsConfig) : null, this);

    /// <summary><c>extends</c> naming a package: TypeScript's config lookup (exports, the "tsconfig" field, tsconfig.json).</summary>
    private string? ResolvePackageTsConfig(string name, string directory)
    {
        var (packageName, rest) = ParsePackageName(name);
        for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string packageDir = Path.Combine(dir, "node_modules", packageName);
            if (!IsDirectory(packageDir))
            {
                continue;
            }

            var package = ReadPackageJson(packageDir);
            if (package?.Exports is { } exports)
            {
                var state = new TsState(new TsConfig { FilePath = Path.Combine(directory, "tsconfig.json") }, TsFeatures.All, ["require", "types", "node"]);
                return TsExportsResolve(packageDir, package, TsExtensions.Json, rest.Length == 0 ? "." : "./" + rest, state, configLookup: true)?.Path;
            }

            string candidate = rest.Length == 0 ? packageDir : Path.Combine(packageDir, rest);
            if (rest.Length > 0)
            {
                if (IsFile(candidate))
                {
                    return candidate;
                }

                if (IsFile(candidate + ".json"))
                {
                    return candidate + ".json";
                }
            }

            var nested = ReadPackageJson(candidate);
            if (nested?.TsConfig is { } field && IsFile(Path.GetFullPath(field, candidate)))
            {
                return Path.GetFullPath(field, candidate);
            }

            string tsconfig = Path.Combine(candidate, "tsconfig.json");
            return IsFile(tsconfig) ? tsconfig : null;
        }

        return null;
    }
}
