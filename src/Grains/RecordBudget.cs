using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Grains;

/// <summary>
/// Bounds what a silo holds: every active module grain is tracked with the bytes it holds, most recently used
/// first; past <see cref="ModuleCacheOptions.MaxHeldBytes"/>, the least recently used are deactivated (their
/// blobs stay in storage and reload on the next request). Idle ones are also collected by Orleans' own timer.
/// </summary>
public sealed partial class RecordBudget(IOptions<ModuleCacheOptions> options, ILogger<RecordBudget> logger)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Entry> _recent = new();
    private long _heldBytes;

    public long HeldBytes
    {
        get
        {
            lock (_lock)
            {
                return _heldBytes;
            }
        }
    }

    public int ActiveRecords
    {
        get
        {
            lock (_lock)
            {
                return _recent.Count;
            }
        }
    }

    private long _evictions;

    /// <summary>Grains deactivated to stay within the budget since the silo started.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    public LinkedListNode<Entry> Track(IGrainContext grain, long bytes)
    {
        LinkedListNode<Entry> node;
        lock (_lock)
        {
            node = _recent.AddFirst(new Entry(grain) { Bytes = bytes });
            _heldBytes += bytes;
        }

        EvictIfOverBudget();
        return node;
    }

    public void Update(LinkedListNode<Entry> node, long bytes)
    {
        lock (_lock)
        {
            if (node.List is not null)
            {
                _heldBytes += bytes - node.Value.Bytes;
            }

            node.Value.Bytes = bytes;
        }

        EvictIfOverBudget();
    }

    public void Touch(LinkedListNode<Entry> node)
    {
        lock (_lock)
        {
            if (node.List is not null && node.Previous is not null)
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
            }
        }
    }

    public void Release(LinkedListNode<Entry> node)
    {
        lock (_lock)
        {
            if (node.List is not null)
            {
                _recent.Remove(node);
                _heldBytes -= node.Value.Bytes;
            }
        }
    }

    private void EvictIfOverBudget()
    {
        long limit = options.Value.MaxHeldBytes;
        List<IGrainContext>? victims = null;
        lock (_lock)
        {
            long excess = _heldBytes - limit;
            for (var node = _recent.Last; excess > 0 && node is not null; node = node.Previous)
            {
                if (!node.Value.Evicting)
                {
                    node.Value.Evicting = true;
                    excess -= node.Value.Bytes;
                    (victims ??= []).Add(node.Value.Grain);
                }
            }
        }

        if (victims is null)
        {
            return;
        }

        // Concurrent activations evict at once: the count is shared, so it is added atomically.
        Interlocked.Add(ref _evictions, victims.Count);
        LogEvicting(victims.Count, limit);
        foreach (var grain in victims)
        {
            grain.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "module cache memory budget"));
        }
    }

    public sealed class Entry(IGrainContext grain)
    {
        public IGrainContext Grain { get; } = grain;

        public long Bytes { get; set; }

        public bool Evicting { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivating {Count} least recently used module grains: over the {Limit}-byte budget")]
    private partial void LogEvicting(int count, long limit);
}
