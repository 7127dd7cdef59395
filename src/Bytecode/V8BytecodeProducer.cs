using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;

namespace EsmCacheCluster.Bytecode;

/// <summary>
/// Produces V8 code caches for ES modules through ClearScript. Thread-safe: each concurrent call gets its own
/// V8 runtime from a small pool, because a V8 runtime serves one thread at a time.
/// </summary>
public sealed class V8BytecodeProducer : IDisposable
{
    private const V8RuntimeFlags RuntimeFlags = V8RuntimeFlags.None;

    // A runtime's heap keeps compiled functions until V8 collects them; replacing it now and then bounds memory
    // without paying its start-up (about 40 ms) often.
    private const int CompilesPerRuntime = 2000;

    /// <summary>
    /// Names the engine whose code cache this is. ClearScript pins one V8 build per package version (it refuses a
    /// mismatched native library), and code caches depend on the V8 build, platform and V8 flags.
    /// </summary>
    public static string Fingerprint { get; } =
        $"v8/clearscript-{typeof(V8ScriptEngine).Assembly.GetName().Version}/{RuntimeInformation.RuntimeIdentifier};flags={(int)RuntimeFlags};global={(int)V8Process.GlobalFlags}";

    private readonly ConcurrentBag<PooledRuntime> _idle = [];
    private readonly Lazy<string?> _unavailableReason;
    private bool _disposed;

    public V8BytecodeProducer()
    {
        _unavailableReason = new Lazy<string?>(Probe, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Null when V8 loads on this machine; otherwise why it does not (for records and diagnostics).</summary>
    public string? UnavailableReason => _unavailableReason.Value;

    public BytecodeResult Produce(string documentName, string source)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (UnavailableReason is { } reason)
        {
            return BytecodeResult.Missing($"V8 unavailable: {reason}");
        }

        var pooled = Rent();
        try
        {
            var document = new DocumentInfo(documentName) { Category = ModuleCategory.Standard };
            using var script = pooled.Runtime.Compile(document, source, V8CacheKind.Code, out byte[] cache);
            pooled.Compiles++;
            return cache is { Length: > 0 } ? new BytecodeResult(cache, "") : BytecodeResult.Missing("V8 produced no code cache");
        }
        catch (ScriptEngineException e)
        {
            return BytecodeResult.Missing($"V8 rejected the module: {e.Message}");
        }
        finally
        {
            Return(pooled);
        }
    }

    private PooledRuntime Rent() => _idle.TryTake(out var pooled) ? pooled : new PooledRuntime();

    private void Return(PooledRuntime pooled)
    {
        if (_disposed || pooled.Compiles >= CompilesPerRuntime || _idle.Count >= Environment.ProcessorCount)
        {
            pooled.Runtime.Dispose();
            return;
        }

        _idle.Add(pooled);
    }

    private string? Probe()
    {
        try
        {
            _idle.Add(new PooledRuntime());
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or BadImageFormatException
                                      or EntryPointNotFoundException or TypeLoadException or InvalidOperationException
                                      or PlatformNotSupportedException)
        {
            return $"{e.GetType().Name}: {(e.InnerException ?? e).Message}";
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var pooled))
        {
            pooled.Runtime.Dispose();
        }
    }

    private sealed class PooledRuntime
    {
        public readonly V8Runtime Runtime = NewRuntime();

        private static V8Runtime NewRuntime()
        {
            V8Process.Configure();
            return new V8Runtime(RuntimeFlags);
        }

        public int Compiles;
    }
}
