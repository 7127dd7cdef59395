using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using EsmCacheCluster.Format;
using Wasmtime;

namespace EsmCacheCluster.Transform;

/// <summary>
/// amaro's WebAssembly run by Wasmtime instead of V8, for type stripping with no JavaScript engine to start: the
/// module is compiled once per machine (Cranelift, ~1.4 s here) and kept beside the record cache folder, so a
/// process that strips one file loads it in ~30 ms where starting V8 with amaro took ~480 ms. Same bytes, same
/// deterministic code: its output is V8's (tests compare the two over the corpus), and a module that traps is
/// handed to V8. One instance per core at most, each kept for the process, like the V8 engines.
/// </summary>
/// <remarks>
/// The compiled module is native code Wasmtime maps and runs as it is, so it is guarded: written atomically in a
/// directory only the user may write, refused if others may write it or the directory, and checked against the
/// length and XxHash3 recorded beside it (a <c>.check</c> file written after it), so a torn, truncated or damaged
/// file is compiled again rather than run. The check is a checksum, not a signature: what keeps others from planting
/// code is the directory's permissions — whoever may write there may already replace esmcache itself. It is mapped,
/// not read, because reading and hashing the 7.5 MB with SHA-256 took ~100 ms of the ~130 ms a one-file edit may
/// spend here. Wasmtime itself refuses a module compiled by another version or for another CPU. Where the cache
/// cannot be written the module is compiled in memory for the process.
/// </remarks>
internal static class WasmtimeAmaro
{
    private static readonly Lazy<(Engine Engine, Module Module)?> Compiled = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentBag<AmaroInstance> Free = [];

    // The process's first instance, made by Prepare while the scan still reads, taken by the first strip (which
    // waits for it rather than making a second one on a machine whose cores are busy reading).
    private static readonly Lazy<AmaroInstance?> First = new(static () => Compiled.Value is null ? null : Create(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static int s_firstTaken;
    private static readonly SemaphoreSlim Slots = new(TypeScriptTransformer.MaxEngines, TypeScriptTransformer.MaxEngines);

    /// <summary>Why Wasmtime is not used in this process (it failed to load or compile), or null.</summary>
    public static string? Problem { get; private set; }

    /// <summary>Where compiled modules are kept: ESMCACHE_WASMTIME_CACHE, else $XDG_CACHE_HOME/esmcache-wasmtime (~/.cache/esmcache-wasmtime).</summary>
    public static string CacheDirectory { get; } = CompiledCacheDirectory();

    /// <summary>Loads (or compiles) the module on the calling thread, so that the first strip finds it ready.</summary>
    public static bool Prepare() => First.Value is not null;

    /// <summary>
    /// Strips <paramref name="source"/> as TransformHost.js asks amaro to; false when Wasmtime is unavailable here or
    /// the module trapped (the caller then asks V8, whose answer, error or panic message, is the one recorded).
    /// </summary>
    public static bool TryStrip(string source, bool tsx, bool transform, out StripOutcome outcome)
    {
        outcome = default;
        if (Compiled.Value is null)
        {
            return false;
        }

        Slots.Wait();
        AmaroInstance? instance = null;
        try
        {
            instance = Free.TryTake(out var free) ? free : Interlocked.Exchange(ref s_firstTaken, 1) == 0 ? First.Value : Create();
            if (instance is null)
            {
                return false;
            }

            outcome = instance.Strip(source, tsx, transform);
            Free.Add(instance);
            instance = null;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A trap (or a defect in the glue) may leave the instance in any state: it is not reused, and V8 answers.
            instance?.Dispose();
            return false;
        }
        finally
        {
            Slots.Release();
        }
    }

    private static AmaroInstance? Create()
    {
        var (engine, module) = Compiled.Value!.Value;
        try
        {
            return new AmaroInstance(engine, module);
        }
        catch (Exception e) when (e is WasmtimeException or InvalidOperationException)
        {
            Problem = $"amaro's WebAssembly could not be instantiated: {e.Message}";
            return null;
        }
    }

    private static (Engine, Module)? Load()
    {
        try
        {
            return LoadOrCompile();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong, V8 strips instead: a cache of compiled code never stops a transform.
            Problem = $"Wasmtime's amaro could not be loaded: {e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    private static (Engine, Module)? LoadOrCompile()
    {
        if (Environment.GetEnvironmentVariable("ESMCACHE_WASMTIME") == "0")
        {
            Problem = "ESMCACHE_WASMTIME=0";
            return null;
        }

        Engine engine;
        try
        {
            engine = new Engine(new Config().WithParallelCompilation(true));
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException or TypeInitializationException or WasmtimeException)
        {
            Problem = $"Wasmtime does not load here: {e.GetType().Name}: {(e.InnerException ?? e).Message}";
            return null;
        }

        string path = Path.Combine(CacheDirectory, $"amaro-{TypeScriptTransformer.AmaroVersion}-{TypeScriptTransformer.AmaroWasmSha256[..16]}.wasmtime-{WasmtimeVersion}.cwasm");
        if (ReadCompiled(engine, path) is { } kept)
        {
            return (engine, kept);
        }

        try
        {
            var module = Module.FromBytes(engine, "amaro", TypeScriptTransformer.AmaroWasm);
            WriteCompiled(module, path);
            return (engine, module);
        }
        catch (WasmtimeException e)
        {
            Problem = $"Wasmtime could not compile amaro's WebAssembly: {e.Message}";
            engine.Dispose();
            return null;
        }
    }

    private static string WasmtimeVersion { get; } = typeof(Engine).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The module compiled into <paramref name="path"/>, or null when it is missing, refused or fails its check.</summary>
    internal static Module? ReadCompiled(Engine engine, string path)
    {
        string check = path + ".check";
        try
        {
            if (!File.Exists(path) || !File.Exists(check) || OthersMayWriteTo(path) || OthersMayWriteTo(Path.GetDirectoryName(path)!))
            {
                return null;
            }

            Span<byte> expected = stackalloc byte[CheckLength];
            using (var stream = new FileStream(check, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            {
                if (stream.Length != CheckLength)
                {
                    return null;
                }

                stream.ReadExactly(expected);
            }

            return Checksum(path) is { } actual && actual.SequenceEqual(expected) ? Module.DeserializeFile(engine, "amaro", path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or WasmtimeException)
        {
            // Another Wasmtime's or CPU's module, an empty or unreadable file: compiled again.
            return null;
        }
    }

    /// <summary>Keeps <paramref name="module"/> at <paramref name="path"/> with its check; quietly nothing where that cannot be done.</summary>
    internal static void WriteCompiled(Module module, string path)
    {
        try
        {
            string directory = Path.GetDirectoryName(path)!;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            if (OthersMayWriteTo(directory))
            {
                return;
            }

            AtomicFile.Write(path, module.Serialize(), createDirectory: false);
            if (Checksum(path) is { } checksum)
            {
                AtomicFile.Write(path + ".check", checksum, createDirectory: false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or WasmtimeException)
        {
            // Compiled in memory for this process; the next one tries again.
        }
    }

    private const int CheckLength = 16;

    /// <summary>The file's length and XxHash3, read through a mapping (what Wasmtime maps next comes from the same pages).</summary>
    private static byte[]? Checksum(string path)
    {
        if (new FileInfo(path).Length == 0)
        {
            return null;
        }

        using var mapped = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = mapped.CreateViewStream(0, 0, MemoryMappedFileAccess.Read);
        long length = view.Length;
        if (length is 0 or > int.MaxValue)
        {
            return null;
        }

        var hash = new XxHash3();
        hash.Append(view);
        var result = new byte[CheckLength];
        BinaryPrimitives.WriteInt64LittleEndian(result, length);
        hash.GetCurrentHash(result.AsSpan(8));
        return result;
    }

    private static bool OthersMayWriteTo(string path) => !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersMayWrite) != 0;

    private const UnixFileMode OthersMayWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    // Beside the record cache folder, not in it: that folder is the user's to clear, cap and point elsewhere.
    private static string CompiledCacheDirectory() =>
        Environment.GetEnvironmentVariable("ESMCACHE_WASMTIME_CACHE") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetDirectoryName(BmesDirectory.DefaultRoot())!, "esmcache-wasmtime");
}
