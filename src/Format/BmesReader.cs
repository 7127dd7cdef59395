using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace EsmCacheCluster.Format;

/// <summary>
/// Reads and validates BMES v1. Every length is checked against the bytes that remain before anything is
/// allocated, so a hostile blob costs at most its own size; every problem is a <see cref="BmesFormatException"/>
/// with the offset it was found at. With <c>materialize: false</c> it validates without building the record.
/// </summary>
internal static class BmesReader
{
    public static ModuleRecord? Read(ReadOnlySpan<byte> blob, ReadOnlyMemory<byte> memory, bool materialize)
    {
        if (blob.Length > Bmes.MaxBlobSize)
        {
            throw new BmesFormatException($"blob is {blob.Length} bytes, above the {Bmes.MaxBlobSize}-byte limit", 0);
        }

        if (blob.Length < 4 || !blob[..4].SequenceEqual(Bmes.Magic))
        {
            throw new BmesFormatException("missing \"BMES\" magic", 0);
        }

        if (blob.Length < Bmes.MinimumSize)
        {
            throw new BmesFormatException($"blob is {blob.Length} bytes, shorter than the {Bmes.MinimumSize}-byte minimum", blob.Length);
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (version != Bmes.Version)
        {
            throw new BmesFormatException($"unsupported version {version} (this reader knows version {Bmes.Version})", 4);
        }

        var flags = (BmesFlags)BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]);
        if ((flags & ~BmesFlags.All) != 0)
        {
            throw new BmesFormatException($"unknown flag bits 0x{(uint)(flags & ~BmesFlags.All):x8}", 8);
        }

        uint totalLength = BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
        if (totalLength != (uint)blob.Length)
        {
            throw new BmesFormatException(
                totalLength > (uint)blob.Length
                    ? $"truncated: header says {totalLength} bytes, only {blob.Length} present"
                    : $"header says {totalLength} bytes but {blob.Length} are present",
                12);
        }

        int bodyEnd = blob.Length - Bmes.TrailerSize;
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(blob[bodyEnd..]);
        ulong computed = XxHash3.HashToUInt64(blob[..bodyEnd]);
        if (stored != computed)
        {
            throw new BmesFormatException($"checksum mismatch: stored {stored:x16}, computed {computed:x16}", bodyEnd);
        }

        var cursor = new Cursor(blob[..bodyEnd], Bmes.FixedHeaderSize);
        var sourceHash = new ContentHash(blob.Slice(16, ContentHash.Size));
        ulong sourceLength = BinaryPrimitives.ReadUInt64LittleEndian(blob[48..]);
        if (sourceLength > int.MaxValue)
        {
            throw new BmesFormatException($"source length {sourceLength} is out of range", 48);
        }

        string analyzer = cursor.String("analyzer version", materialize)!;
        int producerAt = cursor.Position;
        string producer = cursor.String("bytecode producer", materialize)!;
        bool hasProducer = cursor.Position - producerAt > 4;
        int noteAt = cursor.Position;
        string note = cursor.String("bytecode note", materialize)!;
        bool hasNote = cursor.Position - noteAt > 4;

        int requestCount = cursor.Count("requested modules", minEntrySize: 8);
        var requests = materialize ? ImmutableArray.CreateBuilder<ModuleRequest>(requestCount) : null;
        for (int i = 0; i < requestCount; i++)
        {
            string specifier = cursor.String("module request specifier", materialize)!;
            int attributeCount = cursor.Count("import attributes", minEntrySize: 8);
            var attributes = materialize ? new ImportAttribute[attributeCount] : null;
            string? previousKey = null;
            for (int j = 0; j < attributeCount; j++)
            {
                int keyAt = cursor.Position;

                // Keys are decoded even when only validating: the sort order is part of the format.
                string key = cursor.String("import attribute key", materialize: true)!;
                if (previousKey is not null && string.CompareOrdinal(previousKey, key) >= 0)
                {
                    throw new BmesFormatException("import attribute keys are not sorted and unique", keyAt);
                }

                previousKey = key;
                string value = cursor.String("import attribute value", materialize)!;
                if (attributes is not null)
                {
                    attributes[j] = new ImportAttribute(key, value);
                }
            }

            requests?.Add(new ModuleRequest(specifier, attributes is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(attributes)));
        }

        int importCount = cursor.Count("import entries", minEntrySize: 12);
        var imports = materialize ? new ImportEntry[importCount] : null;
        for (int i = 0; i < importCount; i++)
        {
            int request = cursor.Index("import entry module request", requestCount);
            string? importName = cursor.NullableString("import entry import name", materialize);
            string localName = cursor.String("import entry local name", materialize)!;
            if (imports is not null)
            {
                imports[i] = new ImportEntry(request, importName, localName);
            }
        }

        int localCount = cursor.Count("local export entries", minEntrySize: 8);
        var locals = materialize ? new LocalExportEntry[localCount] : null;
        for (int i = 0; i < localCount; i++)
        {
            string exportName = cursor.String("local export name", materialize)!;
            string localName = cursor.String("local export local name", materialize)!;
            if (locals is not null)
            {
                locals[i] = new LocalExportEntry(exportName, localName);
            }
        }

        int indirectCount = cursor.Count("indirect export entries", minEntrySize: 12);
        var indirects = materialize ? new IndirectExportEntry[indirectCount] : null;
        for (int i = 0; i < indirectCount; i++)
        {
            string exportName = cursor.String("indirect export name", materialize)!;
            int request = cursor.Index("indirect export module request", requestCount);
            string? importName = cursor.NullableString("indirect export import name", materialize);
            if (indirects is not null)
            {
                indirects[i] = new IndirectExportEntry(exportName, request, importName);
            }
        }

        int starCount = cursor.Count("star export entries", minEntrySize: 4);
        var stars = materialize ? new StarExportEntry[starCount] : null;
        for (int i = 0; i < starCount; i++)
        {
            int request = cursor.Index("star export module request", requestCount);
            if (stars is not null)
            {
                stars[i] = new StarExportEntry(request);
            }
        }

        int dynamicCount = cursor.Count("dynamic imports", minEntrySize: 4);
        var dynamics = materialize ? new DynamicImport[dynamicCount] : null;
        for (int i = 0; i < dynamicCount; i++)
        {
            string? specifier = cursor.NullableString("dynamic import specifier", materialize);
            if (dynamics is not null)
            {
                dynamics[i] = new DynamicImport(specifier);
            }
        }

        ModuleSyntaxError? syntaxError = null;
        if ((flags & BmesFlags.SyntaxError) != 0)
        {
            int errorAt = cursor.Position;
            string message = cursor.String("syntax error message", materialize)!;
            int line = cursor.Int("syntax error line");
            int column = cursor.Int("syntax error column");
            if (requestCount + importCount + localCount + indirectCount + starCount + dynamicCount != 0
                || (flags & (BmesFlags.TopLevelAwait | BmesFlags.UsesImportMeta | BmesFlags.Bytecode)) != 0)
            {
                throw new BmesFormatException("a syntax-error record must not carry entries, flags or bytecode", errorAt);
            }

            syntaxError = materialize ? new ModuleSyntaxError(message, line, column) : null;
        }

        int bytecodeAt = cursor.Position;
        int bytecodeLength = cursor.Count("bytecode", minEntrySize: 1);
        bool hasBytecode = (flags & BmesFlags.Bytecode) != 0;
        if (hasBytecode != (bytecodeLength > 0))
        {
            throw new BmesFormatException(
                hasBytecode ? "bytecode flag set but the bytecode section is empty" : "bytecode present but the bytecode flag is clear",
                bytecodeAt);
        }

        if (hasBytecode != hasProducer)
        {
            throw new BmesFormatException(hasBytecode ? "bytecode without a producer fingerprint" : "producer fingerprint without bytecode", producerAt);
        }

        if (hasBytecode && hasNote)
        {
            throw new BmesFormatException("bytecode note present although bytecode is present", noteAt);
        }

        int bytecodeStart = cursor.Position;
        cursor.Skip(bytecodeLength);
        if (cursor.Position != bodyEnd)
        {
            throw new BmesFormatException($"{bodyEnd - cursor.Position} unexpected bytes after the bytecode", cursor.Position);
        }

        if (!materialize)
        {
            return null;
        }

        return new ModuleRecord
        {
            SourceHash = sourceHash,
            SourceLength = (long)sourceLength,
            AnalyzerVersion = analyzer,
            BytecodeProducer = producer,
            BytecodeNote = note,
            RequestedModules = requests!.MoveToImmutable(),
            ImportEntries = ImmutableCollectionsMarshal.AsImmutableArray(imports),
            LocalExportEntries = ImmutableCollectionsMarshal.AsImmutableArray(locals),
            IndirectExportEntries = ImmutableCollectionsMarshal.AsImmutableArray(indirects),
            StarExportEntries = ImmutableCollectionsMarshal.AsImmutableArray(stars),
            HasTopLevelAwait = (flags & BmesFlags.TopLevelAwait) != 0,
            UsesImportMeta = (flags & BmesFlags.UsesImportMeta) != 0,
            DynamicImports = ImmutableCollectionsMarshal.AsImmutableArray(dynamics),
            SyntaxError = syntaxError,
            Bytecode = bytecodeLength == 0 ? ReadOnlyMemory<byte>.Empty : memory.Slice(bytecodeStart, bytecodeLength),
        };
    }

    private ref struct Cursor(ReadOnlySpan<byte> data, int position)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        public int Position = position;
        private uint U32(string what)
        {
            if (_data.Length - Position < 4)
            {
                throw new BmesFormatException($"truncated: {what} needs 4 bytes, {_data.Length - Position} left", Position);
            }

            uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data[Position..]);
            Position += 4;
            return value;
        }

        public int Int(string what)
        {
            int at = Position;
            uint value = U32(what);
            if (value > int.MaxValue)
            {
                throw new BmesFormatException($"{what} {value} is out of range", at);
            }

            return (int)value;
        }

        /// <summary>A count whose entries need at least <paramref name="minEntrySize"/> bytes each: checked before any allocation.</summary>
        public int Count(string what, int minEntrySize)
        {
            int at = Position;
            uint count = U32($"{what} count");
            long needed = (long)count * minEntrySize;
            if (needed > _data.Length - Position)
            {
                throw new BmesFormatException($"{what} count {count} needs at least {needed} bytes, {_data.Length - Position} left", at);
            }

            return (int)count;
        }

        public int Index(string what, int count)
        {
            int at = Position;
            uint index = U32(what);
            if (index >= (uint)count)
            {
                throw new BmesFormatException($"{what} {index} is outside the {count} requested modules", at);
            }

            return (int)index;
        }

        public void Skip(int length) => Position += length;

        public string? NullableString(string what, bool materialize) => ReadString(what, materialize, nullable: true);

        public string? String(string what, bool materialize) => ReadString(what, materialize, nullable: false);

        private string? ReadString(string what, bool materialize, bool nullable)
        {
            int at = Position;
            uint header = U32(what);
            if (header == BmesString.NullHeader)
            {
                if (!nullable)
                {
                    throw new BmesFormatException($"{what} is null where a string is required", at);
                }

                return null;
            }

            uint length = header >> 1;
            int kind = (int)(header & 1);
            if (length > (uint)(_data.Length - Position))
            {
                throw new BmesFormatException($"truncated: {what} of {length} bytes, {_data.Length - Position} left", at);
            }

            var payload = _data.Slice(Position, (int)length);
            if (kind == 0)
            {
                if (!Utf8.IsValid(payload))
                {
                    throw new BmesFormatException($"{what} is not valid UTF-8", at);
                }
            }
            else if ((length & 1) != 0)
            {
                throw new BmesFormatException($"{what} has an odd UTF-16 byte length {length}", at);
            }

            Position += (int)length;
            if (!materialize)
            {
                return "";
            }

            return kind == 0 ? Encoding.UTF8.GetString(payload) : Utf16(payload);
        }

        private static string Utf16(ReadOnlySpan<byte> payload)
        {
            if (BitConverter.IsLittleEndian)
            {
                return new string(MemoryMarshal.Cast<byte, char>(payload));
            }

            var chars = new char[payload.Length / 2];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(payload[(2 * i)..]);
            }

            return new string(chars);
        }
    }
}
