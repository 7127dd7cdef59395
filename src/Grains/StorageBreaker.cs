using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace EsmCacheCluster.Grains;

/// <summary>
/// Module storage that may go away: wraps the real provider so the silo keeps serving through an outage. The first
/// failed or slow call opens the breaker for <see cref="OpenFor"/>; while open, reads answer "not stored" at once (the
/// grain generates, which is correct for content-addressed records, only slower) and writes are held in memory, up to
/// <see cref="MaxHeldBytes"/>, beyond which they are dropped (the module is made again on demand). Once storage answers
/// again, the held writes are stored. A blob stored meanwhile by another silo wins: writes of an equivalent blob that
/// conflict are dropped.
/// </summary>
public sealed partial class StorageBreaker : IGrainStorage, IDisposable
{
    private readonly IGrainStorage _inner;
    private readonly ILogger<StorageBreaker> _logger;
    private readonly Timer _retry;

    public StorageBreaker(IGrainStorage inner, ILogger<StorageBreaker> logger)
    {
        _inner = inner;
        _logger = logger;
        // Held writes go to storage as soon as it answers again, without waiting for the next request.
        _retry = new Timer(_ => _ = FlushAsync(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    /// <summary>How long one storage call may take before the breaker opens: well under the callers' response timeout.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(15);

    public const long MaxHeldBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<GrainId, (string StateName, byte[] Blob)> _held = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _heldBytes;
    private long _openUntilTicks;
    private long _dropped;

    /// <summary>True while the breaker is open or writes are waiting for storage: the silo serves, but degraded.</summary>
    public bool Degraded => IsOpen || !_held.IsEmpty;

    public int HeldWrites => _held.Count;

    public long DroppedWrites => Interlocked.Read(ref _dropped);

    private bool IsOpen => DateTime.UtcNow.Ticks < Interlocked.Read(ref _openUntilTicks);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_held.TryGetValue(grainId, out var held))
        {
            Set(grainState, held.Blob, exists: true);
            return;
        }

        if (!IsOpen)
        {
            try
            {
                await CallAsync(() => _inner.ReadStateAsync(stateName, grainId, grainState)).ConfigureAwait(false);
                _ = FlushAsync(); // storage answers: store what was held
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                Open(e);
            }
        }

        Set(grainState, null, exists: false);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!IsOpen)
        {
            try
            {
                await CallAsync(() => _inner.WriteStateAsync(stateName, grainId, grainState)).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                Open(e);
            }
        }

        Hold(stateName, grainId, (grainState.State as ModuleBlobState)?.Blob);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_held.TryRemove(grainId, out var held))
        {
            Interlocked.Add(ref _heldBytes, -held.Blob.Length);
        }

        return IsOpen ? Task.CompletedTask : CallAsync(() => _inner.ClearStateAsync(stateName, grainId, grainState));
    }

    /// <summary>Stores the held writes if storage answers; stops at the first failure (the breaker opens again).</summary>
    public async Task FlushAsync()
    {
        if (_held.IsEmpty || IsOpen || !await _flushing.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            foreach (var (grainId, held) in _held)
            {
                var state = new GrainState<ModuleBlobState>(new ModuleBlobState { Blob = held.Blob });
                try
                {
                    await CallAsync(() => _inner.WriteStateAsync(held.StateName, grainId, state)).ConfigureAwait(false);
                }
                catch (InconsistentStateException)
                {
                    // Stored meanwhile (by another silo, or before the outage): the same content, nothing to do.
                }
                catch (Exception e) when (IsOutage(e))
                {
                    Open(e);
                    return;
                }

                if (_held.TryRemove(new KeyValuePair<GrainId, (string, byte[])>(grainId, held)))
                {
                    Interlocked.Add(ref _heldBytes, -held.Blob.Length);
                }
            }

            LogFlushed();
        }
        finally
        {
            _flushing.Release();
        }
    }

    public void Dispose()
    {
        _retry.Dispose();
        _flushing.Dispose();
    }

    private void Hold(string stateName, GrainId grainId, byte[]? blob)
    {
        if (blob is null)
        {
            return;
        }

        if (Interlocked.Add(ref _heldBytes, blob.Length) > MaxHeldBytes)
        {
            Interlocked.Add(ref _heldBytes, -blob.Length);
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (_held.TryGetValue(grainId, out var earlier) && _held.TryUpdate(grainId, (stateName, blob), earlier))
        {
            Interlocked.Add(ref _heldBytes, -earlier.Blob.Length);
        }
        else if (!_held.TryAdd(grainId, (stateName, blob)))
        {
            Interlocked.Add(ref _heldBytes, -blob.Length);
        }
    }

    private void Open(Exception e)
    {
        long until = DateTime.UtcNow.Add(OpenFor).Ticks;
        if (Interlocked.Exchange(ref _openUntilTicks, until) < DateTime.UtcNow.Ticks)
        {
            LogOpened(OpenFor.TotalSeconds, e.GetType().Name, e.Message);
        }
    }

    private static async Task CallAsync(Func<Task> call)
    {
        var work = call();
        try
        {
            // WaitAsync leaves no timer behind once the call answers, unlike racing it against a Task.Delay.
            await work.WaitAsync(CallTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _ = work.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default); // observed, whenever it ends
            throw new TimeoutException($"module storage did not answer within {CallTimeout.TotalSeconds:N0} s");
        }
    }

    /// <summary>Storage unreachable or failing; not a conflict (another writer) or a bug in the caller.</summary>
    private static bool IsOutage(Exception e) => e is not InconsistentStateException and not ArgumentException and not NotSupportedException;

    private static void Set<T>(IGrainState<T> grainState, byte[]? blob, bool exists)
    {
        grainState.State = (T)(object)new ModuleBlobState { Blob = blob };
        grainState.RecordExists = exists;
        grainState.ETag = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module storage failed ({Type}: {Message}); serving without it for {Seconds} s, holding writes in memory")]
    private partial void LogOpened(double seconds, string type, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Module storage answers again; held writes stored")]
    private partial void LogFlushed();
}
