using EsmCacheCluster.Analysis;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Tests.Cluster;

namespace EsmCacheCluster.Tests.Client;

/// <summary>
/// A failed connect is not the client's last word: once the circuit breaker lets requests through again, the next
/// miss connects again (a cluster that was restarted, a DNS name that resolves now), and while it is open nothing waits.
/// </summary>
public sealed class ClusterConnectAttemptsTests
{
    [Fact]
    public async Task After_a_failed_connect_the_next_miss_connects_again_once_the_breaker_allows()
    {
        int attempts = 0;
        await using var client = new ModuleCacheClient(
            () => Task.FromException<IClusterClient>(new TimeoutException($"attempt {Interlocked.Increment(ref attempts)} failed")),
            new ModuleCacheClientOptions { LocalGenerator = AnalysisGenerator.Instance, CircuitBreakDuration = TimeSpan.Zero });

        var first = await client.GetAsync(Sources.Module(1, "-reconnect"));
        var second = await client.GetAsync(Sources.Module(2, "-reconnect"));

        Assert.Equal(FetchOrigin.LocalFallback, first.Origin);
        Assert.Equal(FetchOrigin.LocalFallback, second.Origin);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task While_the_breaker_is_open_misses_fall_back_without_connecting()
    {
        int attempts = 0;
        await using var client = new ModuleCacheClient(
            () => Task.FromException<IClusterClient>(new TimeoutException($"attempt {Interlocked.Increment(ref attempts)} failed")),
            new ModuleCacheClientOptions { LocalGenerator = AnalysisGenerator.Instance, CircuitBreakDuration = TimeSpan.FromMinutes(10) });

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(FetchOrigin.LocalFallback, (await client.GetAsync(Sources.Module(i, "-open"))).Origin);
        }

        Assert.Equal(1, attempts);
    }
}
