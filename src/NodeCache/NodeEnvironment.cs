using System.Diagnostics;

namespace EsmCacheCluster.NodeCache;

/// <summary>The environment esmcache starts Node with: the caller's, without anything that would make Node cache or load for itself.</summary>
internal static class NodeEnvironment
{
    public static void Apply(ProcessStartInfo info, IReadOnlyDictionary<string, string>? environment)
    {
        if (environment is not null)
        {
            info.Environment.Clear();
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        // The probe and the producer must not read or write the caller's own cache, nor be told to load anything.
        info.Environment.Remove("NODE_COMPILE_CACHE");
        info.Environment.Remove("NODE_DISABLE_COMPILE_CACHE");
        info.Environment.Remove("NODE_COMPILE_CACHE_PORTABLE");
        info.Environment.Remove("NODE_DEBUG_NATIVE");
    }
}
