using EsmCacheCluster.Hosting;

namespace EsmCacheCluster.Silo;

/// <summary>
/// Bounds a stop. Orleans' shutdown waits on its membership table and storage without honouring the host's
/// shutdown timeout: with Azure Storage gone, a silo was measured ignoring SIGTERM for over a minute, and
/// Kubernetes then kills it at the end of the grace period anyway, as a failure. Past
/// <see cref="SiloSettings.ShutdownTimeout"/> (plus a short margin) the process exits with 0 on its own and says why:
/// what could be handed over has been; blobs are written when generated, so nothing stored is lost.
/// </summary>
internal static class ShutdownWatchdog
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    public static void Arm(IHostApplicationLifetime lifetime, TimeSpan shutdownTimeout) =>
        lifetime.ApplicationStopping.Register(() =>
        {
            var thread = new Thread(() =>
            {
                Thread.Sleep(shutdownTimeout + Margin);
                Console.Error.WriteLine(
                    $"esmcache-silo: shutdown took longer than {shutdownTimeout.TotalSeconds:0.#} s (EsmCache:ShutdownTimeout); " +
                    "exiting now (is the storage or membership endpoint unreachable?)");
                Console.Error.Flush();
                Environment.Exit(0);
            })
            {
                IsBackground = true,
                Name = "esmcache shutdown watchdog",
            };
            thread.Start();
        });
}
