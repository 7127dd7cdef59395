namespace EsmCacheCluster.Graph.Resolution;

/// <summary>TypeScript's <c>paths</c>, <c>baseUrl</c> and <c>rootDirs</c>: where a name is looked up before node_modules.</summary>
public sealed partial class ModuleResolver
{
    private delegate TsFound? TsLoader(TsExtensions extensions, string candidate, TsState state);

    private TsFound? TryPathsBaseUrlRootDirs(string moduleName, string directory, TsExtensions extensions, TsState state, TsLoader loader)
    {
        var config = state.Config;
        if (config.Paths is { } paths && !(moduleName.StartsWith("./", StringComparison.Ordinal) || moduleName.StartsWith("../", StringComparison.Ordinal) || moduleName is "." or ".."))
        {
            string baseDirectory = config.BaseUrl ?? config.PathsBasePath!;
            if (TryPaths(extensions, moduleName, baseDirectory, paths, loader, state, out var viaPaths))
            {
                return viaPaths;
            }
        }

        if (!IsRelativeName(moduleName))
        {
            return config.BaseUrl is { } baseUrl ? loader(extensions, Path.GetFullPath(Path.Combine(baseUrl, moduleName)), state) : null;
        }

        if (config.RootDirs is not { } rootDirs)
        {
            return null;
        }

        string candidate = Path.GetFullPath(Path.Combine(directory, moduleName));
        string? matchedRoot = null, matchedPrefix = null;
        foreach (var rootDir in rootDirs)
        {
            string prefix = rootDir.EndsWith('/') ? rootDir : rootDir + "/";
            if (candidate.StartsWith(prefix, StringComparison.Ordinal) && (matchedPrefix is null || matchedPrefix.Length < prefix.Length))
            {
                matchedPrefix = prefix;
                matchedRoot = rootDir;
            }
        }

        if (matchedPrefix is null)
        {
            return null;
        }

        if (loader(extensions, candidate, state) is { } found)
        {
            return found;
        }

        string suffix = candidate[matchedPrefix.Length..];
        foreach (var rootDir in rootDirs)
        {
            if (rootDir != matchedRoot && loader(extensions, Path.Combine(rootDir, suffix), state) is { } other)
            {
                return other;
            }
        }

        return null;
    }

    /// <summary>The <c>paths</c> entry that matches (exact, else the longest prefix before its one <c>*</c>), tried in order. True when one matched, found or not.</summary>
    private bool TryPaths(TsExtensions extensions, string moduleName, string baseDirectory, IReadOnlyDictionary<string, string[]> paths, TsLoader loader, TsState state, out TsFound? found)
    {
        found = null;
        string? matched = null;
        string? star = null;
        if (paths.ContainsKey(moduleName) && !moduleName.Contains('*'))
        {
            matched = moduleName;
        }
        else
        {
            int bestPrefix = -1;
            foreach (var key in paths.Keys)
            {
                int at = key.IndexOf('*');
                if (at < 0 || key.IndexOf('*', at + 1) >= 0)
                {
                    continue;
                }

                string prefix = key[..at], suffix = key[(at + 1)..];
                if (moduleName.Length >= prefix.Length + suffix.Length && moduleName.StartsWith(prefix, StringComparison.Ordinal)
                    && moduleName.EndsWith(suffix, StringComparison.Ordinal) && prefix.Length > bestPrefix)
                {
                    bestPrefix = prefix.Length;
                    matched = key;
                    star = moduleName[prefix.Length..(moduleName.Length - suffix.Length)];
                }
            }
        }

        if (matched is null)
        {
            return false;
        }

        foreach (var substitution in paths[matched])
        {
            string path = star is null ? substitution : ReplaceFirst(substitution, "*", star);
            string candidate = Path.GetFullPath(Path.Combine(baseDirectory, path));
            if (TryExtractExtension(substitution) is not null && TryFileLookup(candidate) is { } direct)
            {
                found = new TsFound(direct, false);
                return true;
            }

            if (loader(extensions, candidate, state) is { } loaded)
            {
                found = loaded;
                return true;
            }
        }

        return true;
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        int at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + what.Length));
    }

    private static string? TryExtractExtension(string path)
    {
        foreach (var extension in (string[])[".d.ts", ".d.mts", ".d.cts", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"])
        {
            if (path.EndsWith(extension, StringComparison.Ordinal))
            {
                return extension;
            }
        }

        return null;
    }
}
