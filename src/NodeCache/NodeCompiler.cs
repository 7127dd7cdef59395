using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// A long-lived Node process of one runtime that compiles modules for its compile cache without running them
/// (CompileWorker.js): each request is compiled in a worker thread with a bounded heap and a deadline, and a module
/// that loops or exhausts memory ends only that worker. Requests are answered in order; one compiler uses one core.
/// </summary>
public sealed class NodeCompiler : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<Answer>> _pending = new();
    private readonly Task _reading;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly string _scratch;
    private long _nextId;
    private string? _stopped;

    private NodeCompiler(NodeRuntime runtime, Process process, string scratch)
    {
        Runtime = runtime;
        _process = process;
        _scratch = scratch;
        _reading = Task.Run(ReadAnswersAsync);
    }

    public NodeRuntime Runtime { get; }

    /// <summary>False once its process ended: a pool starts another instead of lending this one.</summary>
    public bool IsRunning => _stopped is null;

    /// <summary>Starts a compiler; its V8 must have <paramref name="runtime"/>'s tag, or its payloads would be refused.</summary>
    public static async Task<NodeCompiler> StartAsync(NodeRuntime runtime, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        string scratch = Directory.CreateTempSubdirectory("esmcache-node-compiler-").FullName;
        string script = Path.Combine(scratch, "CompileWorker.js");
        await File.WriteAllBytesAsync(script, Resources.Bytes("CompileWorker.js"), cancellationToken).ConfigureAwait(false);
        var info = new ProcessStartInfo(runtime.NodePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Node flags, not V8 flags: the cache's version tag stays the runtime's (checked below).
        foreach (var argument in (string[])["--experimental-vm-modules", "--no-warnings", script])
        {
            info.ArgumentList.Add(argument);
        }

        NodeEnvironment.Apply(info, environment);
        var process = Process.Start(info) ?? throw new NodeRuntimeException($"{runtime.NodePath} did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var compiler = new NodeCompiler(runtime, process, scratch);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var ready = await compiler._ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (ready.Tag != runtime.Tag)
            {
                throw new NodeRuntimeException($"{runtime.NodePath}'s compiler has cache tag {ready.Tag:x8}, not the runtime's {runtime.Tag:x8}");
            }

            return compiler;
        }
        catch
        {
            await compiler.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private readonly TaskCompletionSource<Answer> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// V8's cached data for <paramref name="source"/> (the file's bytes) compiled as Node would load
    /// <paramref name="fullPath"/> in <paramref name="format"/>, and the kind it was compiled as; for
    /// <see cref="NodeModuleFormat.TypeScript"/> the text Node's strip mode makes of it instead. A source V8 cannot
    /// compile or strip, or a compile that ran out of time or memory, is a <see cref="NodeCompileException"/>.
    /// </summary>
    public async Task<(NodeCacheKind Kind, byte[] Payload)> CompileAsync(NodeModuleFormat format, string fullPath, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopped is not null && _process.HasExited, this);
        long id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        string kind = format switch { NodeModuleFormat.CommonJs => "commonjs", NodeModuleFormat.EsModule => "module", NodeModuleFormat.TypeScript => "typescript", _ => "auto" };
        string line = JsonSerializer.Serialize(new Request(id, kind, fullPath, Convert.ToBase64String(source.Span)), NodeCacheJson.Default.Request);
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped is { } why)
            {
                throw new NodeCompileException($"the compiler stopped: {why}");
            }

            await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            _pending.TryRemove(id, out _);
            throw new NodeCompileException($"the compiler stopped: {e.Message}");
        }
        finally
        {
            _writing.Release();
        }

        var result = await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            throw new NodeCompileException(error);
        }

        var compiledAs = result.Kind switch
        {
            "commonjs" => NodeCacheKind.CommonJs,
            "module" => NodeCacheKind.EsModule,
            "typescript" when format == NodeModuleFormat.TypeScript => NodeCacheKind.StrippedTypeScript,
            _ => throw new NodeCompileException($"the compiler answered an unknown kind '{result.Kind}'"),
        };
        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(result.Data ?? "");
        }
        catch (FormatException)
        {
            throw new NodeCompileException("the compiler's answer is not base64");
        }

        return payload.Length is > 0 and <= NodeCacheEntry.MaxPayloadBytes
            ? (compiledAs, payload)
            : throw new NodeCompileException($"the compiler answered {payload.Length} bytes of cached data");
    }

    private async Task ReadAnswersAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Answer? answer;
                try
                {
                    answer = JsonSerializer.Deserialize(line, NodeCacheJson.Default.Answer);
                }
                catch (JsonException)
                {
                    continue; // not ours: a module cannot print here (none runs), but a runtime might warn
                }

                if (answer is null)
                {
                    continue;
                }

                if (answer.Ready)
                {
                    _ready.TrySetResult(answer);
                }
                else if (answer.Id is { } id && _pending.TryRemove(id, out var waiting))
                {
                    waiting.TrySetResult(answer);
                }
            }
        }
        catch (IOException)
        {
            // the process ended
        }

        _stopped ??= "its process exited";
        _ready.TrySetException(new NodeRuntimeException($"{Runtime.NodePath}'s compiler exited before it was ready"));
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetResult(new Answer(false, id, null, null, "the compiler's process exited", 0));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopped ??= "disposed";
        try
        {
            _process.StandardInput.Close(); // the compiler exits when its input ends
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        await _reading.ConfigureAwait(false);
        _process.Dispose();
        _writing.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // a leftover in the temp folder
        }
    }

    internal sealed record Request(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("file")] string File,
        [property: JsonPropertyName("source")] string Source);

    internal sealed record Answer(
        [property: JsonPropertyName("ready")] bool Ready,
        [property: JsonPropertyName("id")] long? Id,
        [property: JsonPropertyName("kind")] string? Kind,
        [property: JsonPropertyName("data")] string? Data,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("tag")] uint Tag);
}
