namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// The cluster's one retention sweeper (key 0): Orleans keeps a single activation of it, and it runs one sweep at a
/// time, so two sweeps never overlap. Every silo pings it periodically, so it comes back on another silo when its
/// own goes away.
/// </summary>
[Alias("esmcache.IRetentionSweeperGrain")]
public interface IRetentionSweeperGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the sweeper, whose timer sweeps every <c>Retention:SweepInterval</c>.</summary>
    [Alias("StartAsync")]
    Task StartAsync();

    /// <summary>Sweeps now and reports what it did.</summary>
    [Alias("SweepAsync")]
    Task<SweepReport> SweepAsync();
}
