using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Grains;

/// <summary>
/// Runs generation off the grains' turns, on the thread pool, at most <see cref="ModuleCacheOptions.GenerationConcurrency"/>
/// at a time: it is CPU-bound, and grain turns must stay short. Paths never reach here: a module is named by its hash.
/// </summary>
public sealed class ModuleGenerationService(IOptions<ModuleCacheOptions> options) : IDisposable
{
    private readonly ModuleGenerator _generator = new();
    private readonly SemaphoreSlim _slots = new(options.Value.GenerationConcurrency);

    /// <param name="key">Holds the verified SHA-256 of <paramref name="source"/> and the transform it needs.</param>
    public Task<GeneratedModule> GenerateAsync(CacheKey key, byte[] source, bool includeBytecode) =>
        RunAsync(() => _generator.Generate(DocumentName(key), source, key, includeBytecode));

    /// <summary>
    /// Adds bytecode to a stored record generated earlier without it; neither the transform nor the analysis is
    /// repeated (a transformed record carries its emitted code).
    /// </summary>
    public Task<GeneratedModule> AddBytecodeAsync(ModuleRecord record, CacheKey key, byte[] source) =>
        RunAsync(() =>
        {
            var completed = _generator.AddBytecode(record, key.Transform, DocumentName(key), SourceText.Decode(source));
            return new GeneratedModule(completed, Bmes.Serialize(completed));
        });

    private static string DocumentName(CacheKey key) => $"esmcache:///{key}.mjs";

    private async Task<GeneratedModule> RunAsync(Func<GeneratedModule> work)
    {
        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            return await Task.Run(work).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        _generator.Dispose();
        _slots.Dispose();
    }
}
