using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Bytecode;

/// <summary>
/// The process-wide V8 settings every runtime and engine of this product shares. They must agree between the
/// process that makes a code cache and the one that consumes it: V8 stamps a cache with a hash of its flags and
/// refuses one made under other flags.
/// </summary>
/// <remarks>
/// Background work is off. With it on, V8 posts its background jobs to the .NET thread pool through ClearScript,
/// and a process that generates code caches on pooled runtimes while another engine is alive intermittently
/// floods the pool with those jobs: measured on a cold <c>esmcache run</c> of lodash-es, 3 runs in 6 took 6–7 s
/// and 1.6–1.9 GB (1.35 million queued work items in a heap dump) instead of 1.6 s and 300 MB; with it off, 0 in 7.
/// V8 then collects garbage and optimises on the thread that runs the script; short module graphs did not measure
/// slower.
/// </remarks>
public static class V8Process
{
    public const V8GlobalFlags GlobalFlags = V8GlobalFlags.DisableBackgroundWork;

    private static readonly Lock Gate = new();
    private static bool s_configured;

    /// <summary>
    /// Applies <see cref="GlobalFlags"/>; call before this process creates its first V8 runtime or engine (later
    /// calls are harmless, and ClearScript ignores settings made after that point: a host that started V8 first
    /// with other flags sees its caches refused and counted, never misused).
    /// </summary>
    public static void Configure()
    {
        lock (Gate)
        {
            if (!s_configured)
            {
                V8Settings.GlobalFlags |= GlobalFlags;
                s_configured = true;
            }
        }
    }
}
