using EsmCacheCluster.Analysis;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Tests.Cluster;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Tests.Client;

/// <summary>The client's options are checked when it is made, and disposal finishes what was asked before it.</summary>
public sealed class ModuleCacheClientLifetimeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_batch_size_below_one_is_refused_when_the_client_is_made(int size)
    {
        var e = Assert.Throws<OptionsValidationException>(() => new ModuleCacheClient(
            () => new TaskCompletionSource<IClusterClient>().Task, new ModuleCacheClientOptions { MaxBatchSize = size }));
        Assert.Contains($"MaxBatchSize is {size}", e.Message);
    }

    [Fact]
    public async Task A_host_with_bad_client_options_does_not_start()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddModuleCacheClient().Configure(o => o.MaxBatchSize = 0);
        using var host = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MaxBatchSize is 0", e.Message);
    }

    [Fact]
    public void Every_bad_option_is_named()
    {
        var e = Assert.Throws<OptionsValidationException>(() => new ModuleCacheClient(
            (IClusterClient?)null,
            new ModuleCacheClientOptions { MaxConcurrentBatches = 0, MaxAttempts = 0, RetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromSeconds(1) }));
        Assert.Contains("MaxConcurrentBatches is 0", e.Message);
        Assert.Contains("MaxAttempts is 0", e.Message);
        Assert.Contains("MaxRetryDelay", e.Message);
    }

    [Fact]
    public async Task Disposal_waits_for_batches_in_flight_and_they_complete()
    {
        var cluster = new TaskCompletionSource<IClusterClient>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new ModuleCacheClient(() => { asked.TrySetResult(); return cluster.Task; }, new ModuleCacheClientOptions { LocalGenerator = AnalysisGenerator.Instance, MaxAttempts = 1 });
        var fetch = client.GetAsync(Sources.Module(1, "-dispose"));
        var disposal = client.DisposeAsync().AsTask();

        // The batch is waiting for the cluster, which has not answered: disposal cannot have finished.
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(disposal.IsCompleted, "disposal returned while a batch was still waiting for the cluster");

        // The cluster fails: the batch falls back to local analysis, then disposal completes.
        cluster.SetException(new TimeoutException("no gateway"));
        await disposal.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(fetch.IsCompletedSuccessfully);
        Assert.Equal(FetchOrigin.LocalFallback, (await fetch).Origin);
    }

    [Fact]
    public async Task Disposal_waits_for_blob_requests_in_flight_before_the_caller_disposes_what_they_use()
    {
        var cluster = new TaskCompletionSource<IClusterClient>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var generator = new CountingGenerator();
        var client = new ModuleCacheClient(() => { asked.TrySetResult(); return cluster.Task; }, new ModuleCacheClientOptions { LocalGenerator = generator, MaxAttempts = 1 });
        var fetch = client.GetWithBytecodeAsync(Sources.Module(2, "-dispose"));
        var disposal = client.DisposeAsync().AsTask();

        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(disposal.IsCompleted, "disposal returned while a blob request was still waiting for the cluster");
        cluster.SetException(new TimeoutException("no gateway"));
        await disposal.WaitAsync(TimeSpan.FromSeconds(30));
        generator.Disposed = true; // what a host does right after disposing the client
        Assert.Equal(FetchOrigin.LocalFallback, (await fetch).Origin);
        Assert.Equal(1, generator.GeneratedBeforeDisposal);
    }

    [Fact]
    public async Task A_disposed_client_refuses_new_requests()
    {
        var client = new ModuleCacheClient((IClusterClient?)null, new ModuleCacheClientOptions { LocalGenerator = AnalysisGenerator.Instance });
        await client.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync(Sources.Module(3, "-disposed")));
    }

    [Fact]
    public async Task A_client_without_a_local_generator_says_why_it_cannot_fall_back()
    {
        await using var client = new ModuleCacheClient(() => Task.FromException<IClusterClient>(new TimeoutException("no gateway")), new ModuleCacheClientOptions { MaxAttempts = 1 });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync(Sources.Module(4, "-no-generator")));
        Assert.Contains("no local generator", e.Message);
    }

    private sealed class CountingGenerator : EsmCacheCluster.Format.IModuleGenerator
    {
        public volatile bool Disposed;
        public int GeneratedBeforeDisposal;

        public string AnalyzerVersion => AnalysisGenerator.Instance.AnalyzerVersion;

        public string? BytecodeProducer => null;

        public string? TransformRecipe(EsmCacheCluster.Format.TransformOptions transform) => AnalysisGenerator.Instance.TransformRecipe(transform);

        public EsmCacheCluster.Format.ModuleRecord Analyze(ReadOnlySpan<byte> source, EsmCacheCluster.Format.CacheKey key)
        {
            byte[] bytes = source.ToArray();
            return Use(() => AnalysisGenerator.Instance.Analyze(bytes, key));
        }

        public EsmCacheCluster.Format.GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, EsmCacheCluster.Format.CacheKey key, bool includeBytecode)
        {
            byte[] bytes = source.ToArray();
            return Use(() => AnalysisGenerator.Instance.Generate(sourceUrl, bytes, key, includeBytecode));
        }

        private T Use<T>(Func<T> work)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            Interlocked.Increment(ref GeneratedBeforeDisposal);
            return work();
        }
    }
}
