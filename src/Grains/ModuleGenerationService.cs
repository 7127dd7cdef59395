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

    /// <param name="hash">The verified SHA-256 of <paramref name="source"/>.</param>
    public Task<GeneratedModule> GenerateAsync(ContentHash hash, byte[] source, bool includeBytecode) =>
        RunAsync(() => _generator.Generate(DocumentName(hash), source, hash, includeBytecode));

    /// <summary>Adds bytecode to a record generated earlier without it; the analysis is not repeated.</summary>
    public Task<GeneratedModule> AddBytecodeAsync(ModuleRecord record, byte[] source) =>
        RunAsync(() =>
        {
            var completed = _generator.AddBytecode(record, DocumentName(record.SourceHash), SourceText.Decode(source));
            return new GeneratedModule(completed, Bmes.Serialize(completed));
        });

    private static string DocumentName(ContentHash hash) => $"esmcache:///{hash}.mjs";

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
