using EsmCacheCluster.Format;

namespace EsmCacheCluster.Records;

/// <summary>
/// Where module records come from, whatever is behind it: a local folder with local generation
/// (<see cref="LocalRecordSource"/>), or a cluster (the client's <c>ModuleCacheClient</c>). What a scan, a graph
/// query or a module loader asks for; none of them knows which.
/// </summary>
/// <remarks>Implementations are thread-safe: a scan asks from every core at once, and one request per key is made.</remarks>
public interface IModuleRecordSource : IAsyncDisposable
{
    /// <summary>The record of one module, without bytecode. Cancelling stops this caller's wait.</summary>
    Task<ModuleFetch> GetAsync(ModuleSource source, CancellationToken cancellationToken = default);

    /// <summary>Records of many modules, in the order given.</summary>
    Task<ModuleFetch[]> GetManyAsync(IReadOnlyList<ModuleSource> sources, CancellationToken cancellationToken = default);

    /// <summary>The record with V8 bytecode (when the source's generator makes any), for hosts that run the module.</summary>
    Task<ModuleFetch> GetWithBytecodeAsync(ModuleSource source, CancellationToken cancellationToken = default);

    /// <summary>
    /// A module under <paramref name="transform"/> the local folder does not have will be asked for soon: start, in
    /// the background, what answering it needs (a cluster connection, a transformer engine).
    /// </summary>
    void Prepare(TransformOptions transform)
    {
    }
}
