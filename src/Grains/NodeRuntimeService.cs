using EsmCacheCluster.NodeCache;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsmCacheCluster.Grains;

/// <summary>
/// The Node runtimes this silo compiles entries with: each configured node is probed (its id, cache folder layout and
/// byte-order-mark rules) while the silo starts, not before it (a request for an entry waits for the probes), and
/// compiles with up to one long-lived compiler per core. A node that fails its probe is logged and not served:
/// requests for it are refused, and clients compile locally.
/// </summary>
public sealed partial class NodeRuntimeService(NodeRuntimeOptions options, ILogger<NodeRuntimeService> logger) : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, Served> _runtimes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _probed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task _probing = Task.CompletedTask;
    private int _disposed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _probing = Task.Run(ProbeAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ProbeAsync()
    {
        try
        {
            foreach (var path in options.NodePaths)
            {
                try
                {
                    var runtime = await NodeRuntime.ProbeAsync(path, cancellationToken: _stopping.Token).ConfigureAwait(false);
                    _runtimes[runtime.Id] = new Served(runtime, options.CompilersPerRuntime);
                    LogServing(runtime.Id, path);
                }
                catch (NodeRuntimeException e)
                {
                    LogNotServed(path, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the silo stops: nothing more is served
        }
        finally
        {
            _probed.TrySetResult();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>The runtime with this id, once the probes are done; null when this silo does not serve it.</summary>
    public async Task<NodeRuntime?> FindAsync(string id)
    {
        await _probed.Task.ConfigureAwait(false);
        return _runtimes.TryGetValue(id, out var served) ? served.Runtime : null;
    }

    /// <summary>Compiles <paramref name="source"/> as <paramref name="format"/> and returns its entry and what it was compiled as.</summary>
    public Task<(NodeCacheKind Kind, byte[] Entry)> CompileAsync(NodeRuntime runtime, NodeModuleFormat format, string sha256, byte[] source, CancellationToken cancellationToken) =>
        _runtimes[runtime.Id].Compilers.CompileAsync(format, sha256, source, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Disposed once as itself and once as the hosted service it also is.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        await _probing.ConfigureAwait(false);
        _stopping.Dispose();
        foreach (var served in _runtimes.Values)
        {
            await served.Compilers.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node compile cache entries for {Runtime} ({Path})")]
    private partial void LogServing(string runtime, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Node runtime {Path} is not served: {Reason}")]
    private partial void LogNotServed(string path, string reason);

    private sealed class Served(NodeRuntime runtime, int compilers)
    {
        public NodeRuntime Runtime { get; } = runtime;

        public NodeCompilerPool Compilers { get; } = new(runtime, token => NodeCompiler.StartAsync(runtime, cancellationToken: token), compilers);
    }
}
