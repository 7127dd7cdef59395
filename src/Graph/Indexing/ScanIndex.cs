using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Text;
using EsmCacheCluster.Format;
using EsmCacheCluster.Graph.Resolution;

namespace EsmCacheCluster.Graph.Indexing;

/// <summary>
/// What the last scan of a root learned, in one file: each module file's stat identity, cache key and record
/// (BMES, without bytecode), and each resolution with the file system facts it depended on. A scan trusts an entry
/// only when the file's stat is unchanged and was not racy when recorded; everything else is read, hashed and
/// resolved again. The file is checksummed and parsed with every length checked: a torn, truncated or foreign index
/// is refused as a whole (the scan then starts from nothing), never half-used.
/// </summary>
/// <remarks>
/// Layout (little-endian): "ESMI", u16 version, u16 0, u64 payload length, u64 XxHash3 of the payload; then the
/// payload: settings, scan start and write times (ns since the Unix epoch), the records, the files, the facts and
/// the resolutions grouped by importing file, and the folder listings, each as a count and its items. Strings are UTF-8 with a 7-bit-encoded length.
/// </remarks>
public sealed class ScanIndex
{
    public const ushort FormatVersion = 3;
    internal const int HeaderSize = 24;

    private static ReadOnlySpan<byte> Magic => "ESMI"u8;

    private readonly Dictionary<string, IndexedFile> _files;
    private readonly ReadOnlyMemory<byte>[] _recordBlobs;
    private readonly ModuleRecord?[] _records;
    private Dictionary<CacheKey, IndexedFile>? _byKey;
    private readonly FileFact[] _facts;
    private readonly int[] _factHolds; // 0: not checked yet, 1: holds, -1: does not
    private readonly Dictionary<string, IndexedResolution[]> _resolutions; // by importer, relative to the root

    private ScanIndex(string settings, long scanStartedNs, long writtenNs, Dictionary<string, IndexedFile> files, ReadOnlyMemory<byte>[] recordBlobs,
        FileFact[] facts, Dictionary<string, IndexedResolution[]> resolutions, Dictionary<string, DirectoryListing> listings)
    {
        Listings = listings;
        Settings = settings;
        ScanStartedNs = scanStartedNs;
        WrittenNs = writtenNs;
        _files = files;
        _recordBlobs = recordBlobs;
        _records = new ModuleRecord?[recordBlobs.Length];
        _facts = facts;
        _factHolds = new int[facts.Length];
        _resolutions = resolutions;
    }

    /// <summary>The scan settings and tool versions the index was written for; another set of settings has its own index.</summary>
    public string Settings { get; }

    /// <summary>When the scan that wrote the index started (wall clock, ns since the Unix epoch): the racy-timestamp reference.</summary>
    public long ScanStartedNs { get; }

    public long WrittenNs { get; }

    public int FileCount => _files.Count;

    /// <summary>The folder listings of the walk that wrote the index, by path relative to the root.</summary>
    public IReadOnlyDictionary<string, DirectoryListing> Listings { get; }

    public bool TryGetFile(string relativePath, [NotNullWhen(true)] out IndexedFile? file) => _files.TryGetValue(relativePath, out file);

    /// <summary>The file's record, checked (structure, and that it is the record of the file's hash); null when it is not usable.</summary>
    public ModuleRecord? Record(IndexedFile file)
    {
        if (Volatile.Read(ref _records[file.Record]) is { } cached)
        {
            return cached;
        }

        if (!Bmes.TryDeserialize(_recordBlobs[file.Record], out var record, out _) || record.SourceHash != file.Key.Hash)
        {
            return null;
        }

        Volatile.Write(ref _records[file.Record], record);
        return record;
    }

    public ReadOnlyMemory<byte> RecordBlob(IndexedFile file) => _recordBlobs[file.Record];

    /// <summary>A record the index holds for <paramref name="key"/> under any path (a file edited back, a copy, a rename).</summary>
    public bool TryGetRecord(CacheKey key, [NotNullWhen(true)] out ModuleRecord? record, out ReadOnlyMemory<byte> blob)
    {
        record = null;
        blob = default;
        // Built on first use: only a scan that read files looks records up by key.
        var byKey = Volatile.Read(ref _byKey);
        if (byKey is null)
        {
            byKey = new Dictionary<CacheKey, IndexedFile>(_files.Count);
            foreach (var indexed in _files.Values)
            {
                byKey.TryAdd(indexed.Key, indexed);
            }

            Volatile.Write(ref _byKey, byKey);
        }

        if (!byKey.TryGetValue(key, out var file) || Record(file) is not { } found)
        {
            return false;
        }

        record = found;
        blob = _recordBlobs[file.Record];
        return true;
    }

    /// <summary>
    /// The cached resolution of <paramref name="specifier"/> imported by <paramref name="importer"/> (relative to the
    /// root), when every fact it depended on still holds; each fact is checked once per index.
    /// </summary>
    /// <param name="position">Where the reference probably is among the importer's (its place among the module's references): looked at first.</param>
    public bool TryGetResolution(string importer, string specifier, ResolutionUse use, int position, bool trustTimes, out Resolution.Resolution resolution, [NotNullWhen(true)] out int[]? facts)
    {
        resolution = default;
        facts = null;
        if (!_resolutions.TryGetValue(importer, out var imports))
        {
            return false;
        }

        // References come in the order the index stored them, unless the file changed: a barrel of hundreds of
        // imports is then matched in linear time, not quadratic.
        IndexedResolution? found = (uint)position < (uint)imports.Length && imports[position].Use == use && imports[position].Specifier == specifier
            ? imports[position]
            : null;
        if (found is null)
        {
            foreach (var cached in imports)
            {
                if (cached.Use == use && cached.Specifier == specifier)
                {
                    found = cached;
                    break;
                }
            }
        }

        if (found is null)
        {
            return false;
        }

        foreach (int fact in found.Facts)
        {
            if (!Holds(fact, trustTimes))
            {
                return false;
            }
        }

        resolution = found.Resolution;
        facts = found.Facts;
        return true;
    }

    public FileFact Fact(int position) => _facts[position];

    /// <summary>Forgets which facts were found to hold: a later scan reusing this index checks them again.</summary>
    public void ForgetChecks() => Array.Clear(_factHolds);

    /// <summary>The files (relative to the root) whose imports resolved to <paramref name="fullPath"/> when the index was written.</summary>
    public IEnumerable<string> ImportersOf(string fullPath)
    {
        foreach (var (importer, imports) in _resolutions)
        {
            foreach (var cached in imports)
            {
                if (cached.Resolution.Path == fullPath)
                {
                    yield return importer;
                    break;
                }
            }
        }
    }

    private bool Holds(int position, bool trustTimes)
    {
        int known = Volatile.Read(ref _factHolds[position]);
        if (known == 0)
        {
            var fact = _facts[position];
            bool holds = (trustTimes || fact.Kind != FactKind.Content) && fact.StillHolds(ScanStartedNs);
            known = holds ? 1 : -1;
            Volatile.Write(ref _factHolds[position], known);
        }

        return known == 1;
    }

    /// <summary>Parses and checks an index; <see cref="InvalidDataException"/> names what is wrong with it.</summary>
    public static ScanIndex Parse(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < HeaderSize || !span[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not an esmcache index (no ESMI header)");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"index format {version}, this esmcache reads {FormatVersion}");
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
        if (length != (ulong)(span.Length - HeaderSize))
        {
            throw new InvalidDataException($"index is {span.Length - HeaderSize} bytes after its header, the header says {length} (torn or truncated)");
        }

        var payload = bytes[HeaderSize..];
        if (XxHash3.HashToUInt64(payload.Span) != BinaryPrimitives.ReadUInt64LittleEndian(span[16..]))
        {
            throw new InvalidDataException("index checksum mismatch (corrupted)");
        }

        var reader = new Reader(payload);
        string settings = reader.String();
        long started = reader.Int64();
        long written = reader.Int64();

        var blobs = new ReadOnlyMemory<byte>[reader.Count(minItemBytes: 1)];
        for (int i = 0; i < blobs.Length; i++)
        {
            blobs[i] = reader.Bytes();
        }

        int fileCount = reader.Count(minItemBytes: 48);
        var files = new Dictionary<string, IndexedFile>(fileCount, StringComparer.Ordinal);
        for (int i = 0; i < fileCount; i++)
        {
            string path = reader.String();
            var stat = reader.Stat();
            var hash = new ContentHash(reader.Raw(ContentHash.Size));
            string variant = reader.String();
            if (!TransformOptions.TryParseVariant(variant, out var transform))
            {
                throw new InvalidDataException($"unknown transform '{variant}' for {path}");
            }

            long fileLength = reader.Int64();
            int record = reader.Index(blobs.Length);
            if (!files.TryAdd(path, new IndexedFile(stat, new CacheKey(hash, transform), fileLength, record)))
            {
                throw new InvalidDataException($"{path} is listed twice");
            }
        }

        var facts = new FileFact[reader.Count(minItemBytes: 3)];
        for (int i = 0; i < facts.Length; i++)
        {
            byte kind = reader.Byte();
            if (kind > (byte)FactKind.Content)
            {
                throw new InvalidDataException($"unknown fact kind {kind}");
            }

            facts[i] = new FileFact(i, (FactKind)kind, reader.String(), reader.Stat(), reader.NullableString());
        }

        int importerCount = reader.Count(minItemBytes: 2);
        var resolutions = new Dictionary<string, IndexedResolution[]>(importerCount, StringComparer.Ordinal);
        for (int i = 0; i < importerCount; i++)
        {
            string importer = reader.String();
            var imports = new IndexedResolution[reader.Count(minItemBytes: 5)];
            for (int r = 0; r < imports.Length; r++)
            {
                string specifier = reader.String();
                byte use = reader.Byte();
                if (use > (byte)ResolutionUse.ReferenceTypes)
                {
                    throw new InvalidDataException($"unknown resolution use {use}");
                }

                byte tag = reader.Byte();
                string value = reader.String();
                var resolution = tag switch
                {
                    0 => Resolution.Resolution.File(value),
                    1 => Resolution.Resolution.OfBuiltin(value),
                    2 => Resolution.Resolution.Failed(value),
                    _ => throw new InvalidDataException($"unknown resolution kind {tag}"),
                };
                var dependencies = new int[reader.Count(minItemBytes: 1)];
                for (int d = 0; d < dependencies.Length; d++)
                {
                    dependencies[d] = reader.Index(facts.Length);
                }

                imports[r] = new IndexedResolution(specifier, (ResolutionUse)use, resolution, dependencies);
            }

            if (!resolutions.TryAdd(importer, imports))
            {
                throw new InvalidDataException($"the imports of {importer} are listed twice");
            }
        }

        int folderCount = reader.Count(minItemBytes: 45);
        var listings = new Dictionary<string, DirectoryListing>(folderCount, StringComparer.Ordinal);
        for (int i = 0; i < folderCount; i++)
        {
            string path = reader.String();
            var stat = reader.Stat();
            bool hasGitignore = reader.Byte() != 0;
            var directories = new string[reader.Count(minItemBytes: 1)];
            for (int d = 0; d < directories.Length; d++)
            {
                directories[d] = reader.Name();
            }

            var names = new string[reader.Count(minItemBytes: 1)];
            for (int f = 0; f < names.Length; f++)
            {
                names[f] = reader.Name();
            }

            if (!listings.TryAdd(path, new DirectoryListing(stat, directories, names, hasGitignore)))
            {
                throw new InvalidDataException($"the folder {path} is listed twice");
            }
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException("unexpected bytes after the last resolution");
        }

        return new ScanIndex(settings, started, written, files, blobs, facts, resolutions, listings);
    }

    /// <summary>Fills the header of an index file whose payload follows <see cref="HeaderSize"/> reserved bytes.</summary>
    internal static void WriteHeader(Span<byte> file)
    {
        var payload = file[HeaderSize..];
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file[4..], FormatVersion);
        file[6..8].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(file[8..], (ulong)payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file[16..], XxHash3.HashToUInt64(payload));
    }

    /// <summary>A cursor over the payload: every read is bounds-checked; counts are checked against what is left.</summary>
    private struct Reader(ReadOnlyMemory<byte> payload)
    {
        private int _position;

        public readonly bool AtEnd => _position == payload.Length;

        public byte Byte() => Take(1)[0];

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ReadOnlySpan<byte> Raw(int length) => Take(length);

        public int Count(int minItemBytes)
        {
            int count = Length();
            if ((long)count * minItemBytes > payload.Length - _position)
            {
                throw new InvalidDataException($"a count of {count} items cannot fit in the {payload.Length - _position} bytes left");
            }

            return count;
        }

        public int Index(int count)
        {
            int index = Length();
            return index < count ? index : throw new InvalidDataException($"reference {index} out of range (of {count})");
        }

        public ReadOnlyMemory<byte> Bytes()
        {
            int length = Length();
            Take(length);
            return payload.Slice(_position - length, length);
        }

        public string String()
        {
            var bytes = Take(Length());
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException("a string is not valid UTF-8");
            }
        }

        public string? NullableString() => Byte() == 0 ? null : String();

        /// <summary>A name inside a folder: never empty, never a separator or a relative step (it is joined to paths).</summary>
        public string Name()
        {
            string name = String();
            return name.Length > 0 && name is not ("." or "..") && !name.Contains('/') && !name.Contains('\0')
                ? name
                : throw new InvalidDataException($"'{name}' is not a file name");
        }

        public FileStat Stat()
        {
            byte kind = Byte();
            if (kind > (byte)FileKind.Other)
            {
                throw new InvalidDataException($"unknown file kind {kind}");
            }

            return new FileStat((FileKind)kind, Int64(), Int64(), Int64(), (ulong)Int64(), (ulong)Int64());
        }

        private int Length()
        {
            // 7-bit encoded, at most 5 bytes, and never more than what an int holds.
            uint value = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = Byte();
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value <= int.MaxValue ? (int)value : throw new InvalidDataException("a length above 2 GiB");
                }
            }

            throw new InvalidDataException("a malformed length");
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > payload.Length - _position)
            {
                throw new InvalidDataException("index ends in the middle of an item (truncated)");
            }

            var span = payload.Span.Slice(_position, length);
            _position += length;
            return span;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
