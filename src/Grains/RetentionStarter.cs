using EsmCacheCluster.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Grains;

/// <summary>
/// On every silo: pings the cluster's sweeper now and then, so there is always one activation of it (on whichever
/// silo Orleans places it), also after the silo that held it is gone.
/// </summary>
public sealed class RetentionStarter(IGrainFactory grains, IOptions<RetentionOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.SweepInterval < TimeSpan.FromMinutes(5) ? options.Value.SweepInterval : TimeSpan.FromMinutes(5);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false); // the silo joins first
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await grains.GetGrain<IRetentionSweeperGrain>(0).StartAsync().ConfigureAwait(false);
                }
                catch (Exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Not a member yet, shutting down, the sweeper's silo gone: the next ping tries again. A background
                    // service that throws would stop the whole silo.
                }

                await Task.Delay(every, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
