using System.Diagnostics.CodeAnalysis;
using EsmCacheCluster.Format;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Grains;

/// <summary>
/// A silo-wide read-through cache of records (metadata-only BMES blobs) for the batch grains, least recently used
/// out first past <see cref="ModuleCacheOptions.RecordCacheBytes"/>. Safe because records are immutable and
/// addressed by content: a cached record can never be stale. Hits cost a dictionary look-up, not a grain call.
/// </summary>
public sealed class SiloRecordCache(IOptions<ModuleCacheOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _index = [];
    private readonly LinkedList<Entry> _recent = new();
    private long _bytes;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public bool TryGet(CacheKey key, [NotNullWhen(true)] out byte[]? blob)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var node))
            {
                if (node.Previous is not null)
                {
                    _recent.Remove(node);
                    _recent.AddFirst(node);
                }

                blob = node.Value.Blob;
                return true;
            }
        }

        blob = null;
        return false;
    }

    public void Add(CacheKey key, byte[] blob)
    {
        long limit = options.Value.RecordCacheBytes;
        if (blob.Length > limit)
        {
            return;
        }

        lock (_lock)
        {
            if (_index.ContainsKey(key))
            {
                return;
            }

            _index.Add(key, _recent.AddFirst(new Entry(key, blob)));
            _bytes += blob.Length;
            while (_bytes > limit && _recent.Last is { } oldest)
            {
                _recent.RemoveLast();
                _index.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Blob.Length;
            }
        }
    }

    public readonly record struct Entry(CacheKey Key, byte[] Blob);
}
