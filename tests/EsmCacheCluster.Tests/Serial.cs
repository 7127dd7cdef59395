namespace EsmCacheCluster.Tests;

/// <summary>
/// Tests that start several processes and measure failover run alone, after the parallel ones: on two cores,
/// competing with the rest of the suite would turn their time limits into flakes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Serial
{
    public const string Name = "serial";
}
