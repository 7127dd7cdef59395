using EsmCacheCluster.Grains;
using EsmCacheCluster.Grains.Interfaces;
using EsmCacheCluster.NodeCache;
using Orleans.Concurrency;

namespace EsmCacheCluster.Cli;

/// <summary>
/// Entries from a cluster (<see cref="INodeEntryGrain"/>): kept ones first, then the cluster, which compiles each
/// entry once for every agent; what it answers is kept here once it fits its file. When the cluster cannot be used, or
/// does not run this Node, the rest is compiled here (said once on stderr): a cache never breaks a build.
/// </summary>
internal sealed class ClusterNodeEntrySource(NodeRuntime runtime, LocalNodeEntrySource local, Func<Task<IClusterClient>> connect, TextWriter error) : INodeEntrySource
{
    private readonly Lazy<Task<IClusterClient>> _client = new(connect, LazyThreadSafetyMode.ExecutionAndPublication);
    private int _unusable;

    public async Task<NodeEntryAnswer> GetAsync(NodeModuleFormat format, string sha256, byte[] file, CancellationToken cancellationToken)
    {
        if (local.Kept(format, sha256, file) is { } kept)
        {
            return kept;
        }

        if (Volatile.Read(ref _unusable) == 0)
        {
            try
            {
                var client = await _client.Value.WaitAsync(cancellationToken);
                var key = new NodeEntryKey(runtime.Id, format.ToEntryFormat(), sha256);
                // Asked first without the source: a hit (the common case on a second agent) uploads nothing.
                var grain = client.GetGrain<INodeEntryGrain>(key.ToString());
                var answer = await grain.GetAsync().WaitAsync(cancellationToken)
                    ?? await grain.GetOrAddAsync(file.AsImmutable()).WaitAsync(cancellationToken);
                var kind = (NodeCacheKind)answer.Kind;
                if (!format.Allows(kind))
                {
                    throw new InvalidOperationException($"the cluster answered kind {answer.Kind}");
                }

                if (NodeCacheEntry.Check(kind, answer.Entry, runtime.HashedSource(kind, file)) is null)
                {
                    local.Keep(format, kind, sha256, answer.Entry);
                }

                return new NodeEntryAnswer(kind, answer.Entry, answer.Generated);
            }
            catch (ModuleRejectedException e) when (e.Rejection.Reason == RejectionReason.NotCompilable)
            {
                throw new NodeCompileException(e.Message);
            }
            catch (ModuleRejectedException e) when (e.Rejection.Reason == RejectionReason.RuntimeNotServed)
            {
                GiveUp($"the cluster does not run Node {runtime.Id}: compiling here");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                GiveUp($"the cluster cannot be used ({e.Message}): compiling here");
            }
        }

        return await local.GetAsync(format, sha256, file, cancellationToken);
    }

    private void GiveUp(string warning)
    {
        if (Interlocked.Exchange(ref _unusable, 1) == 0)
        {
            error.WriteLine($"esmcache: warning: {warning}");
        }
    }

    public async ValueTask DisposeAsync() => await local.DisposeAsync();
}
