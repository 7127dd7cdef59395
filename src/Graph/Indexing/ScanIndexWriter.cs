using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Resolution;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>Builds the next index of a root from what a scan saw (see <see cref="ScanIndex"/> for the layout). Not thread-safe.</summary>
public sealed class ScanIndexWriter
{
    private readonly List<ReadOnlyMemory<byte>> _records = [];
    private readonly Dictionary<CacheKey, int> _recordPositions = [];
    private readonly List<(string Path, FileStat Stat, CacheKey Key, long Length, int Record)> _files = [];
    private readonly List<FileFact> _facts = [];
    private readonly Dictionary<(FactKind, string), int> _factPositions = [];
    private readonly List<(string Importer, List<(string Specifier, ResolutionUse Use, Resolution.Resolution Resolution, int[] Facts)> Imports)> _resolutions = [];

    /// <param name="stat">The stat taken before the file was read: a later change then always shows as a different stat.</param>
    public void AddFile(string relativePath, FileStat stat, CacheKey key, long length, ReadOnlyMemory<byte> recordBlob)
    {
        if (!_recordPositions.TryGetValue(key, out int record))
        {
            record = _records.Count;
            _records.Add(recordBlob);
            _recordPositions[key] = record;
        }

        _files.Add((relativePath, stat, key, length, record));
    }

    public void AddResolution(string importer, string specifier, ResolutionUse use, Resolution.Resolution resolution, ReadOnlySpan<FileFact> facts)
    {
        var positions = new int[facts.Length];
        for (int i = 0; i < facts.Length; i++)
        {
            var fact = facts[i];
            if (!_factPositions.TryGetValue((fact.Kind, fact.Path), out int position))
            {
                position = _facts.Count;
                _facts.Add(fact);
                _factPositions[(fact.Kind, fact.Path)] = position;
            }

            positions[i] = position;
        }

        // A file's imports are added together; the index stores them as one group.
        if (_resolutions.Count == 0 || _resolutions[^1].Importer != importer)
        {
            _resolutions.Add((importer, []));
        }

        _resolutions[^1].Imports.Add((specifier, use, resolution, positions));
    }

    private readonly List<(string Path, DirectoryListing Listing)> _listings = [];

    public void AddListing(string relativePath, DirectoryListing listing) => _listings.Add((relativePath, listing));

    /// <summary>The whole index file: header (magic, version, length, checksum) and payload, in one buffer.</summary>
    public ReadOnlyMemory<byte> ToBytes(string settings, long scanStartedNs, long writtenNs)
    {
        // Sized from what is known up front, so an index of several MB is written without regrowing (each regrowth
        // copies what was written and touches fresh pages) and framed in place instead of copied once more.
        long recordBytes = 0;
        foreach (var record in _records)
        {
            recordBytes += record.Length + 5;
        }

        long estimate = ScanIndex.HeaderSize + recordBytes + 160L * _files.Count + 96L * _facts.Count + 64L * _resolutions.Count + 128L * _listings.Count + 1024;
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(estimate, Array.MaxLength));
        buffer.Advance(ScanIndex.HeaderSize);
        String(buffer, settings);
        Int64(buffer, scanStartedNs);
        Int64(buffer, writtenNs);
        Length(buffer, _records.Count);
        foreach (var record in _records)
        {
            Length(buffer, record.Length);
            buffer.Write(record.Span);
        }

        Length(buffer, _files.Count);
        Span<byte> hash = stackalloc byte[ContentHash.Size];
        foreach (var (path, stat, key, length, record) in _files)
        {
            String(buffer, path);
            Stat(buffer, stat);
            key.Hash.CopyTo(hash);
            buffer.Write(hash);
            String(buffer, key.Transform.Variant);
            Int64(buffer, length);
            Length(buffer, record);
        }

        Length(buffer, _facts.Count);
        foreach (var fact in _facts)
        {
            buffer.Write([(byte)fact.Kind]);
            String(buffer, fact.Path);
            Stat(buffer, fact.Stat);
            buffer.Write([fact.LinkTarget is null ? (byte)0 : (byte)1]);
            if (fact.LinkTarget is not null)
            {
                String(buffer, fact.LinkTarget);
            }
        }

        Length(buffer, _resolutions.Count);
        foreach (var (importer, imports) in _resolutions)
        {
            String(buffer, importer);
            Length(buffer, imports.Count);
            foreach (var (specifier, use, resolution, facts) in imports)
            {
                String(buffer, specifier);
                buffer.Write([(byte)use]);
                (byte tag, string value) = resolution switch
                {
                    { Path: { } path } => ((byte)0, path),
                    { Builtin: { } builtin } => ((byte)1, builtin),
                    _ => ((byte)2, resolution.Error ?? ""),
                };
                buffer.Write([tag]);
                String(buffer, value);
                Length(buffer, facts.Length);
                foreach (int fact in facts)
                {
                    Length(buffer, fact);
                }
            }
        }

        Length(buffer, _listings.Count);
        foreach (var (path, listing) in _listings)
        {
            String(buffer, path);
            Stat(buffer, listing.Stat);
            buffer.Write([listing.HasGitignore ? (byte)1 : (byte)0]);
            Length(buffer, listing.Directories.Length);
            foreach (var name in listing.Directories)
            {
                String(buffer, name);
            }

            Length(buffer, listing.Files.Length);
            foreach (var name in listing.Files)
            {
                String(buffer, name);
            }
        }

        var written = MemoryMarshal.AsMemory(buffer.WrittenMemory);
        ScanIndex.WriteHeader(written.Span);
        return written;
    }

    private static void Stat(ArrayBufferWriter<byte> buffer, in FileStat stat)
    {
        buffer.Write([(byte)stat.Kind]);
        Int64(buffer, stat.Size);
        Int64(buffer, stat.ModifiedNs);
        Int64(buffer, stat.ChangedNs);
        Int64(buffer, (long)stat.Inode);
        Int64(buffer, (long)stat.Device);
    }

    private static void Int64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void Length(ArrayBufferWriter<byte> buffer, int value)
    {
        var span = buffer.GetSpan(5);
        int i = 0;
        uint v = (uint)value;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[i++] = (byte)v;
        buffer.Advance(i);
    }

    private static void String(ArrayBufferWriter<byte> buffer, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        Length(buffer, length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }
}
