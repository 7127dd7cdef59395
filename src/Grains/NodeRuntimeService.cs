using EsmCacheCluster.NodeCache;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsmCacheCluster.Grains;

/// <summary>
/// The Node runtimes this silo compiles entries with: each configured node is probed when the silo starts (its id,
/// cache folder layout and byte-order-mark rules), and compiles with up to one long-lived compiler per core. A node
/// that fails its probe is logged and not served: requests for it are refused, and clients compile locally.
/// </summary>
public sealed partial class NodeRuntimeService(NodeRuntimeOptions options, ILogger<NodeRuntimeService> logger) : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, Served> _runtimes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _probed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The ids of the runtimes served (after start).</summary>
    public IReadOnlyCollection<string> RuntimeIds => _runtimes.Keys;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var path in options.NodePaths)
            {
                try
                {
                    var runtime = await NodeRuntime.ProbeAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _runtimes[runtime.Id] = new Served(runtime, options.CompilersPerRuntime);
                    LogServing(runtime.Id, path);
                }
                catch (NodeRuntimeException e)
                {
                    LogNotServed(path, e.Message);
                }
            }
        }
        finally
        {
            _probed.TrySetResult();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The runtime with this id, once the probes are done; null when this silo does not serve it.</summary>
    public async Task<NodeRuntime?> FindAsync(string id)
    {
        await _probed.Task.ConfigureAwait(false);
        return _runtimes.TryGetValue(id, out var served) ? served.Runtime : null;
    }

    /// <summary>Compiles <paramref name="source"/> as <paramref name="format"/> and returns the checked entry and what it was compiled as.</summary>
    public Task<(NodeCacheKind Kind, byte[] Entry)> CompileAsync(NodeRuntime runtime, NodeModuleFormat format, string sha256, byte[] source, CancellationToken cancellationToken) =>
        _runtimes[runtime.Id].Compilers.CompileAsync(format, sha256, source, cancellationToken);

    public async ValueTask DisposeAsync()
    {
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
