namespace EsmCacheCluster.Graph.Resolution;

/// <summary>TypeScript's classic module resolution (<c>moduleResolution: classic</c>).</summary>
public sealed partial class ModuleResolver
{
    /// <summary>TypeScript's classic resolution: the file at each ancestor, then @types.</summary>
    private TsFound? ClassicResolve(string moduleName, string directory, TsConfig config)
    {
        var state = new TsState(config, TsFeatures.None, []);
        return Try(TsExtensions.TypeScript | TsExtensions.Declaration)
            ?? Try(TsExtensions.JavaScript | (config.ResolveJsonModule == true ? TsExtensions.Json : TsExtensions.None));

        TsFound? Try(TsExtensions extensions)
        {
            if (TryPathsBaseUrlRootDirs(moduleName, directory, extensions, state, LoadFromFile) is { } viaSettings)
            {
                return viaSettings;
            }

            if (IsRelativeName(moduleName))
            {
                return LoadFromFile(extensions, Path.GetFullPath(Path.Combine(directory, moduleName)), state);
            }

            for (string? dir = directory; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (LoadFromFile(extensions, Path.GetFullPath(Path.Combine(dir, moduleName)), state) is { } found)
                {
                    return found;
                }
            }

            if ((extensions & (TsExtensions.TypeScript | TsExtensions.Declaration)) != 0)
            {
                return NearestNodeModules(TsExtensions.Declaration, moduleName, directory, state, typesScopeOnly: true)
                    ?? FromTypeRoots(moduleName, state);
            }

            return null;
        }
    }
}
