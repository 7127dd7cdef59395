using EsmCacheCluster.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Grains;

/// <summary>Deletes stored blobs past retention (see <see cref="RetentionSweep"/>); not reentrant: one sweep at a time.</summary>
public sealed partial class RetentionSweeperGrain(
    IEnumerable<IModuleBlobCatalog> catalogs,
    IOptions<RetentionOptions> options,
    CacheMetrics metrics,
    ILocalSiloDetails silo,
    ILogger<RetentionSweeperGrain> logger) : Grain, IRetentionSweeperGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.SweepInterval;
        this.RegisterGrainTimer(SweepOnTimerAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task StartAsync() => Task.CompletedTask;

    public async Task<SweepReport> SweepAsync()
    {
        var started = DateTimeOffset.UtcNow;
        int listed = 0, deleted = 0;
        long listedBytes = 0, deletedBytes = 0;
        foreach (var catalog in catalogs)
        {
            var result = await RetentionSweep.RunAsync(catalog, options.Value, started, CancellationToken.None);
            (listed, listedBytes, deleted, deletedBytes) = (listed + result.Listed, listedBytes + result.ListedBytes, deleted + result.Deleted, deletedBytes + result.DeletedBytes);
        }

        metrics.Swept(listedBytes - deletedBytes, deleted);
        LogSwept(listed, listedBytes, deleted, deletedBytes);
        return new SweepReport(listed, listedBytes, deleted, deletedBytes, silo.SiloAddress.ToString(), started, DateTimeOffset.UtcNow);
    }

    private async Task SweepOnTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SweepAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Storage unreachable, say: the next interval tries again.
            LogSweepFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep: {Listed} blobs ({ListedBytes} bytes) stored, {Deleted} deleted ({DeletedBytes} bytes)")]
    private partial void LogSwept(int listed, long listedBytes, int deleted, long deletedBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; trying again next interval")]
    private partial void LogSweepFailed(Exception exception);
}
