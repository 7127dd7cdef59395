using EsmCacheCluster.Format;

namespace EsmCacheCluster.Cli;

/// <summary>
/// Which local cache folder a command uses: <c>--cache-dir</c>, else ESMCACHE_CACHE_DIR, else the user's cache folder.
/// One answer for the commands, the daemon and the daemon's clients, which must agree on it to find each other.
/// </summary>
internal static class CacheFolder
{
    public static string Resolve(string? option) => Path.GetFullPath(option
        ?? (Environment.GetEnvironmentVariable("ESMCACHE_CACHE_DIR") is { Length: > 0 } fromEnv ? fromEnv : BmesDirectory.DefaultRoot()));
}
